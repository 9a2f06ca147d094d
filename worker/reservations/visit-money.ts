// The money rules a visit's items share with a single booking: which gift
// certificate may pay the visit and how its balance is shared out between the
// items, and what each item asks ahead (its prepayment or the salon's no-show
// deposit, also quoted before booking). The spends themselves go with each item's write in its master's
// ledger (repo/certificates.ts bookingSpendStatements), one per booking.
import { prepaymentOf } from "../booking/pricing.js";
import { AppError } from "../errors.js";
import { withDeposit } from "../payments/deposit-policy.js";
import { usableCertificate } from "../payments/certificates.js";
import type { CertificateRow } from "../repo/certificates.js";
import type { DepositFacts } from "../repo/deposit-facts.js";
import { type BookingContext, quoteFor } from "./context.js";
import type { VisitPlan } from "./visit-plan.js";
import type { User } from "../contracts/auth.js";
import type { VisitQuote, VisitQuoteBody } from "../contracts/visits.js";
import type { Db } from "../repo/db.js";
import { quoteBooking } from "./quote.js";

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

/** What an item asks ahead before any certificate: the service's prepayment, or the no-show deposit when larger. */
export function dueAhead(ctx: BookingContext, staffId: number, deposit: DepositFacts | null): number {
  const total = quoteFor(ctx, staffId).totalMinor;
  return withDeposit(ctx.settings, deposit, ctx.service.id, total, prepaymentOf(ctx.service, total)).prepaymentMinor;
}

/**
 * POST /visits/quote: each item priced by the single booking's quote (the
 * master's own price, the no-show deposit for this customer), so the visit's
 * details step shows the deposits before the customer books.
 */
export async function quoteVisit(db: Db, caller: User, body: VisitQuoteBody, now: Date): Promise<VisitQuote> {
  const items = await Promise.all(body.items.map((item) => quoteBooking(db, caller, { service_id: item.service_id, staff_id: item.staff_id, additional_services: item.additional_services, date: body.date }, now)));
  const due = items.reduce((sum, q) => sum + (q.prepayment?.amount_minor ?? 0), 0);
  return { items, prepayment: due > 0 ? { amount_minor: due, currency: items[0]!.price.currency } : null };
}

/** A racing booking or visit spent the balance between the read and this visit's write. */
export const certificateRaced = () =>
  new AppError("certificate_used_up", "The certificate's balance changed meanwhile (used on another booking); check it and try again", { field: "certificate_code" });
