// The closing receipt (чек зачёта предоплаты, 54-FZ): once a prepaid service
// is delivered, the prepayment is settled against it with a second receipt,
// `POST /v3/receipts` of type "payment" about the same payment, items in
// `full_payment` mode and a `prepayment` settlement. The row is written with
// the completion (repo/bookings.ts transitionBooking), sent right after and
// retried by the cron until the provider accepts it.
import type { Env } from "../env.js";
import type { Db } from "../repo/db.js";
import type { PaymentRow } from "../repo/payments.js";
import { noteReceiptAttempt, type ReceiptRow, receiptsOfBooking, unsentReceipts } from "../repo/receipts.js";
import { log } from "../lib/log.js";
import { ProviderError } from "./provider.js";
import { providerFor } from "./providers.js";
import { receiptOf } from "./receipt-data.js";
import { type Receipt, reshapeReceipt } from "./receipt.js";
import { visitSettlementReceipt } from "./visit-receipts.js";

/** A row whose last attempt is younger than this is left alone: an attempt may still be under way. */
const RETRY_AFTER_MS = 60_000;

/** The payment's items, now fully paid for: what was kept of the prepayment settles them. */
export function settlementReceipt(payment: Pick<PaymentRow, "amountMinor" | "refundedMinor" | "receipt">): Receipt | null {
  const paid = receiptOf(payment);
  const kept = payment.amountMinor - payment.refundedMinor;
  return paid && kept > 0 ? reshapeReceipt(paid, kept, "full_payment") : null;
}

/** One attempt; never throws, the row records what happened. */
export async function sendClosingReceipt(db: Db, env: Env, row: ReceiptRow, payment: PaymentRow): Promise<ReceiptRow["status"]> {
  if (row.status === "sent") return "sent";
  // onepay: a visit payment's closing receipt settles its delivered items.
  const receipt = payment.visitId !== null ? await visitSettlementReceipt(db, payment) : settlementReceipt(payment);
  if (!receipt || !payment.providerPaymentId) {
    await noteReceiptAttempt(db, row.id, { status: "failed", error: "nothing_to_settle: the payment has no receipt or nothing kept" });
    return "failed";
  }
  try {
    const answer = await providerFor(env, db, payment.provider).sendSettlementReceipt({ providerPaymentId: payment.providerPaymentId, receipt }, row.idempotenceKey);
    await noteReceiptAttempt(db, row.id, { status: "sent", providerReceiptId: answer.id });
    log("info", "receipts: closing receipt sent", { receipt_id: row.id, payment_id: payment.id });
    return "sent";
  } catch (error) {
    // Refused: the provider did nothing, and the salon sees why; anything else may just need another try.
    const refused = error instanceof ProviderError && (error.kind === "rejected" || error.kind === "not_found");
    const status = refused ? "failed" : "pending";
    const reason = error instanceof ProviderError ? `${error.kind}: ${error.message}` : String(error);
    await noteReceiptAttempt(db, row.id, { status, error: reason });
    log(refused ? "error" : "warn", "receipts: closing receipt not sent", { receipt_id: row.id, payment_id: payment.id, status, error: reason });
    return status;
  }
}

/** Right after a booking is marked completed: sends what it owes. */
export async function sendClosingReceiptsOf(db: Db, env: Env, bookingId: number): Promise<void> {
  for (const { receipt, payment } of await receiptsOfBooking(db, bookingId)) {
    if (receipt.status !== "sent") await sendClosingReceipt(db, env, receipt, payment);
  }
}

/** From the cron: every receipt the provider has not accepted yet, again. */
export async function retryClosingReceipts(db: Db, env: Env, now: Date): Promise<{ retried: number; sent: number }> {
  const due = await unsentReceipts(db, new Date(now.getTime() - RETRY_AFTER_MS).toISOString(), 20);
  let sent = 0;
  for (const { receipt, payment } of due) {
    if ((await sendClosingReceipt(db, env, receipt, payment)) === "sent") sent += 1;
  }
  return { retried: due.length, sent };
}
