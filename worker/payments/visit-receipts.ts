// onepay: the fiscal receipts of a visit's one payment, built from its items'
// own receipts (payment_items.receipt). The payment's receipt lists every
// item's service and add-ons; a refund's lists only what it returns (each
// claimed item at its refunded amount); the closing receipt settles the
// delivered items at what was kept of them. Each sums exactly to its money.
import type { Db } from "../repo/db.js";
import type { PaymentRow, RefundRow } from "../repo/payments.js";
import { deliveredItems, itemsOfRefund, type PaymentItemRow } from "../repo/visit-payments.js";
import { type Receipt, reshapeReceipt } from "./receipt.js";

const itemReceipt = (item: Pick<PaymentItemRow, "receipt">): Receipt | null => (item.receipt ? (JSON.parse(item.receipt) as Receipt) : null);

/** The items' receipts one after another: the receipt of the whole visit payment. */
export function joinReceipts(parts: Receipt[]): Receipt | null {
  const first = parts[0];
  if (!first) return null;
  return { ...first, items: parts.flatMap((p) => p.items) };
}

/** Each item's receipt at `amountOf(item)`, joined; items at zero are left out. */
function receiptOfItems(items: PaymentItemRow[], amountOf: (item: PaymentItemRow) => number, mode?: "full_payment"): Receipt | null {
  const parts = items.flatMap((item) => {
    const receipt = itemReceipt(item);
    const amount = amountOf(item);
    return receipt && amount > 0 ? [reshapeReceipt(receipt, amount, mode)] : [];
  });
  return joinReceipts(parts);
}

/** What a refund of a visit payment returns; null for a full refund (the provider returns the whole receipt itself). */
export function visitRefundReceiptOf(payment: Pick<PaymentRow, "amountMinor" | "receipt">, refund: Pick<RefundRow, "amountMinor">, items: PaymentItemRow[]): Receipt | null {
  if (!payment.receipt || refund.amountMinor >= payment.amountMinor) return null;
  return receiptOfItems(items, (item) => item.refundMinor);
}

export async function visitRefundReceipt(db: Db, payment: PaymentRow, refund: RefundRow): Promise<Receipt | null> {
  if (!payment.receipt || refund.amountMinor >= payment.amountMinor) return null;
  return visitRefundReceiptOf(payment, refund, await itemsOfRefund(db, refund));
}

/** The closing receipt's items: every delivered item at what was kept of its share. */
export function visitSettlementReceiptOf(items: PaymentItemRow[]): Receipt | null {
  return receiptOfItems(items, (item) => item.amountMinor - item.refundMinor, "full_payment");
}

export async function visitSettlementReceipt(db: Db, payment: PaymentRow): Promise<Receipt | null> {
  if (!payment.receipt) return null;
  return visitSettlementReceiptOf(await deliveredItems(db, payment.id));
}
