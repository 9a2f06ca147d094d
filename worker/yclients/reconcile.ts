// Reconciliation with YClients, through the same mapping and ledger path as
// webhooks. A full run reads every record (deleted ones too) from 30 days
// back to the booking horizon; a live booking of ours that YClients did not
// list is looked up on its own before anything happens to it: moved out of
// the window → updated, deleted → cancelled, unknown to YClients (404) →
// cancelled as missing. Between full runs an incremental run reads only
// records changed since the last run (`changed_after`) and cancels nothing.
import { addDays, instantToWall, wallTimeToInstant } from "../booking/zoned-time.js";
import type { Env } from "../env.js";
import type { Db } from "../repo/db.js";
import { findByRecordId, MISSING } from "../repo/external-bookings.js";
import { loadSettings, type SalonSettings } from "../repo/settings.js";
import { applyExternal, applyRecord } from "./apply.js";
import { type ClientOptions, reconciling, YClientsClient } from "./client.js";
import type { YcConfig } from "./config.js";
import { cancellationOf } from "./external.js";
import { mapRecord } from "./mapping.js";
import { fetchRecord } from "./records.js";
import { YcRecord } from "./schemas.js";
import { type Counts, dueRun, readState, type ReconcileState, type RunKind, writeState } from "./state.js";
import { liveExternalBetween } from "./store.js";
import { log } from "../lib/log.js";

export const DAYS_BACK = 30;
/**
 * Which zone YClients reads `changed_after` in is not documented: asking
 * from this much earlier covers any salon offset (UTC-12 … UTC+14).
 */
export const CHANGED_AFTER_OVERLAP_MS = 15 * 3_600_000;

const emptyCounts = (): Counts => ({ fetched: 0, created: 0, updated: 0, unchanged: 0, cancelled: 0, failed: 0 });

async function applyOne(db: Db, env: Env, settings: SalonSettings, record: YcRecord, counts: Counts): Promise<void> {
  const mapped = mapRecord(record, settings.timeZone);
  if ("error" in mapped) {
    counts.failed++;
    log("error", "yclients reconcile: unreadable record", { record: record.id, error: mapped.error });
    return;
  }
  try {
    // with_deleted lists every record deleted in the window: only ours matter.
    if (mapped.deleted && !(await findByRecordId(db, mapped.recordId))) {
      counts.unchanged++;
      return;
    }
    const outcome = await applyRecord(db, env, mapped, settings);
    if (!outcome.applied) counts.unchanged++;
    else if (outcome.booking.status === "cancelled" && mapped.deleted) counts.cancelled++;
    else if (outcome.created) counts.created++;
    else counts.updated++;
  } catch (error) {
    counts.failed++;
    log("error", "yclients reconcile: record failed", { record: record.id, error: String(error) });
  }
}

/** `YYYY-MM-DDTHH:MM:SS` in the salon's zone, as YClients' samples write `changed_after`. */
function changedAfter(since: Date, zone: string): string {
  const wall = instantToWall(new Date(since.getTime() - CHANGED_AFTER_OVERLAP_MS), zone);
  return `${wall.date}T${wall.time}:00`;
}

/** The client reconciliation uses; `overrides` lets tests drive its clock (`sleep`). */
export const reconcileClient = (config: YcConfig, overrides: ClientOptions = {}) => new YClientsClient(config, { ...reconciling(config), ...overrides });

export async function reconcile(
  db: Db,
  env: Env,
  config: YcConfig,
  now: Date,
  opts: { kind?: RunKind; since?: Date | null } = {},
  client = reconcileClient(config),
): Promise<Counts> {
  const settings = await loadSettings(db);
  const zone = settings.timeZone;
  const kind = opts.kind === "incremental" && opts.since ? "incremental" : "full";
  const today = instantToWall(now, zone).date;
  const startDate = addDays(today, -DAYS_BACK);
  const endDate = addDays(today, settings.horizonDays);
  const window = kind === "full" ? { start_date: startDate, end_date: endDate } : { changed_after: changedAfter(opts.since!, zone) };
  // Everything is fetched before anything is cancelled: the list throws
  // rather than come back short, so a partial list never reads as "gone".
  const records = await client.list(`/records/${config.companyId}`, YcRecord, { ...window, with_deleted: 1 });
  const counts = emptyCounts();
  counts.fetched = records.length;
  const seen = new Set<number>();
  for (const record of records) {
    seen.add(record.id);
    await applyOne(db, env, settings, record, counts);
  }
  if (kind === "incremental") return counts;

  const from = wallTimeToInstant(startDate, "00:00", zone)!.toISOString();
  const to = wallTimeToInstant(addDays(endDate, 1), "00:00", zone)!.toISOString();
  for (const row of await liveExternalBetween(db, from, to)) {
    if (row.yclientsRecordId === null || seen.has(row.yclientsRecordId)) continue;
    try {
      // Not listed is not proof of anything: ask for this record alone.
      const fresh = await fetchRecord(client, row.yclientsRecordId);
      if (fresh) {
        await applyOne(db, env, settings, fresh, counts);
        continue;
      }
      // Same change time: the cancellation wins the tie, a later real change wins over it.
      const outcome = await applyExternal(db, env, cancellationOf(row, MISSING, row.yclientsLastChange ?? new Date(0).toISOString()));
      if (outcome.applied) counts.cancelled++;
    } catch (error) {
      counts.failed++;
      log("error", "yclients reconcile: missing record not confirmed", { record: row.yclientsRecordId, error: String(error) });
    }
  }
  return counts;
}

/** Runs reconciliation and records the outcome in sync_state; returns the new state. */
export async function runReconcile(db: Db, env: Env, config: YcConfig, now: Date, kind: RunKind = "full", client?: YClientsClient): Promise<ReconcileState> {
  const before = await readState(db);
  const at = now.toISOString();
  const since = [before.last_success_at, before.last_incremental_at].filter((x): x is string => !!x).sort().pop();
  let state: ReconcileState;
  try {
    const counts = await reconcile(db, env, config, now, { kind, since: since ? new Date(since) : null }, client);
    const ran = kind === "full" || !since ? { last_success_at: at } : { last_incremental_at: at };
    state =
      counts.failed > 0
        ? { ...before, last_run_at: at, last_kind: kind, last_error_at: at, last_error: `${counts.failed} record(s) could not be applied`, counts }
        : // A success clears the error: status shows a failure only while it is the latest run.
          { ...before, last_run_at: at, last_kind: kind, ...ran, last_error_at: null, last_error: null, counts };
  } catch (error) {
    state = { ...before, last_run_at: at, last_kind: kind, last_error_at: at, last_error: String((error as Error)?.message ?? error).slice(0, 500) };
  }
  await writeState(db, state);
  return state;
}

/** Cron entry: a full run when due (30 min after a success, 5 after a failure), else an incremental one. */
export async function reconcileIfDue(db: Db, env: Env, config: YcConfig, now: Date, client?: YClientsClient): Promise<ReconcileState | null> {
  const kind = dueRun(await readState(db), now);
  if (!kind) return null;
  return runReconcile(db, env, config, now, kind, client);
}
