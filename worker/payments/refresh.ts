// A polled payment still pending at a real provider is checked there, so a
// lost notification does not leave the customer waiting. Failures only log:
// the stored state is still a correct answer.
import type { Env } from "../env.js";
import type { Db } from "../repo/db.js";
import { findPayment, type PaymentRow } from "../repo/payments.js";
import { findProvider } from "./providers.js";
import { applyProviderState } from "./settle.js";
import { log } from "../lib/log.js";

const MIN_AGE_MS = 5_000;

export async function refreshPayment(db: Db, env: Env, row: PaymentRow, now: Date): Promise<PaymentRow> {
  if (row.provider !== "yookassa" || row.providerPaymentId === null) return row;
  if (row.status !== "pending" && row.status !== "waiting_for_capture") return row;
  if (now.getTime() - Date.parse(row.updatedAt) < MIN_AGE_MS) return row;
  try {
    const provider = findProvider(env, db, row.provider);
    if (!provider) return row;
    const verified = await provider.get(row.providerPaymentId);
    if (verified.status === "pending") return row;
    await applyProviderState(db, env, row, verified, now);
    return (await findPayment(db, row.id)) ?? row;
  } catch (error) {
    log("warn", "payments: refresh failed", { payment_id: row.id, error: String(error) });
    return row;
  }
}
