// Worker-test helpers for the YClients channel: steer the fake over HTTP,
// build records and webhook events in the documented shapes, and poll (with
// a bound) for the effects of background processing.
import { env } from "cloudflare:workers";
import type { Env } from "../../worker/env.js";
import { call } from "../worker/client.js";
import { sql } from "../worker/scenario.js";

export const workerEnv = env as unknown as Env;
export const COMPANY_ID = Number(workerEnv.YCLIENTS_COMPANY_ID);

export async function fake(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${workerEnv.YCLIENTS_BASE_URL}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`fake control ${method} ${path}: ${res.status}`);
  return res.json();
}

/**
 * The Worker's bindings pointed at a scope of the fake of this file's own
 * (`/scope/{name}`, see tests/fakes/yclients.ts): failures set under
 * `prefix` reach only the calls made with `env`.
 */
export function fakeScope(name: string): { prefix: string; env: Env } {
  const prefix = `/scope/${name}`;
  return { prefix, env: { ...workerEnv, YCLIENTS_BASE_URL: `${workerEnv.YCLIENTS_BASE_URL}${prefix}` } };
}

export const setMode = (path: string, mode: string, opts: { match?: "prefix" | "exact"; times?: number; retry_after?: number; delay_ms?: number } = {}) =>
  fake("POST", "/__fake/mode", { path, mode, ...opts });
export const putRecord = (record: { id: number; [field: string]: unknown }) => fake("PUT", `/__fake/records/${record.id}`, record);
export const dropRecord = (id: number) => fake("DELETE", `/__fake/records/${id}`);
export const requestsTo = async (path: string): Promise<{ method: string; path: string; query: Record<string, string[]>; authorization: string; accept: string; at: number }[]> =>
  (await fake("GET", `/__fake/requests?path=${encodeURIComponent(path)}`)).requests;

let counter = 0;
/** Record ids no other test file uses. */
export const newRecordId = () => 900_000_000 + Math.floor(Math.random() * 9_000_000) * 10 + (++counter % 10);

export interface RecordSpec {
  id?: number;
  staff: number;
  service?: number;
  date: string;
  time: string;
  minutes?: number;
  attendance?: number;
  deleted?: boolean;
  /** Moscow wall time of the last change, e.g. "2026-01-10T18:42:05". */
  changed?: string;
  client?: { name?: string; phone?: string; email?: string };
}

/** A record shaped like fixtures/yclients/records-page.json (salon offset +03:00). */
export function record(spec: RecordSpec) {
  const seconds = (spec.minutes ?? 60) * 60;
  return {
    id: spec.id ?? newRecordId(),
    company_id: COMPANY_ID,
    staff_id: spec.staff,
    services: [{ id: spec.service ?? 5147108, title: "Стрижка женская", cost: 2500, cost_per_unit: 2500, first_cost: 2500, discount: 0, amount: 1 }],
    staff: { id: spec.staff, name: "Мастер", specialization: "Парикмахер" },
    client: { id: 7700112, name: "Иван Иванов", phone: "79991234567", email: "ivan@example.com", ...spec.client },
    date: `${spec.date} ${spec.time}:00`,
    datetime: `${spec.date}T${spec.time}:00+03:00`,
    create_date: "2026-01-10T18:42:05+03:00",
    comment: "Комментарий от клиента",
    online: true,
    visit_attendance: spec.attendance ?? 0,
    attendance: spec.attendance ?? 0,
    confirmed: 1,
    seance_length: seconds,
    length: seconds,
    deleted: spec.deleted ?? false,
    prepaid: false,
    last_change_date: `${spec.changed ?? "2026-01-10T18:42:05"}+03:00`,
  };
}

export const event = (status: "create" | "update" | "delete", data: ReturnType<typeof record>) => ({
  company_id: COMPANY_ID,
  resource: "record",
  resource_id: data.id,
  status,
  data,
});

const mirrored = new Map<number, string>();

/**
 * Delivers a webhook. Unless told otherwise the record is first mirrored into
 * the fake (its newest state), as it would be in YClients, so reconciliation
 * running in another test file agrees with what the webhook said.
 */
export async function sendWebhook(body: ReturnType<typeof event>, opts: { secret?: string; mirror?: boolean } = {}) {
  if (opts.mirror !== false) {
    const last = mirrored.get(body.data.id);
    if (last === undefined || body.data.last_change_date >= last) {
      mirrored.set(body.data.id, body.data.last_change_date);
      await putRecord(body.status === "delete" ? { ...body.data, deleted: true } : body.data);
    }
  }
  return call("POST", `/api/v1/yclients/webhook/${opts.secret ?? workerEnv.YCLIENTS_WEBHOOK_SECRET}`, { body });
}

/** Polls until `probe` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 8000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let delay = 20;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 200);
  }
}

/** Stored events of a record with this status and change stamp (a content hash follows in the key), oldest first. */
export async function eventRows(recordId: number, status: string, changed: string) {
  const { rows } = await sql("select * from webhook_events where source = 'yclients' and external_id like ? order by id", [`record:${recordId}:${status}:${changed.length === 19 ? `${changed}+03:00` : changed}:%`]);
  return rows;
}

export const eventRow = async (recordId: number, status: string, changed: string) => (await eventRows(recordId, status, changed)).at(-1);

/** Waits until every such event is no longer waiting to be processed; returns the latest. */
export const settled = (recordId: number, status: string, changed: string) =>
  eventually(async () => {
    const rows = await eventRows(recordId, status, changed);
    return rows.length > 0 && rows.every((r) => r.status !== "received") ? rows.at(-1) : undefined;
  }, `event ${recordId} ${status} to settle`);

export async function bookingOf(recordId: number) {
  const { rows } = await sql("select * from bookings where yclients_record_id = ?", [recordId]);
  return rows[0];
}

/** A master linked to a YClients staff id of their own. */
export async function linkStaff(staffId: number): Promise<number> {
  const ycId = 500_000 + staffId * 10 + Math.floor(Math.random() * 10);
  await sql("update staff set yclients_staff_id = ? where id = ?", [ycId, staffId]);
  return ycId;
}
