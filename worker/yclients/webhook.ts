// Processing of stored webhook events: record create / update / delete go
// through the shared mapping and ledger path; other resources are ignored.
import * as v from "valibot";
import type { Env } from "../env.js";
import type { Db } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { applyExternal, applyRecord } from "./apply.js";
import { dueEvents, type EventRow, finishEvent } from "./events.js";
import { cancellationOf, DELETED } from "./external.js";
import { mapRecord } from "./mapping.js";
import { WebhookEvent, YcRecord } from "./schemas.js";
import { findByRecordId } from "./store.js";
import { log } from "../lib/log.js";

type Outcome = { status: "processed" | "ignored"; note?: string };

async function handle(db: Db, env: Env, payload: string): Promise<Outcome> {
  const event = v.safeParse(WebhookEvent, JSON.parse(payload));
  if (!event.success) return { status: "ignored", note: "not a YClients event" };
  const { resource, resource_id: recordId, status, data } = event.output;
  if (resource !== "record") return { status: "ignored", note: `resource ${resource} is not used` };
  if (!["create", "update", "delete"].includes(status)) return { status: "ignored", note: `status ${status} is not used` };
  const settings = await loadSettings(db);
  const deleted = status === "delete";
  const record = v.safeParse(YcRecord, data);
  if (record.success) {
    const mapped = mapRecord(record.output, settings.timeZone, { deleted });
    if (!("error" in mapped)) {
      await applyRecord(db, env, mapped, settings);
      return { status: "processed" };
    }
    if (!deleted) throw new Error(mapped.error);
  } else if (!deleted) {
    throw new Error(`record ${recordId}: ${record.issues[0].message} at ${v.getDotPath(record.issues[0]) ?? "data"}`);
  }
  // A delete without usable data can still cancel the row we have.
  const row = await findByRecordId(db, recordId);
  if (!row) return { status: "ignored", note: "delete of a record we never saw, without its data" };
  await applyExternal(db, env, cancellationOf(row, DELETED, row.yclientsLastChange ?? new Date().toISOString()));
  return { status: "processed" };
}

/** Processes one stored event and records the outcome; never throws. */
export async function processEvent(db: Db, env: Env, event: EventRow): Promise<boolean> {
  try {
    const outcome = await handle(db, env, event.payload);
    await finishEvent(db, event.id, outcome.status, outcome.note ?? null);
    return true;
  } catch (error) {
    log("error", "yclients webhook: processing failed", { event: event.externalId, error: String(error) });
    await finishEvent(db, event.id, "failed", String(error).slice(0, 500)).catch(() => undefined);
    return false;
  }
}

/** Cron: retries failed events and picks up ones whose processing never finished. */
export async function retryEvents(db: Db, env: Env, now: Date): Promise<{ retried: number; failed: number }> {
  const due = await dueEvents(db, new Date(now.getTime() - 2 * 60_000).toISOString());
  let failed = 0;
  for (const event of due) if (!(await processEvent(db, env, event))) failed++;
  return { retried: due.length, failed };
}
