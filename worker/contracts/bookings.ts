// Booking requests and answers, shared by the worker and the PWA (the offline
// outbox stores these bodies and replays them).
import * as v from "valibot";
import { BookingAbonement } from "./abonements.js";
import { CertificateCode } from "./certificates.js";
import { Money } from "./catalog.js";
import { Phone } from "./auth.js";
import { BodyId, DateTime, MoneyMinor } from "./common.js";
import { PaymentStatus } from "./payments.js";
import { BookingDiscount, PromoCodeText } from "./promo.js";

const PositiveId = BodyId;

/** Salon wall time or an instant with an offset (see DateTime). */
export const AppointmentDateTime = DateTime("appointment_datetime");

export const CreateBookingBody = v.object({
  service_id: PositiveId,
  staff_id: v.union([PositiveId, v.literal("any")], "staff_id must be a master's id or \"any\""),
  appointment_datetime: AppointmentDateTime,
  phone: v.optional(Phone),
  customer_name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
  notes: v.optional(v.pipe(v.string(), v.maxLength(1000, "notes must be at most 1000 characters"))),
  additional_services: v.optional(v.pipe(v.array(PositiveId), v.maxLength(10)), []),
  /** certificates: a gift certificate pays part or all of the price (money.certificate_used, money.left_to_pay). */
  certificate_code: v.optional(CertificateCode),
  /** A promo code: `price` in the answer is after its discount; one that does not apply is 422 `promo_code_invalid`. */
  promo_code: v.optional(PromoCodeText),
  /**
   * abonements: the caller's own active abonement pays the service's price
   * (add-ons are paid as usual; no promo code or certificate with it). A visit
   * is reserved at booking and spent on completion (money.abonement_used).
   */
  abonement_id: v.optional(BodyId),
});
export type CreateBookingBody = v.InferOutput<typeof CreateBookingBody>;

/**
 * How our booking reached the salon: sent at once, or replayed from the PWA's
 * offline outbox. A header, not a body field: a replay of an Idempotency-Key
 * whose first send did get through must hash the same and return that booking.
 */
export const BookingOrigin = v.picklist(["online", "offline"], "X-Booking-Origin is online or offline");
export type BookingOrigin = v.InferOutput<typeof BookingOrigin>;
export const BookingOriginHeader = v.object({
  "X-Booking-Origin": v.optional(
    v.pipe(BookingOrigin, v.description("`offline` when the PWA's offline outbox replays the request; `online` (the default) otherwise")),
  ),
});

export const BookingStatus = v.picklist(["held", "pending", "confirmed", "cancelled", "completed", "no_show"]);

/**
 * A refund after a cancellation: `failed` when the provider refused it or could
 * not be reached; `retrying` then says the salon's cron sends it again.
 */
export const BookingRefund = v.object({
  amount: Money,
  status: v.picklist(["pending", "succeeded", "failed"]),
  retrying: v.boolean(),
});

/** Money of a booking as the customer sees it: what was paid, what is left, what comes back. */
export const BookingMoney = v.object({
  /** Paid through the payment provider (succeeded payments). */
  paid: Money,
  /** Loyalty points spent on the prepayment (1 point = 1 minor unit). */
  points_used: v.number(),
  /** certificates: what a gift certificate paid of the price (absent when none did). */
  certificate_used: v.optional(Money),
  /** abonements: the abonement that pays the service's price (absent when none does). */
  abonement_used: v.optional(BookingAbonement),
  /** The price less what was paid, the points, a certificate and an abonement: what is paid at the salon. */
  left_to_pay: Money,
  /** The latest payment attempt: `canceled` is a declined one (the hold stays; pay again). */
  last_payment: v.nullable(v.object({ id: v.number(), status: PaymentStatus })),
  refund: v.nullable(BookingRefund),
});
export type BookingMoney = v.InferOutput<typeof BookingMoney>;

/** Where a booking sits in its series (a recurring booking made by staff): "3 of 10". */
export const BookingSeriesRef = v.object({ id: v.number(), position: v.number(), count: v.number() });

