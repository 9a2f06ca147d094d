// Several services in one visit: requests and answers, shared by the worker
// and the PWA.
import { BookingQuote, PromoCodeText } from "./promo.js";
import { CertificateCode } from "./certificates.js";
import * as v from "valibot";
import { AppointmentDateTime, Booking, CancelReason } from "./bookings.js";
import { Money } from "./catalog.js";
import { BodyId, CalendarDate } from "./common.js";

const PositiveId = BodyId;

export const MAX_VISIT_ITEMS = 5;

export const VisitItem = v.object({
  service_id: PositiveId,
  staff_id: v.optional(v.union([PositiveId, v.literal("any")], "staff_id must be a master's id or \"any\""), "any"),
  additional_services: v.optional(v.pipe(v.array(PositiveId), v.maxLength(10)), []),
});
export type VisitItem = v.InferOutput<typeof VisitItem>;

const VisitItems = v.pipe(
  v.array(VisitItem),
  v.minLength(2, "a visit has at least two services (book one with POST /bookings)"),
  v.maxLength(MAX_VISIT_ITEMS, `a visit has at most ${MAX_VISIT_ITEMS} services`),
);

export const CreateVisitBody = v.object({
  items: VisitItems,
  /** When the first service starts; each next one starts when the one before ends (its clean-up included). */
  appointment_datetime: AppointmentDateTime,
  notes: v.optional(v.pipe(v.string(), v.maxLength(1000, "notes must be at most 1000 characters"))),
  /** promo: one use per visit, on the first service the code covers; 422 `promo_code_invalid` when it applies to none. */
  promo_code: v.optional(PromoCodeText),
  /** certificates: pays the items in order (after the promo discount), up to its balance; a service certificate pays only its service's items. */
  certificate_code: v.optional(CertificateCode),
  /** abonements: the customer's own abonement pays each item whose service and master it covers, up to its visits left (a once-a-day membership: one item a day); the rest is paid as usual. Takes no promo code or certificate. */
  abonement_id: v.optional(BodyId),
});
export type CreateVisitBody = v.InferOutput<typeof CreateVisitBody>;

/** POST /visits/quote: each placed item priced as POST /visits would price it, before the customer commits. */
export const VisitQuoteBody = v.object({
  items: v.pipe(
    v.array(v.object({ service_id: PositiveId, staff_id: PositiveId, additional_services: v.optional(v.pipe(v.array(PositiveId), v.maxLength(10)), []) })),
    v.minLength(2, "a visit has at least two services"),
    v.maxLength(MAX_VISIT_ITEMS, `a visit has at most ${MAX_VISIT_ITEMS} services`),
  ),
  /** The salon date of the visit; today when absent. */
  date: v.optional(CalendarDate),
  /** abonements: the items it would pay carry `abonement` (as POST /visits will pay them). */
  abonement_id: v.optional(BodyId),
});
export type VisitQuoteBody = v.InferOutput<typeof VisitQuoteBody>;
export const VisitQuote = v.object({
  /** Per item in the request's order: its price and what it asks ahead (its prepayment, or the no-show deposit with `deposit_rule`). */
  items: v.array(BookingQuote),
  /** Due before the visit for all items together; null when nothing is. */
  prepayment: v.nullable(Money),
});
export type VisitQuote = v.InferOutput<typeof VisitQuote>;
export const VisitQuoteEnvelope = v.object({ quote: VisitQuote });

export const VisitStatus = v.picklist(["reserving", "booked", "failed"]);

export const Visit = v.object({
  id: v.number(),
  status: VisitStatus,
  /** The visit's bookings in time order: each with its own master, time, price and prepayment. */
  bookings: v.array(Booking),
  total: Money,
  /** Sum of the items' prepayments; null when nothing is due before the visit. */
  prepayment: v.nullable(Money),
  start_at: v.string(),
  end_at: v.string(),
});
export type Visit = v.InferOutput<typeof Visit>;
export const VisitEnvelope = v.object({ visit: Visit });

export const UpdateVisitBody = v.object({
  action: v.literal("cancel"),
  reason: v.optional(CancelReason),
});
export type UpdateVisitBody = v.InferOutput<typeof UpdateVisitBody>;

/** One placed item of a sequence slot. */
export const VisitSlotItem = v.object({
  service_id: v.number(),
  staff_id: v.number(),
  start_at: v.string(),
  end_at: v.string(),
  duration: v.number(),
  local_time: v.string(),
});

export const VisitSlot = v.object({
  time: v.string(),
  start_at: v.string(),
  items: v.array(VisitSlotItem),
});
export type VisitSlot = v.InferOutput<typeof VisitSlot>;

export const VisitDaySlots = v.object({
  date: v.string(),
  status: v.string(),
  time_zone: v.string(),
  /** Only the start times where the whole sequence fits. */
  slots: v.array(VisitSlot),
});
export type VisitDaySlots = v.InferOutput<typeof VisitDaySlots>;

/** An alternative start for a visit whose time was taken (`details.alternatives` of a 409). */
export const VisitAlternative = v.object({ date: v.string(), time: v.string(), start_at: v.string(), items: v.array(VisitSlotItem) });
export type VisitAlternative = v.InferOutput<typeof VisitAlternative>;

/**
 * GET /booking/visit-slots: `items` is `service[:staff][/addon…]` per item,
 * comma separated, e.g. `3:2,5:any/7` (service 3 with master 2, then service
 * 5 with any master and add-on 7).
 */
export const VisitSlotsQuery = v.object({
  items: v.pipe(
    v.string(),
    v.regex(/^\d+(:(\d+|any))?(\/\d+)*(,\d+(:(\d+|any))?(\/\d+)*)*$/, "items is service[:staff|any][/addon…], comma separated, e.g. 3:2,5:any/7"),
    v.transform(parseItemsParam),
    VisitItems,
  ),
  date: v.optional(CalendarDate),
  /** With `from`/`days`: per-day counts of whole-visit starts (calendar dots) instead of one day's slots. */
  from: v.optional(CalendarDate),
  days: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, "days is a number"), v.transform(Number), v.minValue(1), v.maxValue(31, "at most 31 days"))),
});

export const VisitDayCounts = v.object({
  from: v.string(),
  time_zone: v.string(),
  days: v.array(v.object({ date: v.string(), status: v.string(), available: v.number() })),
});
export type VisitDayCounts = v.InferOutput<typeof VisitDayCounts>;

export function parseItemsParam(value: string): v.InferInput<typeof VisitItem>[] {
  return value.split(",").map((part) => {
    const [head, ...addons] = part.split("/");
    const [service, staff] = head!.split(":");
    return {
      service_id: Number(service),
      staff_id: staff === undefined || staff === "any" ? ("any" as const) : Number(staff),
      additional_services: addons.map(Number),
    };
  });
}

/** The `items` query value of these items (the inverse of parseItemsParam). */
export function itemsParam(items: v.InferInput<typeof VisitItem>[]): string {
  return items.map((i) => `${i.service_id}:${i.staff_id ?? "any"}${(i.additional_services ?? []).map((a) => `/${a}`).join("")}`).join(",");
}
