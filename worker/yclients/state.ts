// Reconciliation bookkeeping in sync_state (one JSON value per key).
import { eq } from "drizzle-orm";
import * as v from "valibot";
import { type Db, schema as s } from "../repo/db.js";

export const RECONCILE_KEY = "yclients_reconcile";

export const Counts = v.object({
  fetched: v.number(),
  created: v.number(),
  updated: v.number(),
  unchanged: v.number(),
  cancelled: v.number(),
  failed: v.number(),
});
export type Counts = v.InferOutput<typeof Counts>;

export type RunKind = "full" | "incremental";

export const ReconcileState = v.object({
  last_run_at: v.nullable(v.string()),
  last_kind: v.optional(v.nullable(v.picklist(["full", "incremental"])), null),
  /** Last successful full run. */
  last_success_at: v.nullable(v.string()),
  last_incremental_at: v.optional(v.nullable(v.string()), null),
  last_error_at: v.nullable(v.string()),
  last_error: v.nullable(v.string()),
  counts: v.nullable(Counts),
});
export type ReconcileState = v.InferOutput<typeof ReconcileState>;

const empty: ReconcileState = { last_run_at: null, last_kind: null, last_success_at: null, last_incremental_at: null, last_error_at: null, last_error: null, counts: null };

export async function readState(db: Db): Promise<ReconcileState> {
  const [row] = await db.select().from(s.syncState).where(eq(s.syncState.key, RECONCILE_KEY)).limit(1);
  // An unreadable old value counts as never run: the next cron then runs.
  const parsed = v.safeParse(ReconcileState, row?.value);
  return parsed.success ? parsed.output : empty;
}

export async function writeState(db: Db, state: ReconcileState): Promise<void> {
  const updatedAt = new Date().toISOString();
  await db
    .insert(s.syncState)
    .values({ key: RECONCILE_KEY, value: state, updatedAt })
    .onConflictDoUpdate({ target: s.syncState.key, set: { value: state, updatedAt } });
}

export const SUCCESS_INTERVAL_MS = 30 * 60_000;
export const RETRY_AFTER_FAILURE_MS = 5 * 60_000;

const failedLast = (state: ReconcileState) =>
  state.last_error_at !== null && state.last_error_at === state.last_run_at;

export const INCREMENTAL_INTERVAL_MS = 4 * 60_000;

/** A full run 30 minutes after the last full success or 5 after a failure; between them an incremental one every cron tick. */
export function dueRun(state: ReconcileState, now: Date): RunKind | null {
  if (isDue(state, now)) return "full";
  // After a failure only the full retry runs, on its own schedule.
  if (failedLast(state)) return null;
  if (state.last_run_at === null || now.getTime() - Date.parse(state.last_run_at) >= INCREMENTAL_INTERVAL_MS) return "incremental";
  return null;
}

/** A full run is due 30 minutes after the last success, or 5 minutes after a failure. */
export function isDue(state: ReconcileState, now: Date): boolean {
  const t = now.getTime();
  if (failedLast(state)) return t - Date.parse(state.last_error_at!) >= RETRY_AFTER_FAILURE_MS;
  return state.last_success_at === null || t - Date.parse(state.last_success_at) >= SUCCESS_INTERVAL_MS;
}
