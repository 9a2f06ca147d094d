// Catalog responses, shared by the worker (to type its answers) and the PWA
// (to validate what it reads from the network or from IndexedDB).
import * as v from "valibot";

export const Money = v.object({
  amount_minor: v.pipe(v.number(), v.integer()),
  currency: v.pipe(v.string(), v.length(3)),
});
export type Money = v.InferOutput<typeof Money>;

export const BookingMethod = v.picklist(["internal", "yclients"]);
export type BookingMethod = v.InferOutput<typeof BookingMethod>;

export const Prepayment = v.object({
  kind: v.picklist(["none", "deposit_fixed", "deposit_percent", "full"]),
  /** minor units for deposit_fixed, percent for deposit_percent, 0 otherwise */
  value: v.pipe(v.number(), v.integer()),
});

export const Category = v.object({
  id: v.number(),
  name: v.string(),
  sort_order: v.number(),
});
export type Category = v.InferOutput<typeof Category>;

export const Addon = v.object({
  id: v.number(),
  name: v.string(),
  duration_min: v.number(),
  price: Money,
});

export const Service = v.object({
  id: v.number(),
  name: v.string(),
  description: v.nullable(v.string()),
  category: v.nullable(v.object({ id: v.number(), name: v.string() })),
  duration_min: v.number(),
  price: Money,
  booking_method: BookingMethod,
  is_addon: v.boolean(),
  /** A group class: booked by the seat in its sessions (GET /classes), not on the slot grid. Optional so copies saved before classes still read. */
  is_class: v.optional(v.boolean()),
  prepayment: Prepayment,
  addons: v.array(Addon),
});
export type Service = v.InferOutput<typeof Service>;

export const StaffMember = v.object({
  id: v.number(),
  name: v.string(),
  specialization: v.nullable(v.string()),
  photo_url: v.nullable(v.string()),
  /** Optional so copies saved before profiles existed still read. */
  bio: v.optional(v.nullable(v.string())),
  service_ids: v.array(v.number()),
});
export type StaffMember = v.InferOutput<typeof StaffMember>;

export const ServiceList = v.object({
  categories: v.array(Category),
  services: v.array(Service),
});
export type ServiceList = v.InferOutput<typeof ServiceList>;

/** Own price and duration of one master for one service, when they differ from the service's. */
export const OwnTerms = v.object({ price: Money, duration_min: v.number() });

export const ServiceDetail = v.object({
  service: Service,
  staff: v.array(
    v.object({
      ...StaffMember.entries,
      /** This master's own price and duration for the service, when they differ from the service's. */
      own_terms: v.optional(v.nullable(OwnTerms)),
    }),
  ),
});
export type ServiceDetail = v.InferOutput<typeof ServiceDetail>;

export const StaffList = v.object({ staff: v.array(StaffMember) });
export type StaffList = v.InferOutput<typeof StaffList>;

export const StaffDetail = v.object({
  staff: StaffMember,
  services: v.array(v.object({ ...Service.entries, own_terms: v.optional(v.nullable(OwnTerms)) })),
});
export type StaffDetail = v.InferOutput<typeof StaffDetail>;

export const ApiError = v.object({
  error: v.object({
    code: v.string(),
    message: v.string(),
    details: v.optional(v.unknown()),
  }),
});
export type ApiError = v.InferOutput<typeof ApiError>;

/** What a customer needs to know about the salon itself. */
export const Salon = v.object({
  name: v.string(),
  address: v.nullable(v.string()),
  phone: v.nullable(v.string()),
  time_zone: v.string(),
  currency: v.string(),
  slot_step_min: v.number(),
  /** Where start times count from: each working period's start, or the clock (worker/booking/README.md, "Grid"). Optional only so copies the PWA saved before it existed still read. */
  slot_grid: v.optional(v.picklist(["period_start", "clock"])),
  cancellation_window_hours: v.number(),
  refund_full_hours: v.number(),
  refund_late_percent: v.number(),
  /** How many days ahead customers can book (the calendar's last day). */
  horizon_days: v.optional(v.number()),
  /** Opening hours as the salon writes them, e.g. "Ежедневно 10:00–21:00". */
  opening_hours: v.optional(v.nullable(v.string())),
  /** A map link chosen by the salon; null: the app links a map search for the address. */
  map_url: v.optional(v.nullable(v.string())),
  /**
   * receipts (54-FZ): the contact a payment's fiscal receipt needs, which the
   * booking form asks for before paying: "email" (YooKassa's receipts service
   * mails them), "email_or_phone" (the salon's own till); null: no receipts.
   */
  receipt_contact: v.optional(v.nullable(v.picklist(["email", "email_or_phone"]))),
});
export type Salon = v.InferOutput<typeof Salon>;
