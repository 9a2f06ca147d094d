// Abonements (visit packages and memberships): requests and answers shared by
// the worker, the PWA and the back office.
//
// Routes (all under /api/v1):
//   GET    /abonement-types                     public: what is sold online      → AbonementTypeList
//   POST   /abonements {type_id}                signed in, Idempotency-Key       → 201 AbonementSale
//   GET    /me/abonements                       signed in                        → AbonementList
//   GET    /admin/abonement-types               admin                            → AbonementTypeList
//   POST   /admin/abonement-types               admin                            → 201 AbonementTypeEnvelope
//   PATCH  /admin/abonement-types/{id}          admin                            → AbonementTypeEnvelope
//   POST   /admin/abonements {type_id, phone}   admin, sold at the desk          → 201 AdminAbonementEnvelope
//   GET    /admin/abonements?status=&phone=&expiring_within_days=&limit=&offset=  → AdminAbonementList
//   GET    /admin/abonements/{id}               admin, with its uses and freezes → AdminAbonementDetail
//   POST   /admin/abonements/{id}/extend {expires_at, reason}                    → AdminAbonementEnvelope
//   POST   /admin/abonements/{id}/freeze {from, days, reason}                    → AdminAbonementEnvelope
//   POST   /admin/abonements/{id}/void {reason}                                  → AdminAbonementEnvelope
// Booking: POST /bookings and POST /bookings/quote take `abonement_id`.
//
// Refusals at booking (422, nothing is booked): abonement_not_found (not the
// caller's), abonement_not_active (awaiting payment, void, refunded),
// abonement_expired (on the visit's date), abonement_used_up, abonement_not_covering
// (service or master), abonement_frozen (the visit's date is in a freeze),
// abonement_daily_limit (a "once a day" membership already has that day),
// abonement_not_combinable (with promo_code or certificate_code).
// Staff: abonement_freeze_limit (422), abonement_freeze_over_booking (409, names the booking),
// abonement_type_unavailable (422: inactive type, or not sold online).
import * as v from "valibot";
import { Phone } from "./auth.js";
import { Money } from "./catalog.js";
import { BodyId, CalendarDate, DateTime, MoneyMinor, QueryCount } from "./common.js";

const Reason = v.pipe(v.string(), v.trim(), v.minLength(3, "reason is at least 3 characters"), v.maxLength(500));
const Named = v.object({ id: v.number(), name: v.string() });

export const AbonementKind = v.picklist(["visits", "unlimited"], "kind is visits or unlimited");
export const AbonementStatus = v.picklist(["awaiting_payment", "active", "void", "refunded", "canceled"]);
export const AbonementUseStatus = v.picklist(["reserved", "spent", "returned"]);

// ── types
export const AbonementType = v.object({
  id: v.number(),
  name: v.string(),
  kind: AbonementKind,
  /** visits: how many visits; null for unlimited. */
  visits_count: v.nullable(v.number()),
  /** visits: valid this many days from the sale; null for unlimited (one calendar month). */
  validity_days: v.nullable(v.number()),
  /** unlimited: at most one visit per salon day. */
  once_per_day: v.boolean(),
  price: Money,
  /** Covered services (at least one). */
  services: v.array(Named),
  /** Masters it may be used with; empty: every master. */
  staff: v.array(Named),
  /** Days of freeze (holiday) the holder may take in total; 0: none. */
  freeze_max_days: v.number(),
  active: v.boolean(),
  /** Offered in the PWA; false: sold at the desk only. */
  sold_online: v.boolean(),
});
export type AbonementType = v.InferOutput<typeof AbonementType>;
export const AbonementTypeList = v.object({ types: v.array(AbonementType) });
export const AbonementTypeEnvelope = v.object({ type: AbonementType });

const Count = (name: string, max: number) => v.pipe(v.number(), v.integer(`${name} is a whole number`), v.minValue(1, `${name} is at least 1`), v.maxValue(max, `${name} is at most ${max}`));
const FreezeMax = v.pipe(v.number(), v.integer("freeze_max_days is a whole number"), v.minValue(0), v.maxValue(365, "freeze_max_days is at most 365"));
const Price = v.pipe(MoneyMinor, v.minValue(100, "price_minor is at least 100 (1 ₽)"));
const ServiceIds = v.pipe(v.array(BodyId), v.minLength(1, "service_ids needs at least one service"), v.maxLength(50));
const StaffIds = v.pipe(v.array(BodyId), v.maxLength(100));

/** visits: visits_count and validity_days are required; unlimited: neither (valid one month). */
export const AbonementTypeBody = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, "name is empty"), v.maxLength(100)),
  kind: AbonementKind,
  visits_count: v.optional(Count("visits_count", 200)),
  validity_days: v.optional(Count("validity_days", 1000)),
  once_per_day: v.optional(v.boolean(), false),
  price_minor: Price,
  service_ids: ServiceIds,
  staff_ids: v.optional(StaffIds, []),
  freeze_max_days: v.optional(FreezeMax, 0),
  active: v.optional(v.boolean(), true),
  sold_online: v.optional(v.boolean(), true),
});
export type AbonementTypeBody = v.InferOutput<typeof AbonementTypeBody>;

