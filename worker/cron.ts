// What the 5-minute cron trigger does, callable on its own: by the scheduled
// handler, and by POST /api/v1/admin/cron/run (`npm run cron` locally, where
// wrangler's /cdn-cgi/handler/scheduled answers 500 with assets configured).
import type { Env } from "./env.js";
import { auditLedgers } from "./ledger/audit.js";
import { log } from "./lib/log.js";
import { dispatchDue } from "./notify/dispatcher.js";
import { retryClosingReceipts } from "./payments/closing-receipts.js";
import { retryCertificateSettlements } from "./payments/certificate-receipts.js";
import { retryAbonementSettlements } from "./payments/abonement-receipts.js";
import { recheckOpenPayments } from "./payments/refresh.js";
import { retryStuckRefunds } from "./payments/refunds.js";
import type { Db } from "./repo/db.js";
import { completeUnmarkedPrepaid } from "./reservations/auto-complete.js";
import { tellExpiredHolds } from "./reservations/hold-expired.js";
import { enqueueReminders } from "./reservations/reminders.js";
import { repairVisits } from "./reservations/visit-repair.js";
import { syncAllWishes } from "./reservations/waitlist-wishes.js";
import { allStaffIds } from "./repo/masters.js";
import { yclientsCron } from "./yclients/cron.js";

/** Outbox batches one cron run may send (20 each): a backlog drains within a few runs. */
const CRON_BATCHES = 10;

/** Open payments of holds, reminders, messages about holds that ran out, the outbox, refunds and receipts; each part's failure is logged and reported, not thrown. */
export async function salonJobs(db: Db, env: Env, now: Date): Promise<Record<string, unknown>> {
  // First: a payment made but never notified confirms (or reinstates) its booking before anyone is told the hold ran out.
  const payments = await recheckOpenPayments(db, env, now);
  const reminders = await enqueueReminders(db, env, now);
  const expiredHolds = await tellExpiredHolds(db, env, now);
  const sent = await dispatchDue(db, env, now, CRON_BATCHES);
  const refunds = await retryStuckRefunds(db, env, now);
  const visits = await repairVisits(db, env, now);
  const autoCompleted = await completeUnmarkedPrepaid(db, env, now);
  const receipts = await retryClosingReceipts(db, env, now);
  const certificateReceipts = await retryCertificateSettlements(db, env, now);
  const abonementReceipts = await retryAbonementSettlements(db, env, now);
  const result = { payments, reminders, expired_holds: expiredHolds, ...sent, refunds, visits, auto_completed: autoCompleted, receipts, certificate_receipts: certificateReceipts, abonement_receipts: abonementReceipts };
  log("info", "cron: reminders, outbox, refunds", result);
  return result;
}

export async function yclientsJobs(db: Db, env: Env, now: Date): Promise<Record<string, unknown>> {
  const result = await yclientsCron(db, env, now);
  log("info", "cron: yclients", { ...result });
  return result;
}

/**
 * Each master's ledger against the database: stale intervals dropped, missing
 * ones added (logged, counted); then the waitlist's wishes brought in line
 * with who waits.
 */
export async function ledgerJobs(db: Db, env: Env, now: Date): Promise<Record<string, unknown>> {
  const totals = await auditLedgers(db, env);
  log(totals.added + totals.removed + totals.updated + totals.failed > 0 ? "warn" : "info", "cron: ledger audit", { ...totals });
  const wishes = await syncAllWishes(db, env, await allStaffIds(db), now);
  return { ...totals, wishes_synced: wishes };
}

const failed = (what: string) => (error: unknown) => {
  log("error", `cron: ${what} failed`, { error: String(error) });
  return { error: String((error as Error)?.message ?? error) };
};

/** Every cron job, side by side; resolves when all have finished. */
export async function runCronJobs(
  db: Db,
  env: Env,
  now: Date,
): Promise<{ salon: Record<string, unknown>; ledgers: Record<string, unknown>; yclients: Record<string, unknown> }> {
  const [salon, ledgers, yclients] = await Promise.all([
    salonJobs(db, env, now).catch(failed("salon jobs")),
    ledgerJobs(db, env, now).catch(failed("ledger audit")),
    yclientsJobs(db, env, now).catch(failed("yclients")),
  ]);
  return { salon, ledgers, yclients };
}
