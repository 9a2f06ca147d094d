// The booking panel's list of fiscal receipts: the one each payment carried,
// a partial refund's, and the closing one from the receipts outbox.
import type { FiscalReceipt } from "../contracts/admin.js";
import type { PaymentRow, RefundRow } from "../repo/payments.js";
import type { ReceiptRow } from "../repo/receipts.js";
import { settlementReceipt } from "./closing-receipts.js";
import { receiptOf } from "./receipt-data.js";
import { receiptTotal } from "./receipt.js";
import { refundReceipt } from "./refunds.js";

const moneyOf = (minor: number, currency: string) => ({ amount_minor: minor, currency });

export function receiptViews(payments: PaymentRow[], refunds: RefundRow[], closing: ReceiptRow[]): FiscalReceipt[] {
  const views: FiscalReceipt[] = [];
  for (const payment of payments) {
    const paid = receiptOf(payment);
    // A canceled payment took no money, so the provider issued no receipt.
    if (paid && payment.status !== "canceled") {
      const done = payment.status === "succeeded" || payment.status === "refunded";
      views.push({ payment_id: payment.id, kind: "payment", status: done ? "sent" : "pending", amount: moneyOf(receiptTotal(paid), paid.currency), error: null, attempts: 0 });
    }
    for (const refund of refunds.filter((r) => r.paymentId === payment.id)) {
      const returned = refundReceipt(payment, refund.amountMinor);
      if (!returned) continue;
      const status = refund.status === "succeeded" ? "sent" : refund.status === "canceled" ? "failed" : "pending";
      views.push({ payment_id: payment.id, kind: "refund", status, amount: moneyOf(receiptTotal(returned), returned.currency), error: null, attempts: 0 });
    }
    for (const row of closing.filter((r) => r.paymentId === payment.id)) {
      const settled = settlementReceipt(payment);
      views.push({
        payment_id: payment.id,
        kind: "settlement",
        status: row.status,
        amount: moneyOf(settled ? receiptTotal(settled) : 0, payment.currency),
        error: row.lastError,
        attempts: row.attempts,
      });
    }
  }
  return views;
}