/** Changes apply to abonements sold afterwards: a sold one keeps its type as sold. */
export const AbonementTypePatch = v.partial(
  v.object({
    name: AbonementTypeBody.entries.name,
    price_minor: Price,
    visits_count: Count("visits_count", 200),
    validity_days: Count("validity_days", 1000),
    once_per_day: v.boolean(),
    service_ids: ServiceIds,
    staff_ids: StaffIds,
    freeze_max_days: FreezeMax,
    active: v.boolean(),
    sold_online: v.boolean(),
  }),
);
export type AbonementTypePatch = v.InferOutput<typeof AbonementTypePatch>;

// ── sold abonements
export const AbonementUse = v.object({
  booking_id: v.number(),
  /** The visit's salon date and start instant. */
  visit_date: v.string(),
  start_at: v.string(),
  service: v.nullable(Named),
  status: AbonementUseStatus,
  /** What the abonement pays of the booking: the covered service's price. */
  covered: Money,
  /** The visit's share of the abonement's price. */
  value: Money,
});
export type AbonementUse = v.InferOutput<typeof AbonementUse>;

export const AbonementFreeze = v.object({ from: v.string(), to: v.string(), days: v.number(), reason: v.string(), created_at: v.string() });

export const Abonement = v.object({
  id: v.number(),
  type_id: v.nullable(v.number()),
  name: v.string(),
  kind: AbonementKind,
  status: AbonementStatus,
  visits: v.object({
    /** null: unlimited. */
    total: v.nullable(v.number()),
    /** Spent: completed visits, late cancels, no-shows (when the salon spends them). */
    used: v.number(),
    /** Booked visits not yet completed. */
    reserved: v.number(),
    /** total − used − reserved; null: unlimited. */
    left: v.nullable(v.number()),
  }),
  once_per_day: v.boolean(),
  price: Money,
  /** null while an online sale waits for its payment. */
  starts_at: v.nullable(v.string()),
  expires_at: v.nullable(v.string()),
  expired: v.boolean(),
  /** Whether today (salon date) is inside a freeze. */
  frozen: v.boolean(),
  frozen_days: v.number(),
  freeze_max_days: v.number(),
  freezes: v.array(AbonementFreeze),
  services: v.array(Named),
  /** Empty: every master. */
  staff: v.array(Named),
  sold_by: v.picklist(["desk", "online"]),
  end_reason: v.nullable(v.string()),
  /** The latest uses, newest first (at most 5; the admin detail has them all). */
  recent_uses: v.array(AbonementUse),
  created_at: v.string(),
});
export type Abonement = v.InferOutput<typeof Abonement>;
export const AbonementList = v.object({ abonements: v.array(Abonement) });

export const AdminAbonement = v.object({
  ...Abonement.entries,
  holder: v.object({ user_id: v.number(), name: v.nullable(v.string()), phone: v.nullable(v.string()) }),
});
export type AdminAbonement = v.InferOutput<typeof AdminAbonement>;
export const AdminAbonementEnvelope = v.object({ abonement: AdminAbonement });
export const AdminAbonementDetail = v.object({ abonement: AdminAbonement, uses: v.array(AbonementUse) });
export const AdminAbonementList = v.object({ abonements: v.array(AdminAbonement), limit: v.number(), offset: v.number(), total: v.number() });

export const AdminAbonementQuery = v.object({
  status: v.optional(AbonementStatus),
  phone: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(30))),
  /** Active ones whose expiry is within this many days from now. */
  expiring_within_days: v.optional(QueryCount("expiring_within_days", 3650)),
  limit: v.optional(QueryCount("limit", 200), "50"),
  offset: v.optional(QueryCount("offset", 1_000_000), "0"),
});

/** Sold at the desk and paid at the salon's till (the till fiscalises it; we send no receipt). */
export const DeskAbonementBody = v.object({
  type_id: BodyId,
  phone: Phone,
  /** The client's name, when the phone has no account yet. */
  name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
});
export type DeskAbonementBody = v.InferOutput<typeof DeskAbonementBody>;

/** Bought online by the signed-in customer for themself; paid in advance (advance receipt). */
export const BuyAbonementBody = v.object({ type_id: BodyId });
export type BuyAbonementBody = v.InferOutput<typeof BuyAbonementBody>;

export const AbonementSale = v.object({
  abonement: Abonement,
  payment: v.object({ status: v.picklist(["pending", "succeeded", "canceled"]), amount: Money, confirmation_url: v.nullable(v.string()) }),
});

export const AbonementExtendBody = v.object({ expires_at: DateTime("expires_at"), reason: Reason });
/** A holiday from `from` (salon date) for `days` days: the expiry moves by the days; no bookings on them. */
export const AbonementFreezeBody = v.object({ from: CalendarDate, days: Count("days", 365), reason: Reason });
export const AbonementVoidBody = v.object({ reason: Reason });

// ── booking with an abonement
/** What an abonement pays in a booking (the covered service's price; add-ons are paid as usual). */
export const BookingAbonement = v.object({ abonement_id: v.number(), name: v.string(), covered: Money });
export type BookingAbonement = v.InferOutput<typeof BookingAbonement>;

/** The back office's money summary: the abonement's part and its visit's state. */
export const AbonementMoney = v.object({
  abonement_id: v.number(),
  name: v.string(),
  covered_minor: v.number(),
  value_minor: v.number(),
  status: AbonementUseStatus,
});
export type AbonementMoney = v.InferOutput<typeof AbonementMoney>;
