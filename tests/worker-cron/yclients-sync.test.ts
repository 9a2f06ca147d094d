// Catalog sync and booking reconciliation against the fake YClients, and the
// cron's timing: 30 minutes after a success, 5 minutes after a failure.
import { beforeAll, describe, expect, it } from "vitest";
import { ledgerFor } from "../../worker/ledger/staff-ledger.js";
import { openDb } from "../../worker/repo/db.js";
import { requireConfig } from "../../worker/yclients/config.js";
import { yclientsCron } from "../../worker/yclients/cron.js";
import { reconcileClient, reconcileIfDue, runReconcile } from "../../worker/yclients/reconcile.js";
import { RECONCILE_RATE_LIMIT_WAITS_MS } from "../../worker/yclients/rate-limit.js";
import { writeState } from "../../worker/yclients/state.js";
import { bookingOf, COMPANY_ID, dropRecord, event, fake, linkStaff, newRecordId, putRecord, record, requestsTo, sendWebhook, settled, setMode, workerEnv } from "../yclients/fake-control.js";
import { call } from "../worker/client.js";
import { adminToken, moscow, newCustomer, newMaster, salonDate, sql } from "../worker/scenario.js";

const MINUTE = 60_000;
const db = openDb(workerEnv);
const config = requireConfig(workerEnv);
const snapshot = (staffId: number) => ledgerFor(workerEnv, staffId).snapshot(staffId);

const defaultServices = [
  { id: 5147108, title: "Стрижка женская", price_min: 2500, duration: 3600, active: 1, staff: [{ id: 1901, seance_length: 3600 }] },
  { id: 5147109, title: "Окрашивание", price_min: 5000, duration: 7200, active: 1, staff: [{ id: 1901, seance_length: 7200 }] },
];
const defaultStaff = [
  { id: 1901, name: "Анна", bookable: true, fired: 0, hidden: 0 },
  { id: 1902, name: "Мария", bookable: true, fired: 0, hidden: 0 },
];