export const Booking = v.object({
  id: v.number(),
  status: BookingStatus,
  channel: v.picklist(["internal", "yclients"]),
  /** `offline`: replayed from the PWA's offline outbox (the back office colours it). */
  origin: BookingOrigin,
  service: v.nullable(v.object({ id: v.number(), name: v.string() })),
  staff: v.nullable(v.object({ id: v.number(), name: v.string() })),
  start_at: v.string(),
  /** End of the time held for the visit, the service's clean-up buffer included. */
  end_at: v.string(),
  local_date: v.string(),
  local_time: v.string(),
  /** The visit itself as booked: the master's own duration (add-ons included), without the buffer. */
  duration_min: v.number(),
  addons: v.array(v.object({ id: v.number(), name: v.string(), duration_min: v.number(), price: Money })),
  /** What the customer pays for the visit: after a promo code's discount, when one was applied. */
  price: Money,
  /** promo: the discount in `price` (null: none). Optional only so copies the PWA saved before it existed still read. */
  discount: v.optional(v.nullable(BookingDiscount)),
  /**
   * No-show protection: the salon rule that made `prepayment` a deposit
   * (`new_client`, `no_shows`, `service`); a cancel within the salon's window
   * refunds it, a late cancel or a no-show keeps it. Null: an ordinary prepayment.
   */
  deposit_rule: v.optional(v.nullable(v.picklist(["new_client", "no_shows", "service"]))),
  prepayment: v.nullable(Money),
  hold_expires_at: v.nullable(v.string()),
  /** Optional only so copies the PWA saved before it existed still read. */
  money: v.optional(BookingMoney),
  phone: v.string(),
  customer_name: v.nullable(v.string()),
  notes: v.nullable(v.string()),
  cancel_reason: v.nullable(v.string()),
  needs_attention: v.nullable(v.string()),
  created_at: v.string(),
  /** visits: the visit (several services booked together) this booking is part of. */
  visit_id: v.optional(v.nullable(v.number())),
  /** series: the recurring booking this is one date of (null: none; absent where the answer was built without reading it). */
  series: v.optional(v.nullable(BookingSeriesRef)),
  /** Rooms and machines the booking holds, with the unit (room 1, room 2…) it got. */
  resources: v.optional(v.array(v.object({ id: v.number(), name: v.string(), kind: v.picklist(["room", "equipment"]), unit: v.number() }))),
  /** classes: the class session this booking is a seat of. */
  class_id: v.optional(v.nullable(v.number())),
});
export type Booking = v.InferOutput<typeof Booking>;

export const AlternativeSlot = v.object({
  staff_id: v.number(),
  staff_name: v.string(),
  date: v.string(),
  time: v.string(),
  start_at: v.string(),
});
export type AlternativeSlot = v.InferOutput<typeof AlternativeSlot>;

/** `details` of a 409 slot_taken. */
export const SlotTakenDetails = v.object({
  alternatives: v.object({ same_staff: v.array(AlternativeSlot), other_staff: v.array(AlternativeSlot) }),
});

/** The reasons a customer may give for cancelling; anything else is the salon's to write. */
export const customerCancelReasons = ["changed_plans", "found_other_time", "other"] as const;

/**
 * Reasons only the system writes: each changes what follows a cancel
 * (`hold_expired` hides it from the client card and skips messages and
 * refunds; `account_deleted` refunds by the customer's policy; the YClients
 * ones and `visit_incomplete` mark a channel's or a visit's own undoing), so
 * no request may send them.
 */
export const systemCancelReasons = ["hold_expired", "account_deleted", "yclients_deleted", "yclients_missing", "visit_incomplete", "cancelled_by_customer", "cancelled_by_salon"];

/** A cancel's reason as a request may give it: staff write their own words; customers pick from customerCancelReasons (checked with the caller). */
export const CancelReason = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1),
  v.maxLength(500),
  v.check((r) => !systemCancelReasons.includes(r), `is written by the system only; customers choose one of ${customerCancelReasons.join(", ")}`),
  v.description(`Customers: one of ${customerCancelReasons.map((r) => `\`${r}\``).join(", ")}. Staff: their own words (not a system reason such as \`hold_expired\`).`),
);

/** A move to a master whose own price is higher happens only when the request names that price. */
export const AcceptPriceMinor = v.pipe(
  MoneyMinor,
  v.description("The new total (minor units) the customer agreed to, as 409 `price_changed` gave it in `details.new_price_minor`"),
);

/** `details` of a 409 price_changed: the move was not made. */
export const PriceChangedDetails = v.object({
  old_price_minor: v.number(),
  new_price_minor: v.number(),
  currency: v.string(),
  staff_id: v.number(),
});

export const UpdateBookingBody = v.variant("action", [
  v.object({ action: v.literal("cancel"), reason: v.optional(CancelReason) }),
  v.object({
    action: v.literal("reschedule"),
    appointment_datetime: AppointmentDateTime,
    staff_id: v.optional(v.union([PositiveId, v.literal("any")])),
    accept_price_minor: v.optional(AcceptPriceMinor),
  }),
  v.object({ action: v.literal("complete") }),
  v.object({ action: v.literal("no_show") }),
]);
export type UpdateBookingBody = v.InferOutput<typeof UpdateBookingBody>;

export const BookingEnvelope = v.object({ booking: Booking });
export const BookingListResult = v.object({
  bookings: v.array(Booking),
  /** The page asked for (optional only so lists the PWA saved before they existed still read). */
  limit: v.optional(v.number()),
  offset: v.optional(v.number()),
  next_offset: v.optional(v.nullable(v.number())),
});
