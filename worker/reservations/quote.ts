// POST /bookings/quote: the price a booking would have, priced on the server
// exactly as POST /bookings will (the master's own price, the promo code's
// discount, the prepayment or the no-show deposit), so the details step shows
// the figures before the customer commits.
import type { User } from "../contracts/auth.js";
import type { BookingQuote, BookingQuoteBody } from "../contracts/promo.js";
import { instantToWall } from "../booking/zoned-time.js";
import { prepaymentOf } from "../booking/pricing.js";
import { allInOrder } from "../lib/all-in-order.js";
import type { Db } from "../repo/db.js";
import { depositFacts } from "../repo/deposit-facts.js";
import { promoForBooking } from "../repo/promo.js";
import { withDeposit } from "../payments/deposit-policy.js";
import { coversMaster, ensurePromoApplies, promoRefused, promoUseFor } from "../payments/promo.js";
import { candidatesFor, loadBookingContext, quoteFor, servicePriceFor } from "./context.js";
import { AppError } from "../errors.js";
import { wallTimeToInstant } from "../booking/zoned-time.js";
import { abonementForBooking } from "../repo/abonements.js";
import { usableAbonement } from "../payments/abonements.js";

export async function quoteBooking(db: Db, caller: User, body: BookingQuoteBody, now: Date): Promise<BookingQuote> {
  if (body.abonement_id !== undefined && body.promo_code !== undefined) {
    throw new AppError("abonement_not_combinable", "A booking paid with an abonement takes no promo code", { field: "promo_code" });
  }
  const [ctx, promoFound, facts, abonementFound] = await allInOrder([
    loadBookingContext(db, body.service_id, body.additional_services),
    body.promo_code ? promoForBooking(db, body.promo_code, { userId: caller.id }) : Promise.resolve(null),
    depositFacts(db, caller.id, now),
    body.abonement_id !== undefined ? abonementForBooking(db, body.abonement_id) : Promise.resolve(null),
  ] as const);
  const staffId = body.staff_id === "any" ? null : candidatesFor(ctx, body.staff_id)[0]!.id;
  const date = body.date ?? instantToWall(now, ctx.settings.timeZone).date;
  const promo = body.promo_code ? ensurePromoApplies(body.promo_code, promoFound, ctx.service.id, date).promo : null;
  if (promo && staffId !== null && !coversMaster(promo, staffId)) throw promoRefused(body.promo_code!, "master_not_covered");
  const quoted = staffId === null ? ctx.quote : quoteFor(ctx, staffId);
  const use = promo ? promoUseFor(promo, quoted.totalMinor) : null;
  const total = quoted.totalMinor - (use?.discountMinor ?? 0);
  // abonements: checked as the booking will be (on the visit's date; without a time, from the day's start).
  const dayStart = (wallTimeToInstant(date, "00:00", ctx.settings.timeZone) ?? now).toISOString();
  const startAt = dayStart > now.toISOString() ? dayStart : now.toISOString();
  const abonement = body.abonement_id === undefined ? null : usableAbonement(abonementFound, caller.id, { serviceId: ctx.service.id, staffId: staffId ?? "any", startAt, date });
  const covered = abonement ? Math.min(staffId === null ? ctx.service.priceMinor : servicePriceFor(ctx, staffId), total) : 0;
  const deposit = withDeposit(ctx.settings, caller.role === "customer" ? facts : null, ctx.service.id, total - covered, prepaymentOf(ctx.service, total - covered));
  const money = (amount_minor: number) => ({ amount_minor, currency: quoted.currency });
  return {
    staff_id: staffId,
    price_before: money(quoted.totalMinor),
    discount: promo && use ? { promo_code: promo.code, amount: money(use.discountMinor) } : null,
    price: money(total),
    prepayment: deposit.prepaymentMinor > 0 ? money(deposit.prepaymentMinor) : null,
    deposit_rule: deposit.depositRule,
    deposit_refund_hours: ctx.settings.refundFullHours,
    ...(abonement ? { abonement: { abonement_id: abonement.id, name: abonement.name, covered: money(covered), left_to_pay: money(total - covered) } } : {}),
  };
}
