// Promo codes: the back office's definitions, the quote the PWA shows before
// booking, and the discount a booking carries. Shared by the worker and the PWA.
import * as v from "valibot";
import { Money } from "./catalog.js";
import { BodyId, CalendarDate, MoneyMinor } from "./common.js";

/** Letters, digits, dash and underscore; matched case-insensitively. */
export const PromoCodeText = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^[A-Za-z0-9_-]{3,32}$/, "promo codes are 3–32 letters, digits, - or _"),
);

/** Why a code cannot be used for this booking: `details.reason` of 422 `promo_code_invalid`. */
export const promoRefusals = [
  "unknown",
  "inactive",
  "not_started",
  "expired",
  "exhausted",
  "customer_limit",
  "not_first_visit",
  "service_not_covered",
  "master_not_covered",
] as const;
export type PromoRefusal = (typeof promoRefusals)[number];

export const PromoInvalidDetails = v.object({ promo_code: v.string(), reason: v.picklist(promoRefusals) });

const Limit = v.pipe(v.number(), v.integer("limits are whole numbers"), v.minValue(1), v.maxValue(1_000_000));
const Ids = v.pipe(v.array(BodyId), v.maxLength(200));

const PercentOff = v.pipe(v.number(), v.integer("percent_off is a whole number"), v.minValue(1), v.maxValue(100));
const AmountOff = v.pipe(MoneyMinor, v.minValue(1));

export const CreatePromoBody = v.pipe(
  v.object({
    code: PromoCodeText,
    percent_off: v.optional(PercentOff),
    amount_off_minor: v.optional(AmountOff),
    /** Empty or absent: every service. */
    service_ids: v.optional(Ids, []),
    /** Empty or absent: every master. */
    staff_ids: v.optional(Ids, []),
    /** Salon dates, both inclusive. */
    valid_from: v.optional(v.nullable(CalendarDate), null),
    valid_to: v.optional(v.nullable(CalendarDate), null),
    first_visit_only: v.optional(v.boolean(), false),
    total_limit: v.optional(v.nullable(Limit), null),
    per_customer_limit: v.optional(v.nullable(Limit), null),
    active: v.optional(v.boolean(), true),
  }),
  v.check((b) => (b.percent_off === undefined) !== (b.amount_off_minor === undefined), "give exactly one of percent_off and amount_off_minor"),
  v.check((b) => !b.valid_from || !b.valid_to || b.valid_from <= b.valid_to, "valid_from must not be after valid_to"),
);
export type CreatePromoBody = v.InferOutput<typeof CreatePromoBody>;

/**
 * What may change on a code, everything but its text. A new discount applies
 * to bookings from then on: uses already given keep the discount stored with
 * them, so past prices and the revenue given away stay as they were.
 */
export const UpdatePromoBody = v.pipe(
  v.object({
    /** Switches the code to this percent off (no longer an amount). */
    percent_off: v.optional(PercentOff),
    /** Switches the code to this amount off (no longer a percent). */
    amount_off_minor: v.optional(AmountOff),
    active: v.optional(v.boolean()),
    total_limit: v.optional(v.nullable(Limit)),
    per_customer_limit: v.optional(v.nullable(Limit)),
    valid_from: v.optional(v.nullable(CalendarDate)),
    valid_to: v.optional(v.nullable(CalendarDate)),
    service_ids: v.optional(Ids),
    staff_ids: v.optional(Ids),
    first_visit_only: v.optional(v.boolean()),
  }),
  v.check((b) => b.percent_off === undefined || b.amount_off_minor === undefined, "give at most one of percent_off and amount_off_minor"),
);
export type UpdatePromoBody = v.InferOutput<typeof UpdatePromoBody>;

