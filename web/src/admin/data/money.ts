// Sums the side panel shows and the rouble ↔ kopeck conversions of the editors.
import type { Money } from "../../../../worker/contracts/catalog";

type PaymentLike = { status: string; amount: Money; refunded: Money };
type RefundLike = { status: string; amount: Money };

/** What the client actually paid online: succeeded (or later refunded) payments. */
export function paidOnline(payments: PaymentLike[], currency: string): Money {
  const amount = payments.filter((p) => p.status === "succeeded" || p.status === "refunded").reduce((n, p) => n + p.amount.amount_minor, 0);
  return { amount_minor: amount, currency };
}

/** Refunds that went through. */
export function refundedTotal(refunds: RefundLike[], currency: string): Money {
  return { amount_minor: refunds.filter((r) => r.status === "succeeded").reduce((n, r) => n + r.amount.amount_minor, 0), currency };
}

/** "1 500,50" / "1500.5" typed in roubles → kopecks; null when it is not an amount. */
export function parseRoubles(text: string): number | null {
  const clean = text.replace(/[\s\u00a0₽]/g, "").replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
  return Math.round(Number(clean) * 100);
}

/** Kopecks → the editor's text, "1500" or "1500.50". */
export const roublesText = (minor: number): string => (minor % 100 === 0 ? String(minor / 100) : (minor / 100).toFixed(2));
