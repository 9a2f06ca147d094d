// Processing of stored webhook events. For a record create/update the record
// is read fresh with GET /record (the payload may be partial or overtaken),
// falling back to the payload when that read fails; a delete is applied as
// it is and is final. Other resources and other companies are ignored.
import * as v from "valibot";
import type { Env } from "../env.js";
import { DELETED, findByRecordId } from "../repo/external-bookings.js";
import type { Db } from "../repo/db.js";
import { loadSettings, type SalonSettings } from "../repo/settings.js";
import { applyExternal, applyRecord, ERASED_PHONE } from "./apply.js";
import { YClientsClient } from "./client.js";
import { type YcConfig, ycConfig } from "./config.js";
import { dueEvents, type EventRow, finishEvent, forgetErasedPayload } from "./events.js";
import { cancellationOf } from "./external.js";
import { mapRecord } from "./mapping.js";
import { fetchRecord } from "./records.js";
import { WebhookEvent, YcRecord } from "./schemas.js";
import { rememberDeleted } from "./store.js";
import { ycInstant } from "./time.js";
import { log } from "../lib/log.js";

type Outcome = { status: "processed" | "ignored"; note?: string };

/** Webhook work runs after the answer: patient, but not as patient as the cron. */
const webhookClient = (config: YcConfig) => new YClientsClient(config, { maxAttempts: 2, timeoutMs: Math.max(config.timeoutMs, 8000), maxRetryWaitMs: 5000 });

async function applyDelete(db: Db, env: Env, settings: SalonSettings, recordId: number, data: unknown): Promise<Outcome> {
  const row = await findByRecordId(db, recordId);
  const stamp = ycInstant((data as { last_change_date?: string | number } | null)?.last_change_date ?? null, settings.timeZone);
  if (row) {
    // The delete wins whatever its stamp; the row keeps the latest stamp seen.
    const lastChange = [stamp, row.yclientsLastChange].filter((x): x is string => !!x).sort().pop() ?? new Date().toISOString();
    await applyExternal(db, env, cancellationOf(row, DELETED, lastChange));
    return { status: "processed" };
  }
  const record = v.safeParse(YcRecord, data);
  const mapped = record.success ? mapRecord(record.output, settings.timeZone, { deleted: true }) : null;
  if (!mapped || "error" in mapped) {
    // Nothing to cancel yet, but its create may still be on its way: remember the delete.
    await rememberDeleted(db, recordId, stamp ?? new Date().toISOString());
    return { status: "processed", note: "delete of a record we never saw: remembered, so later events of it stay deleted" };
  }
  await applyRecord(db, env, mapped, settings);
  return { status: "processed" };
}

async function applyChange(db: Db, env: Env, config: YcConfig, settings: SalonSettings, recordId: number, data: unknown): Promise<Outcome> {
  let fresh: YcRecord | null = null;
  let why = "";
  try {
    fresh = await fetchRecord(webhookClient(config), recordId);
    if (!fresh) why = "GET /record: not found";
  } catch (error) {
    why = `GET /record failed: ${String((error as Error)?.message ?? error)}`;
  }
  if (fresh) {
    const mapped = mapRecord(fresh, settings.timeZone);
    if ("error" in mapped) throw new Error(mapped.error);
    await applyRecord(db, env, mapped, settings);
    return { status: "processed" };
  }
  const record = v.safeParse(YcRecord, data);
  if (!record.success) throw new Error(`record ${recordId}: ${why}; payload: ${record.issues[0].message} at ${v.getDotPath(record.issues[0]) ?? "data"}`);
  const mapped = mapRecord(record.output, settings.timeZone);
  // A partial payload cannot stand in for the record: retry until YClients answers.
  if ("error" in mapped) throw new Error(`${why}; payload: ${mapped.error}`);
  await applyRecord(db, env, mapped, settings);
  return { status: "processed", note: `from the payload (${why})` };
}

async function handle(db: Db, env: Env, payload: string): Promise<Outcome> {
  const event = v.safeParse(WebhookEvent, JSON.parse(payload));
  if (!event.success) return { status: "ignored", note: "not a YClients event" };
  const { company_id: company, resource, resource_id: recordId, status, data } = event.output;
  if (resource !== "record") return { status: "ignored", note: `resource ${resource} is not used` };
  const config = ycConfig(env);
  if (!config) return { status: "ignored", note: "YClients is switched off" };
  if (company !== undefined && company !== config.companyId) return { status: "ignored", note: `company ${company} is not this salon` };
  if (!["create", "update", "delete"].includes(status)) return { status: "ignored", note: `status ${status} is not used` };
  const settings = await loadSettings(db);
  if (status === "delete") return applyDelete(db, env, settings, recordId, data);
  return applyChange(db, env, config, settings, recordId, data);
}

/**
 * Events of one record take turns in this isolate: each reads the record
 * fresh, so the last one to write holds YClients' latest state even when
 * two changes share a one-second change stamp.
 */
const turns = new Map<string, Promise<unknown>>();

function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const turn = (turns.get(key) ?? Promise.resolve()).catch(() => undefined).then(work);
  turns.set(key, turn);
  void turn.finally(() => {
    if (turns.get(key) === turn) turns.delete(key);
  }).catch(() => undefined);
  return turn;
}

/** Processes one stored event and records the outcome; never throws. */
export async function processEvent(db: Db, env: Env, event: EventRow): Promise<boolean> {
  return inTurn(event.externalId.split(":").slice(0, 2).join(":"), () => processNow(db, env, event));
}

async function processNow(db: Db, env: Env, event: EventRow): Promise<boolean> {
  try {
    const outcome = await handle(db, env, event.payload);
    await finishEvent(db, event.id, outcome.status, outcome.note ?? null);
    if (outcome.status === "processed") await forgetErasedPayload(db, event, ERASED_PHONE);
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
