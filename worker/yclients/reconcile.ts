// Reconciliation: YClients' records from 30 days back to the booking horizon
// go through the same mapping and ledger path as webhooks; our live YClients
// bookings in that window that YClients no longer returns get cancelled.
import { addDays, instantToWall, wallTimeToInstant } from "../booking/zoned-time.js";
import type { Env } from "../env.js";
import type { Db } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { applyExternal, applyRecord } from "./apply.js";
import { background, YClientsClient } from "./client.js";
import type { YcConfig } from "./config.js";
import { cancellationOf, MISSING } from "./external.js";
import { mapRecord } from "./mapping.js";
import { YcRecord } from "./schemas.js";
import { type Counts, isDue, readState, type ReconcileState, writeState } from "./state.js";
import { liveExternalBetween } from "./store.js";
import { log } from "../lib/log.js";

export const DAYS_BACK = 30;

export async function reconcile(db: Db, env: Env, config: YcConfig, now: Date, client = new YClientsClient(config, background(config))): Promise<Counts> {
  const settings = await loadSettings(db);
  const zone = settings.timeZone;
  const today = instantToWall(now, zone).date;
  const startDate = addDays(today, -DAYS_BACK);
  const endDate = addDays(today, settings.horizonDays);
  // Everything is fetched before anything is cancelled: a partial list must
  // never read as "deleted in YClients".
  const records = await client.list(`/records/${config.companyId}`, YcRecord, { start_date: startDate, end_date: endDate });
  const counts: Counts = { fetched: records.length, created: 0, updated: 0, unchanged: 0, cancelled: 0, failed: 0 };
  const seen = new Set<number>();
  for (const record of records) {
    seen.add(record.id);
    const mapped = mapRecord(record, zone);
    if ("error" in mapped) {
      counts.failed++;
      continue;
    }
    try {
      const outcome = await applyRecord(db, env, mapped, settings);
      if (!outcome.applied) counts.unchanged++;
      else if (outcome.created) counts.created++;
      else counts.updated++;
    } catch (error) {
      counts.failed++;
      log("error", "yclients reconcile: record failed", { record: record.id, error: String(error) });
    }
  }
  const from = wallTimeToInstant(startDate, "00:00", zone)!.toISOString();
  const to = wallTimeToInstant(addDays(endDate, 1), "00:00", zone)!.toISOString();
  for (const row of await liveExternalBetween(db, from, to)) {
    if (row.yclientsRecordId === null || seen.has(row.yclientsRecordId)) continue;
    try {
      // Same change time: the cancellation wins the tie, a later real change wins over it.
      const outcome = await applyExternal(db, env, cancellationOf(row, MISSING, row.yclientsLastChange ?? new Date(0).toISOString()));
      if (outcome.applied) counts.cancelled++;
    } catch (error) {
      counts.failed++;
      log("error", "yclients reconcile: cancel failed", { record: row.yclientsRecordId, error: String(error) });
    }
  }
  return counts;
}

/** Runs reconciliation and records the outcome in sync_state; returns the new state. */
export async function runReconcile(db: Db, env: Env, config: YcConfig, now: Date, client?: YClientsClient): Promise<ReconcileState> {
  const before = await readState(db);
  const at = now.toISOString();
  let state: ReconcileState;
  try {
    const counts = await reconcile(db, env, config, now, client);
    state =
      counts.failed > 0
        ? { ...before, last_run_at: at, last_error_at: at, last_error: `${counts.failed} record(s) could not be applied`, counts }
        : { ...before, last_run_at: at, last_success_at: at, counts };
  } catch (error) {
    state = { ...before, last_run_at: at, last_error_at: at, last_error: String((error as Error)?.message ?? error).slice(0, 500) };
  }
  await writeState(db, state);
  return state;
}

/** Cron entry: runs only when due (30 min after a success, 5 min after a failure). */
export async function reconcileIfDue(db: Db, env: Env, config: YcConfig, now: Date, client?: YClientsClient): Promise<ReconcileState | null> {
  if (!isDue(await readState(db), now)) return null;
  return runReconcile(db, env, config, now, client);
}