describe("catalog sync", () => {
  let admin: string;
  let localOnly: number;
  let firedLocal: number;
  const suffix = Math.random().toString(36).slice(2, 7);
  beforeAll(async () => {
    admin = await adminToken();
    const row = await sql("insert into services (name, duration_min, price_minor, currency) values (?, 30, 90000, 'RUB') returning id", [`Уход ${suffix}`]);
    localOnly = Number(row.rows[0]!.id);
    await fake("PUT", "/__fake/catalog", {
      services: [
        ...defaultServices,
        { id: 7000001, title: `Новая услуга ${suffix}`, price_min: 1800, duration: 2700, active: 1, staff: [{ id: 1901, seance_length: 2700 }] },
        { id: 7000002, title: `Уход ${suffix}`, price_min: 900, duration: 1800, active: 1, staff: [] },
        { id: "7000003", title: `Только по телефону ${suffix}`, price_min: "900.00", service_type: "0", active: "1", staff: [] },
        { id: 7000004, title: `Выключенная ${suffix}`, price_min: 900, service_type: 1, active: "0", staff: [] },
      ],
      staff: [
        ...defaultStaff,
        { id: 7100001, name: `Новый мастер ${suffix}`, specialization: "Бровист", fired: 0 },
        { id: 7100002, name: "Уволенный", fired: 1 },
        { id: "7100003", name: "Удалённая", fired: "0", status: "1", position: [] },
        { id: 7100004, name: "Скрытая", fired: 0, hidden: "1" },
      ],
    });
    // A master of ours already linked to the one YClients now lists as fired.
    const fired = await newMaster({ name: `Уволенный ${suffix}` });
    firedLocal = fired.id;
    await sql("update staff set yclients_staff_id = 7100002 where id = ?", [fired.id]);
  });

  it("is for admins only", async () => {
    expect((await call("POST", "/api/v1/yclients/sync-catalog")).status).toBe(401);
    const customer = await newCustomer();
    const res = await call("POST", "/api/v1/yclients/sync-catalog", { token: customer.token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
  });

  it("reports the diff on a dry run and changes nothing", async () => {
    const res = await call("POST", "/api/v1/yclients/sync-catalog?dry_run=true", { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.dry_run).toBe(true);
    expect(res.body.services.unchanged.map((e: { local_id: number }) => e.local_id)).toEqual([1, 2]);
    expect(res.body.services.linked).toEqual([{ yclients_id: 7000002, name: `Уход ${suffix}`, local_id: localOnly }]);
    expect(res.body.services.missing_locally).toEqual([{ yclients_id: 7000001, name: `Новая услуга ${suffix}`, local_id: null }]);
    expect(res.body.services.created).toEqual([]);
    expect(res.body.staff.missing_locally.map((e: { yclients_id: number }) => e.yclients_id)).toEqual([7100001]);
    // Deleted masters (status 1) and services not bookable online (service_type 0) are left out.
    const mentioned = JSON.stringify({ services: res.body.services, staff: res.body.staff });
    expect(mentioned).not.toContain("7100003");
    expect(mentioned).not.toContain("7000003");
    const linked = await sql("select yclients_service_id from services where id = ?", [localOnly]);
    expect(linked.rows[0]!.yclients_service_id).toBeNull();
    const created = await sql("select count(*) as n from services where yclients_service_id = 7000001");
    expect(Number(created.rows[0]!.n)).toBe(0);
  });

  it("links by name, creates the rest inactive, and is idempotent", async () => {
    const res = await call("POST", "/api/v1/yclients/sync-catalog", { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.services.linked.map((e: { local_id: number }) => e.local_id)).toEqual([localOnly]);
    const [createdService] = res.body.services.created;
    const [createdMaster] = res.body.staff.created;
    const service = await sql("select name, active, duration_min, price_minor, yclients_service_id from services where id = ?", [createdService.local_id]);
    expect(service.rows[0]).toMatchObject({ name: `Новая услуга ${suffix}`, active: 0, duration_min: 45, price_minor: 180000, yclients_service_id: 7000001 });
    const master = await sql("select name, active, yclients_staff_id from staff where id = ?", [createdMaster.local_id]);
    expect(master.rows[0]).toMatchObject({ active: 0, yclients_staff_id: 7100001 });
    expect(res.body.skills_added).toBeGreaterThanOrEqual(1);
    expect((await sql("select yclients_service_id from services where id = ?", [localOnly])).rows[0]!.yclients_service_id).toBe(7000002);
    const again = await call("POST", "/api/v1/yclients/sync-catalog", { token: admin });
    expect([again.body.services.linked, again.body.services.created, again.body.staff.created]).toEqual([[], [], []]);
    expect(again.body.services.unchanged).toHaveLength(4);
  });

  it("lists what it skipped and why, and does not call a fired master missing in YClients", async () => {
    for (const dryRun of [true, false]) {
      const res = await call("POST", `/api/v1/yclients/sync-catalog?dry_run=${dryRun}`, { token: admin });
      expect(res.status).toBe(200);
      const ours = res.body.skipped.filter((e: { yclients_id: number }) => [7000003, 7000004, 7100002, 7100003, 7100004].includes(e.yclients_id));
      expect(ours).toEqual([
        { kind: "service", yclients_id: 7000003, name: `Только по телефону ${suffix}`, reason: "not_bookable_online", local_id: null },
        { kind: "service", yclients_id: 7000004, name: `Выключенная ${suffix}`, reason: "inactive", local_id: null },
        { kind: "staff", yclients_id: 7100002, name: "Уволенный", reason: "fired", local_id: firedLocal },
        { kind: "staff", yclients_id: 7100003, name: "Удалённая", reason: "deleted", local_id: null },
        { kind: "staff", yclients_id: 7100004, name: "Скрытая", reason: "hidden", local_id: null },
      ]);
      expect(res.body.staff.missing_remotely.map((e: { local_id: number }) => e.local_id)).not.toContain(firedLocal);
    }
    // Skipped ones are not imported; the fired master's row is left as it was.
    const imported = await sql("select count(*) as n from staff where yclients_staff_id in (7100003, 7100004)");
    expect(Number(imported.rows[0]!.n)).toBe(0);
    expect(Number((await sql("select count(*) as n from services where yclients_service_id in (7000003, 7000004)")).rows[0]!.n)).toBe(0);
    expect((await sql("select yclients_staff_id, active from staff where id = ?", [firedLocal])).rows[0]).toMatchObject({ yclients_staff_id: 7100002, active: 1 });
  });
});

describe("booking reconciliation", () => {
  let admin: string;
  let master: { id: number };
  let ycStaff: number;
  beforeAll(async () => {
    admin = await adminToken();
    master = await newMaster({ services: [3, 1] });
    ycStaff = await linkStaff(master.id);
  });

  it("catches a record whose webhook never came", async () => {
    const missed = record({ staff: ycStaff, date: salonDate(8), time: "11:00", attendance: 2 });
    await putRecord(missed);
    const res = await call("POST", "/api/v1/yclients/sync-bookings", { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.counts.created).toBeGreaterThanOrEqual(1);
    const row = await bookingOf(missed.id);
    expect(row).toMatchObject({ channel: "yclients", status: "confirmed", staff_id: master.id, start_at: moscow(salonDate(8), "11:00") });
    expect(await snapshot(master.id)).toContainEqual({ bookingId: Number(row!.id), start: moscow(salonDate(8), "11:00"), end: moscow(salonDate(8), "12:00"), status: "confirmed" });
  });

  it("cancels bookings YClients no longer returns or returns deleted, freeing the master", async () => {
    const gone = record({ staff: ycStaff, date: salonDate(9), time: "10:00" });
    const deleted = record({ staff: ycStaff, date: salonDate(9), time: "12:00" });
    for (const r of [gone, deleted]) {
      await sendWebhook(event("create", r));
      await settled(r.id, "create", "2026-01-10T18:42:05");
    }
    await dropRecord(gone.id);
    await putRecord({ ...deleted, deleted: true, last_change_date: "2026-01-12T08:00:00+03:00" });
    const res = await call("POST", "/api/v1/yclients/sync-bookings", { token: admin });
    expect(res.body.ok).toBe(true);
    expect(await bookingOf(gone.id)).toMatchObject({ status: "cancelled", cancel_reason: "yclients_missing" });
    expect(await bookingOf(deleted.id)).toMatchObject({ status: "cancelled", cancel_reason: "yclients_deleted" });
    const starts = (await snapshot(master.id)).map((i) => i.start);
    expect(starts).not.toContain(moscow(salonDate(9), "10:00"));
    expect(starts).not.toContain(moscow(salonDate(9), "12:00"));
  });

  it("does not bring in records deleted before we ever saw them", async () => {
    const stranger = record({ staff: ycStaff, date: salonDate(9), time: "16:00", deleted: true });
    await putRecord(stranger);
    const res = await call("POST", "/api/v1/yclients/sync-bookings", { token: admin });
    expect(res.body.ok).toBe(true);
    expect(await bookingOf(stranger.id)).toBeUndefined();
  });

  it("pages through records with count ≤ 200, deleted ones included", async () => {
    await call("POST", "/api/v1/yclients/sync-bookings", { token: admin });
    const pages = (await requestsTo(`/records/${COMPANY_ID}`)).slice(-1);
    expect(Number(pages[0]!.query.count![0])).toBeLessThanOrEqual(200);
    expect(pages[0]!.query.start_date![0]).toBe(salonDate(-30));
    expect(pages[0]!.query.with_deleted).toEqual(["1"]);
  });

  it("reads every page when YClients serves fewer records a page than asked", async () => {
    const records = Array.from({ length: 5 }, (_, i) => record({ staff: ycStaff, date: salonDate(10), time: `${10 + i}:00`, attendance: 2 }));
    for (const r of records) await putRecord(r);
    const before = (await requestsTo(`/records/${COMPANY_ID}`)).length;
    await fake("PUT", "/__fake/page_cap", { cap: 2 });
    try {
      const res = await call("POST", "/api/v1/yclients/sync-bookings", { token: admin });
      expect(res.body.ok).toBe(true);
      const calls = (await requestsTo(`/records/${COMPANY_ID}`)).slice(before);
      expect(calls.length).toBeGreaterThanOrEqual(3);
      expect(calls.every((c) => c.query.count![0] === "200")).toBe(true);
    } finally {
      await fake("PUT", "/__fake/page_cap", { cap: 200 });
    }
    for (const r of records) expect(await bookingOf(r.id)).toMatchObject({ status: "confirmed" });
  });

  it("fails the run, cancelling nothing, when the pages never reach the total", async () => {
    const live = record({ staff: ycStaff, date: salonDate(11), time: "10:00" });
    await sendWebhook(event("create", live));
    await settled(live.id, "create", "2026-01-10T18:42:05");
    await dropRecord(live.id);
    // total_count promises more records than the pages hold: the list ends in an empty page.
    await fake("PUT", "/__fake/page_cap", { cap: 200, overcount: 3 });
    try {
      const res = await call("POST", "/api/v1/yclients/sync-bookings", { token: admin });
      expect(res.body.ok).toBe(false);
      expect(res.body.last_error).toMatch(/empty/);
    } finally {
      await fake("PUT", "/__fake/page_cap", { cap: 200 });
      await putRecord(live);
    }
    expect((await bookingOf(live.id))!.status).toBe("pending");
  });

  it("does not cancel a record that was moved out of the window: it follows it", async () => {
    const moved = record({ staff: ycStaff, date: salonDate(12), time: "10:00" });
    await sendWebhook(event("create", moved));
    await settled(moved.id, "create", "2026-01-10T18:42:05");
    // Moved in YClients to a date past the horizon; its webhook was lost.
    const far = salonDate(400);
    await putRecord(record({ id: moved.id, staff: ycStaff, date: far, time: "12:00", changed: "2026-01-11T09:15:00" }));
    const res = await call("POST", "/api/v1/yclients/sync-bookings", { token: admin });
    expect(res.body.ok).toBe(true);
    expect(await bookingOf(moved.id)).toMatchObject({ status: "pending", start_at: moscow(far, "12:00") });
    expect((await requestsTo(`/record/${COMPANY_ID}/${moved.id}`)).length).toBeGreaterThanOrEqual(1);
    expect((await snapshot(master.id)).map((i) => i.start)).not.toContain(moscow(salonDate(12), "10:00"));
  });

  it("runs incrementally between full runs, asking only for changes and cancelling nothing", async () => {
    const t0 = Date.now() + 48 * 60 * MINUTE;
    const at = (minutes: number) => new Date(t0 + minutes * MINUTE);
    await writeState(db, { last_run_at: at(-6).toISOString(), last_kind: "full", last_success_at: at(-6).toISOString(), last_incremental_at: null, last_error_at: null, last_error: null, counts: null });
    const gone = record({ staff: ycStaff, date: salonDate(13), time: "10:00" });
    await sendWebhook(event("create", gone));
    await settled(gone.id, "create", "2026-01-10T18:42:05");
    await dropRecord(gone.id);
    const before = (await requestsTo(`/records/${COMPANY_ID}`)).length;
    const state = await reconcileIfDue(db, workerEnv, config, at(0));
    expect(state).toMatchObject({ last_kind: "incremental", last_incremental_at: at(0).toISOString(), last_success_at: at(-6).toISOString() });
    const [call0] = (await requestsTo(`/records/${COMPANY_ID}`)).slice(before);
    expect(call0!.query.changed_after).toHaveLength(1);
    expect(call0!.query.start_date).toBeUndefined();
    expect((await bookingOf(gone.id))!.status).toBe("pending");
    await putRecord(gone);
  });

  it("retries 5 minutes after a failure and then every 30 minutes, with bounded client retries", async () => {
    const t0 = Date.now() + 24 * 60 * MINUTE;
    const at = (minutes: number) => new Date(t0 + minutes * MINUTE);
    // A recent success (in this test's clock) keeps cron runs that other test
    // files trigger at the real time from running reconciliation meanwhile.
    await writeState(db, { last_run_at: at(-1).toISOString(), last_kind: "full", last_success_at: at(-1).toISOString(), last_incremental_at: null, last_error_at: null, last_error: null, counts: null });
    await setMode(`/records/${COMPANY_ID}`, "http_500");
    const before = (await requestsTo(`/records/${COMPANY_ID}`)).length;
    try {
      const failed = await runReconcile(db, workerEnv, config, at(0));
      expect(failed).toMatchObject({ last_error_at: at(0).toISOString() });
      expect(failed.last_error).toMatch(/server error/);
      expect((await requestsTo(`/records/${COMPANY_ID}`)).length - before).toBe(4);
      expect(await reconcileIfDue(db, workerEnv, config, at(4))).toBeNull();
    } finally {
      await setMode(`/records/${COMPANY_ID}`, "ok");
    }
    const recovered = await reconcileIfDue(db, workerEnv, config, at(5));
    expect(recovered).toMatchObject({ last_success_at: at(5).toISOString(), last_error_at: null, last_error: null });
    expect(await yclientsCron(db, workerEnv, at(7))).toMatchObject({ yclients_reconcile: "not_due" });
    expect(await yclientsCron(db, workerEnv, at(34))).toMatchObject({ yclients_reconcile: "ok", yclients_reconcile_kind: "incremental" });
    expect(await yclientsCron(db, workerEnv, at(35))).toMatchObject({ yclients_reconcile: "ok", yclients_reconcile_kind: "full" });

    const status = await call("GET", "/api/v1/yclients/status", { token: admin });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ enabled: true, company_id: COMPANY_ID, reachable: true, form_url: "https://n777001.yclients.com", reconcile: { last_success_at: at(35).toISOString(), last_error_at: null, last_error: null } });
    expect(status.body.reconcile.counts).toEqual(expect.objectContaining({ fetched: expect.any(Number), failed: 0 }));
  });

  it("clears an old run's last_error once a later run succeeds, so status shows only a current failure", async () => {
    const t0 = Date.now() + 96 * 60 * MINUTE;
    const at = (minutes: number) => new Date(t0 + minutes * MINUTE);
    await writeState(db, { last_run_at: at(-1).toISOString(), last_kind: "full", last_success_at: at(-1).toISOString(), last_incremental_at: null, last_error_at: null, last_error: null, counts: null });
    await setMode(`/records/${COMPANY_ID}`, "http_500");
    try {
      expect((await runReconcile(db, workerEnv, config, at(0), "incremental")).last_error).toMatch(/server error/);
      const failing = await call("GET", "/api/v1/yclients/status", { token: admin });
      expect(failing.body.reconcile).toMatchObject({ last_run_at: at(0).toISOString(), last_error_at: at(0).toISOString() });
    } finally {
      await setMode(`/records/${COMPANY_ID}`, "ok");
    }
    expect(await runReconcile(db, workerEnv, config, at(1), "incremental")).toMatchObject({ last_incremental_at: at(1).toISOString(), last_error: null, last_error_at: null });
    const status = await call("GET", "/api/v1/yclients/status", { token: admin });
    expect(status.body.reconcile).toMatchObject({ last_run_at: at(1).toISOString(), last_error: null, last_error_at: null });
  });

  describe("under YClients' rate limit (429 without Retry-After)", () => {
    /** The client's clock: each wait is recorded and passes at once, so no test waits a minute. */
    const clock = () => {
      const waits: number[] = [];
      return { waits, sleep: async (ms: number) => void waits.push(ms) };
    };
    const listCalls = async () => (await requestsTo(`/records/${COMPANY_ID}`)).length;

    it("backs off over the documented 5/s and 200/min windows and finishes the full run", async () => {
      const missed = record({ staff: ycStaff, date: salonDate(14), time: "11:00", attendance: 2 });
      await putRecord(missed);
      const t0 = Date.now() + 120 * 60 * MINUTE;
      await writeState(db, { last_run_at: new Date(t0 - MINUTE).toISOString(), last_kind: "full", last_success_at: new Date(t0 - MINUTE).toISOString(), last_incremental_at: null, last_error_at: null, last_error: null, counts: null });
      const { waits, sleep } = clock();
      const limited = RECONCILE_RATE_LIMIT_WAITS_MS.length - 1;
      await setMode(`/records/${COMPANY_ID}`, "http_429", { times: limited });
      const before = await listCalls();
      try {
        const state = await runReconcile(db, workerEnv, config, new Date(t0), "full", reconcileClient(config, { sleep }));
        expect(state).toMatchObject({ last_success_at: new Date(t0).toISOString(), last_error: null });
      } finally {
        await setMode(`/records/${COMPANY_ID}`, "ok");
      }
      // Each 429 was asked again after a wait; the last wait outlasts the minute window.
      expect((await listCalls()) - before).toBeGreaterThanOrEqual(limited + 1);
      expect(waits.slice(0, limited)).toEqual(RECONCILE_RATE_LIMIT_WAITS_MS.slice(0, limited));
      expect(waits.slice(0, limited).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(60_000);
      expect(await bookingOf(missed.id)).toMatchObject({ status: "confirmed" });
    });

    it("gives up with a rate-limit error, its waits bounded, when YClients still says 429 after them", async () => {
      const t0 = Date.now() + 144 * 60 * MINUTE;
      await writeState(db, { last_run_at: new Date(t0 - MINUTE).toISOString(), last_kind: "full", last_success_at: new Date(t0 - MINUTE).toISOString(), last_incremental_at: null, last_error_at: null, last_error: null, counts: null });
      const { waits, sleep } = clock();
      await setMode(`/records/${COMPANY_ID}`, "http_429");
      const before = await listCalls();
      try {
        const state = await runReconcile(db, workerEnv, config, new Date(t0), "full", reconcileClient(config, { sleep }));
        expect(state.last_error).toMatch(/rate limit/);
      } finally {
        await setMode(`/records/${COMPANY_ID}`, "ok");
      }
      expect((await listCalls()) - before).toBe(RECONCILE_RATE_LIMIT_WAITS_MS.length + 1);
      expect(waits).toEqual(RECONCILE_RATE_LIMIT_WAITS_MS);
    });
  });
});