export const PromoCode = v.object({
  id: v.number(),
  code: v.string(),
  percent_off: v.nullable(v.number()),
  amount_off: v.nullable(Money),
  service_ids: v.array(v.number()),
  staff_ids: v.array(v.number()),
  valid_from: v.nullable(v.string()),
  valid_to: v.nullable(v.string()),
  first_visit_only: v.boolean(),
  total_limit: v.nullable(v.number()),
  per_customer_limit: v.nullable(v.number()),
  active: v.boolean(),
  /** Uses held by bookings now (a cancel gives its use back). */
  uses: v.number(),
  /** The discounts of those uses: revenue given away. */
  given_away: Money,
  created_at: v.string(),
});
export type PromoCode = v.InferOutput<typeof PromoCode>;

export const PromoEnvelope = v.object({ promo_code: PromoCode });
export const PromoList = v.object({ promo_codes: v.array(PromoCode) });

/** The PWA's details step asks what a code does to this booking before the customer commits. */
export const PromoQuoteBody = v.object({
  promo_code: PromoCodeText,
  service_id: BodyId,
  staff_id: v.union([BodyId, v.literal("any")], "staff_id must be a master's id or \"any\""),
  additional_services: v.optional(v.pipe(v.array(BodyId), v.maxLength(10)), []),
  /** The salon date of the visit (the code's dates are checked against it); today when absent. */
  date: v.optional(CalendarDate),
});
export type PromoQuoteBody = v.InferOutput<typeof PromoQuoteBody>;

export const PromoQuote = v.object({
  promo_code: v.string(),
  price_before: Money,
  discount: Money,
  price: Money,
});
export type PromoQuote = v.InferOutput<typeof PromoQuote>;

/** The discount a booking was made with: `price` is after it, `price_before` before. */
export const BookingDiscount = v.object({
  promo_code: v.string(),
  amount: Money,
  price_before: Money,
});
export type BookingDiscount = v.InferOutput<typeof BookingDiscount>;

/** Statistics of the codes over a date range (salon dates of the visits): uses and revenue given away. */
export const PromoStats = v.object({
  from: v.string(),
  to: v.string(),
  uses: v.number(),
  given_away: Money,
  codes: v.array(v.object({ id: v.number(), code: v.string(), uses: v.number(), given_away: Money })),
});
export const PromoStatsQuery = v.object({ from: CalendarDate, to: CalendarDate });

/** POST /bookings/quote: what booking this would cost, before the customer commits. */
export const BookingQuoteBody = v.object({
  service_id: BodyId,
  staff_id: v.union([BodyId, v.literal("any")], "staff_id must be a master's id or \"any\""),
  additional_services: v.optional(v.pipe(v.array(BodyId), v.maxLength(10)), []),
  /** The salon date of the visit (a promo code's dates are checked against it); today when absent. */
  date: v.optional(CalendarDate),
  promo_code: v.optional(PromoCodeText),
  /** abonements: the caller's abonement to pay with (signed in); the quote shows what it covers. */
  abonement_id: v.optional(BodyId),
});
export type BookingQuoteBody = v.InferOutput<typeof BookingQuoteBody>;

export const DepositRule = v.picklist(["new_client", "no_shows", "service"]);

export const BookingQuote = v.object({
  /** The master priced (their own price where they have one); null for "any master". */
  staff_id: v.nullable(v.number()),
  price_before: Money,
  /** The promo code's discount; null without a code. */
  discount: v.nullable(v.object({ promo_code: v.string(), amount: Money })),
  /** What the booking will cost: after the discount. */
  price: Money,
  /** Due before the visit (the service's prepayment or the no-show deposit); null when nothing is. */
  prepayment: v.nullable(Money),
  /** The no-show rule that asks for a deposit; null when none does. */
  deposit_rule: v.nullable(DepositRule),
  /** A cancel at least this many hours before the visit refunds a deposit in full; later, or a no-show, keeps it. */
  deposit_refund_hours: v.number(),
  /** abonements: what the abonement pays (the service's price); `price` stays the full price. Absent without abonement_id. */
  abonement: v.optional(v.object({ abonement_id: v.number(), name: v.string(), covered: Money, left_to_pay: Money })),
});
export const BookingQuoteEnvelope = v.object({ quote: BookingQuote });
export type BookingQuote = v.InferOutput<typeof BookingQuote>;
