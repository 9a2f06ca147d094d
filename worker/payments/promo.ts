// Promo codes at quote time: whether a code applies to this booking, and what
// it takes off the price. Pure: the booking flows read the code with the rest
// of their read batch (repo/promo.ts promoForBooking) and call these.
import type { PromoRefusal } from "../contracts/promo.js";
import { AppError } from "../errors.js";
import type { PromoForBooking, PromoRow, PromoUse } from "../repo/promo.js";

export function promoRefused(code: string, reason: PromoRefusal): AppError {
  const why: Record<PromoRefusal, string> = {
    unknown: "There is no such promo code",
    inactive: "This promo code is switched off",
    not_started: "This promo code is not valid yet on that date",
    expired: "This promo code has expired",
    exhausted: "This promo code has been used up",
    customer_limit: "You have already used this promo code as many times as it allows",
    not_first_visit: "This promo code is for a first visit only",
    service_not_covered: "This promo code does not apply to this service",
    master_not_covered: "This promo code does not apply to this master",
  };
  return new AppError("promo_code_invalid", `${why[reason]}: ${code}`, { promo_code: code, reason });
}

/** What takes a code off this total: a percent (rounded down to whole kopecks) or a fixed amount, never past the total. */
export function discountOf(promo: Pick<PromoRow, "percentOff" | "amountOffMinor">, totalMinor: number): number {
  if (promo.percentOff !== null) return Math.min(totalMinor, Math.floor((totalMinor * promo.percentOff) / 100));
  return Math.min(totalMinor, promo.amountOffMinor ?? 0);
}

/**
 * The code's rules that do not depend on the master: throws 422
 * promo_code_invalid with the reason. `date` is the visit's salon date.
 */
export function ensurePromoApplies(code: string, found: PromoForBooking | null, serviceId: number, date: string): PromoForBooking {
  if (!found) throw promoRefused(code, "unknown");
  const { promo } = found;
  if (!promo.active) throw promoRefused(code, "inactive");
  if (promo.validFrom !== null && date < promo.validFrom) throw promoRefused(code, "not_started");
  if (promo.validTo !== null && date > promo.validTo) throw promoRefused(code, "expired");
  if (promo.serviceIds.length > 0 && !promo.serviceIds.includes(serviceId)) throw promoRefused(code, "service_not_covered");
  if (promo.totalLimit !== null && found.totalUses >= promo.totalLimit) throw promoRefused(code, "exhausted");
  if (promo.perCustomerLimit !== null && found.customerUses >= promo.perCustomerLimit) throw promoRefused(code, "customer_limit");
  if (promo.firstVisitOnly && found.customerVisits > 0) throw promoRefused(code, "not_first_visit");
  return found;
}

export const coversMaster = (promo: Pick<PromoRow, "staffIds">, staffId: number) => promo.staffIds.length === 0 || promo.staffIds.includes(staffId);

/** Of the masters free for the time, those the code covers; 422 when it covers none of them. */
export function mastersForPromo<T extends { staffId: number }>(code: string, promo: PromoRow, free: T[]): T[] {
  const covered = free.filter((f) => coversMaster(promo, f.staffId));
  if (free.length > 0 && covered.length === 0) throw promoRefused(code, "master_not_covered");
  return covered;
}

/** The use a booking at this master's total writes (its discount and the price before it). */
export function promoUseFor(promo: PromoRow, totalMinor: number): PromoUse {
  return { promoCodeId: promo.id, discountMinor: discountOf(promo, totalMinor), priceBeforeMinor: totalMinor };
}
