// 152-FZ localisation: personal data lives only in the libSQL database (which
// a salon hosts in Russia). After the main flows (book, a visit of two
// services, waitlist offer, YClients webhook, payment and refund, the cron),
// every Durable Object's storage and every log line written meanwhile are
// searched for the person's phone, name and email.
import { env } from "cloudflare:workers";
import { listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Env } from "../../worker/env.js";
import type { StaffLedger } from "../../worker/ledger/staff-ledger.js";
import { call, runCron } from "../worker/client.js";
import { quickCustomer } from "../worker/direct-db.js";
import { personWithEverything } from "../worker/person-data.js";
import { book, newMaster, salonDate, slot } from "../worker/scenario.js";
import { join, untilOffersSettled } from "../worker/waitlist-helpers.js";

const ledgers = (env as unknown as Env).STAFF_LEDGER;

/** Every row of every table of a ledger's SQLite storage, and its key-value entries, as text. */
async function dumpLedger(id: DurableObjectId): Promise<string> {
  return runInDurableObject(ledgers.get(id), async (_: StaffLedger, state: DurableObjectState) => {
    const tables = state.storage.sql
      .exec<{ name: string }>("select name from sqlite_master where type = 'table' and name not like '\\_cf\\_%' escape '\\' and name not like 'sqlite_%'")
      .toArray()
      .map((t) => t.name);
    const rows = tables.map((t) => ({ table: t, rows: state.storage.sql.exec(`select * from "${t}"`).toArray() }));
    const kv = [...(await state.storage.list()).entries()];
    return JSON.stringify({ tables: rows, kv });
  });
}

const captured: string[] = [];
afterEach(() => vi.restoreAllMocks());

describe("where personal data lives", () => {
  it("keeps phones, names and emails out of Durable Object storage and the logs", async () => {
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        captured.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      });
    }
    // Book, pay and get a refund, review, waitlist, push, the salon's notes, a booking by phone, a YClients record.
    const p = await personWithEverything();
    // A visit of two services with two masters.
    const second = await newMaster({ services: [5] });
    const visit = await call("POST", "/api/v1/visits", {
      token: p.token,
      body: { items: [{ service_id: 3, staff_id: p.masterId }, { service_id: 5, staff_id: second.id }], appointment_datetime: slot(salonDate(11), "10:00"), notes: `Для ${p.name}` },
      headers: { "idempotency-key": `residency-${p.id}` },
    });
    expect(visit.status).toBe(201);
    // The waitlist: a time freed on the master's day is held for the person and offered.
    const day = salonDate(12);
    expect((await join(p.token, { service_id: 3, staff_id: p.masterId, date: day })).status).toBe(201);
    const other = await quickCustomer();
    const taken = await book(other.token, { service_id: 3, staff_id: p.masterId, appointment_datetime: slot(day, "12:00") });
    expect(taken.status).toBe(201);
    expect((await call("PATCH", `/api/v1/bookings/${taken.body.booking.id}`, { token: other.token, body: { action: "cancel" } })).status).toBe(200);
    await untilOffersSettled(p.masterId);
    await runCron(Date.now());
    vi.restoreAllMocks();

    // The capture saw the flows (it would otherwise pass on nothing).
    expect(captured.filter((l) => l.includes('"msg":"request"')).length).toBeGreaterThan(20);
    const needles = [p.phone, p.phone.slice(1), p.name, p.name.split(" ")[1]!, p.email];
    const leaks = captured.filter((line) => needles.some((n) => line.includes(n)));
    expect(leaks).toEqual([]);

    const ids = await listDurableObjectIds(ledgers);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const dumps = await Promise.all(ids.map(dumpLedger));
    const touched = dumps.filter((d) => d.includes('"intervals"'));
    expect(touched.length).toBeGreaterThan(0);
    for (const dump of dumps) for (const needle of needles) expect(dump.includes(needle), needle).toBe(false);
  });
});
