// A polled payment still pending at a real provider is checked there, so a
// lost notification does not leave the customer waiting; the cron does the
// same for every open payment of a held booking, so a paid booking is
// confirmed (or, if its hold already ran out, reinstated or refunded) even
// when no notification ever arrives. Failures only log: the stored state is
// still a correct answer.
import type { Env } from "../env.js";
import type { Db } from "../repo/db.js";
import { findPayment, openPaymentsOfHolds, type PaymentRow } from "../repo/payments.js";
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

/** Open payments one cron run asks the provider about (one API call each). */
const RECHECK_BATCH = 30;

/** From the cron: each open YooKassa payment of a held (or just expired) booking, checked at the provider. */
export async function recheckOpenPayments(db: Db, env: Env, now: Date): Promise<{ checked: number; settled: number }> {
  const open = await openPaymentsOfHolds(db, "yookassa", now, RECHECK_BATCH);
  let settled = 0;
  for (const row of open) {
    const fresh = await refreshPayment(db, env, row, now);
    if (fresh.status !== row.status) settled += 1;
  }
  return { checked: open.length, settled };
}
