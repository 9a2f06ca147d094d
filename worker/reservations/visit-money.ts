// The money rules a visit's items share with a single booking: which gift
// certificate may pay the visit and how its balance is shared out between the
// items, and what each item asks ahead (its prepayment or the salon's no-show
// deposit, also quoted before booking), and which items an abonement pays. The spends themselves go with
// each item's write in its master's ledger (repo/certificates.ts bookingSpendStatements, repo/abonements.ts
// abonementUseStatement), one per booking.
import { prepaymentOf } from "../booking/pricing.js";
import { AppError } from "../errors.js";
import { withDeposit } from "../payments/deposit-policy.js";
import { usableCertificate } from "../payments/certificates.js";
import type { CertificateRow } from "../repo/certificates.js";
import type { DepositFacts } from "../repo/deposit-facts.js";
import { type BookingContext, quoteFor, servicePriceFor } from "./context.js";
import type { VisitPlan } from "./visit-plan.js";
import type { User } from "../contracts/auth.js";
import type { VisitQuote, VisitQuoteBody } from "../contracts/visits.js";
import type { Db } from "../repo/db.js";
import { quoteBooking } from "./quote.js";
import { type AbonementForBooking, abonementForBooking, type AbonementRow } from "../repo/abonements.js";
import { usableAbonement } from "../payments/abonements.js";
import { loadSettings } from "../repo/settings.js";
import { wallTimeToInstant, instantToWall } from "../booking/zoned-time.js";

/** A placed item as an abonement sees it. */
export interface AbonementItem {
  serviceId: number;
  staffId: number;
  startAt: string;
  date: string;
}

/**
 * Which items (indexes) the holder's abonement pays, or the 422 naming why it
 * pays none. It pays the items whose service and master it covers, in the
 * request's order, up to the visits it has left; a once-a-day membership
 * pays one item per salon date (the first it covers that day). Items it does
 * not pay are paid as usual. Each paid item's visit is reserved again,
 * guarded, in that item's own write (racing bookings: the write refuses).
 */
export function abonementItems(found: AbonementForBooking | null, holderId: number, items: AbonementItem[]): { abonement: AbonementRow; paid: Set<number> } {
  const covers = (a: AbonementRow, item: AbonementItem) => a.serviceIds.includes(item.serviceId) && (a.staffIds.length === 0 || a.staffIds.includes(item.staffId));
  const covered = found ? items.flatMap((item, index) => (covers(found.abonement, item) ? [index] : [])) : [];
  // The first covered item (or the first item, to name what is missing) answers for the abonement as a single booking would.
  const abonement = usableAbonement(found, holderId, items[covered[0] ?? 0]!);
  let left = abonement.visitsTotal === null ? Infinity : abonement.visitsTotal - found!.counted;
  const days = new Set(found!.dates);
  const paid = new Set<number>();
  for (const index of covered) {
    const item = items[index]!;
    const frozen = found!.freezes.some((f) => f.from <= item.date && item.date <= f.to);
    if (left <= 0 || frozen || item.startAt >= abonement.expiresAt! || (abonement.oncePerDay && days.has(item.date))) continue;
    paid.add(index);
    days.add(item.date);
    left -= 1;
  }
  return { abonement, paid };
}

/**
 * The certificate that may pay this visit, or the 422 naming why not. A
 * certificate "for a service" needs an item of that service; the others
 * only need to be usable at all.
 */
export function visitCertificate(row: CertificateRow | null, plan: VisitPlan, now: Date): CertificateRow {
  const services = plan.contexts.map((ctx) => ctx.service.id);
  const service = row?.serviceId != null && services.includes(row.serviceId) ? row.serviceId : services[0]!;
  return usableCertificate(row, service, now);
}

/**
 * Shares a certificate's balance out over the items in the request's order:
 * `offer` gives the item the certificate with what is left of its balance
 * (null for an item it may not pay), `spent` takes off what the item's draft
 * used, so the parts never add up past the balance read.
 */
export function certificateShares(certificate: CertificateRow | null) {
  let left = certificate?.balanceMinor ?? 0;
  return {
    offer(serviceId: number): CertificateRow | null {
      if (!certificate || left <= 0) return null;
      if (certificate.serviceId !== null && certificate.serviceId !== serviceId) return null;
      return { ...certificate, balanceMinor: left };
    },
    spent(amountMinor: number) {
      left -= amountMinor;
    },
  };
}

/**
 * What an item asks ahead before any certificate: the service's prepayment, or the no-show deposit when larger;
 * of an item an abonement pays, only on what it leaves (the add-ons), as draftBooking prices it.
 */
export function dueAhead(ctx: BookingContext, staffId: number, deposit: DepositFacts | null, byAbonement = false): number {
  const total = quoteFor(ctx, staffId).totalMinor;
  const left = byAbonement ? total - Math.min(servicePriceFor(ctx, staffId), total) : total;
  return withDeposit(ctx.settings, deposit, ctx.service.id, left, prepaymentOf(ctx.service, left)).prepaymentMinor;
}

/**
 * POST /visits/quote: each item priced by the single booking's quote (the
 * master's own price, the no-show deposit for this customer), so the visit's
 * details step shows the deposits before the customer books.
 */
export async function quoteVisit(db: Db, caller: User, body: VisitQuoteBody, now: Date): Promise<VisitQuote> {
  const paid = body.abonement_id === undefined ? null : await quotedAbonementItems(db, caller, body, now);
  const items = await Promise.all(
    body.items.map((item, index) =>
      quoteBooking(db, caller, { service_id: item.service_id, staff_id: item.staff_id, additional_services: item.additional_services, date: body.date, ...(paid?.has(index) ? { abonement_id: body.abonement_id } : {}) }, now),
    ),
  );
  const due = items.reduce((sum, q) => sum + (q.prepayment?.amount_minor ?? 0), 0);
  return { items, prepayment: due > 0 ? { amount_minor: due, currency: items[0]!.price.currency } : null };
}

/** The items the abonement would pay, checked as POST /visits will (on the visit's date; from the day's start, or now if later). */
async function quotedAbonementItems(db: Db, caller: User, body: VisitQuoteBody, now: Date): Promise<Set<number>> {
  const [found, settings] = await Promise.all([abonementForBooking(db, body.abonement_id!), loadSettings(db)]);
  const zone = settings.timeZone;
  const date = body.date ?? instantToWall(now, zone).date;
  const dayStart = (wallTimeToInstant(date, "00:00", zone) ?? now).toISOString();
  const startAt = dayStart > now.toISOString() ? dayStart : now.toISOString();
  return abonementItems(found, caller.id, body.items.map((item) => ({ serviceId: item.service_id, staffId: item.staff_id, startAt, date }))).paid;
}

/** A racing booking or an abonement's visits taken meanwhile: nothing of the visit was booked. */
export const abonementRaced = () =>
  new AppError("abonement_used_up", "The abonement's visits changed meanwhile (booked by another request, frozen or ended); check it and try again", { field: "abonement_id" });

/** A racing booking or visit spent the balance between the read and this visit's write. */
export const certificateRaced = () =>
  new AppError("certificate_used_up", "The certificate's balance changed meanwhile (used on another booking); check it and try again", { field: "certificate_code" });
