// What the 5-minute cron does for YClients: retry webhook events that failed,
// and reconcile when due. A no-op while the channel is off.
import type { Env } from "../env.js";
import type { Db } from "../repo/db.js";
import { ycConfig } from "./config.js";
import { reconcileIfDue } from "./reconcile.js";
import { retryEvents } from "./webhook.js";

export async function yclientsCron(db: Db, env: Env, now: Date): Promise<Record<string, unknown>> {
  const config = ycConfig(env);
  if (!config) return { yclients: "disabled" };
  const events = await retryEvents(db, env, now);
  const state = await reconcileIfDue(db, env, config, now);
  if (!state) return { yclients_events: events, yclients_reconcile: "not_due" };
  const ok = state.last_error_at !== state.last_run_at;
  return { yclients_events: events, yclients_reconcile: ok ? "ok" : "failed", yclients_reconcile_kind: state.last_kind };
}
