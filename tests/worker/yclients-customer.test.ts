// Both directions: a customer cancels (and, where the salon allows, moves) a
// YClients booking from our app; YClients takes the change first and our row
// and the master's ledger follow. YClients sends its own messages for its
// bookings, so ours are not sent unless the salon asks.
import { beforeAll, describe, expect, it } from "vitest";
import { ledgerFor } from "../../worker/ledger/staff-ledger.js";
import { bookingOf, COMPANY_ID, event, linkStaff, newRecordId, record, requestsTo, sendWebhook, setMode, settled, workerEnv, fake } from "../yclients/fake-control.js";
import { call } from "./client.js";
import { moscow, newCustomer, newMaster, salonDate, sql } from "./scenario.js";

const snapshot = (staffId: number) => ledgerFor(workerEnv, staffId).snapshot(staffId);
const patch = (token: string, id: number, body: unknown) => call("PATCH", `/api/v1/bookings/${id}`, { token, body });
const messagesAbout = async (bookingId: number) =>
  Number((await sql("select count(*) as n from notification_outbox where dedupe_key like ?", [`%:${bookingId}:%`])).rows[0]!.n);

async function withSetting<T>(column: string, run: () => Promise<T>): Promise<T> {
  await sql(`update salon_settings set ${column} = 1 where id = 1`);
  try {
    return await run();
  } finally {
    await sql(`update salon_settings set ${column} = 0 where id = 1`);
  }
}

describe("changing a YClients booking from our app", () => {
  let master: { id: number };
  let ycStaff: number;
  let customer: Awaited<ReturnType<typeof newCustomer>>;
  beforeAll(async () => {
    master = await newMaster({ services: [3, 1] });
    ycStaff = await linkStaff(master.id);
    customer = await newCustomer();
  });

  /** A YClients booking of this customer, brought in by its webhook. */
  async function yclientsBooking(time: string, date = salonDate(6)) {
    const r = record({ id: newRecordId(), staff: ycStaff, date, time, client: { phone: customer.phone.slice(1), email: "" } });
    await sendWebhook(event("create", r));
    await settled(r.id, "create", "2026-01-10T18:42:05");
    const row = await bookingOf(r.id);
    return { recordId: r.id, id: Number(row!.id), date };
  }

  it("cancels in YClients first, then frees the master here, sending no message of ours", async () => {
    const b = await yclientsBooking("10:00");
    const res = await patch(customer.token, b.id, { action: "cancel" });
    expect(res.status).toBe(200);
    expect(res.body.booking).toMatchObject({ status: "cancelled", channel: "yclients" });
    const deletes = (await requestsTo(`/record/${COMPANY_ID}/${b.recordId}`)).filter((r) => r.method === "DELETE");
    expect(deletes).toHaveLength(1);
    expect((await snapshot(master.id)).some((i) => i.start === moscow(b.date, "10:00"))).toBe(false);
    expect(await messagesAbout(b.id)).toBe(0);
  });

  it("sends our own message for a YClients booking when the salon asks", async () => {
    const b = await yclientsBooking("11:00");
    await withSetting("yclients_own_notifications", () => patch(customer.token, b.id, { action: "cancel" }));
    expect(await messagesAbout(b.id)).toBe(1);
  });

  it("keeps the booking when YClients cannot take the cancellation", async () => {
    const b = await yclientsBooking("12:00");
    await setMode(`/record/${COMPANY_ID}/${b.recordId}`, "http_500", { match: "exact" });
    try {
      const res = await patch(customer.token, b.id, { action: "cancel" });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe("yclients_unavailable");
    } finally {
      await setMode(`/record/${COMPANY_ID}/${b.recordId}`, "ok", { match: "exact" });
    }
    expect((await bookingOf(b.recordId))!.status).toBe("pending");
    expect((await snapshot(master.id)).some((i) => i.start === moscow(b.date, "12:00"))).toBe(true);
  });

  it("says why when YClients refuses the cancellation for good, asks once, and keeps the booking", async () => {
    const b = await yclientsBooking("16:00");
    const path = `/record/${COMPANY_ID}/${b.recordId}`;
    await setMode(path, "http_422", { match: "exact" });
    try {
      const res = await patch(customer.token, b.id, { action: "cancel" });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: "yclients_refused", details: { status: 422, yclients_message: "Нельзя удалить запись с оплаченным визитом" } });
      expect(res.headers.get("retry-after")).toBeNull();
    } finally {
      await setMode(path, "ok", { match: "exact" });
    }
    expect((await requestsTo(path)).filter((r) => r.method === "DELETE")).toHaveLength(1);
    expect((await bookingOf(b.recordId))!.status).toBe("pending");
    expect((await snapshot(master.id)).some((i) => i.start === moscow(b.date, "16:00"))).toBe(true);
  });

  it("cancels here when YClients deletes the record but answers slower than our timeout", async () => {
    const b = await yclientsBooking("17:00");
    const path = `/record/${COMPANY_ID}/${b.recordId}`;
    // Both attempts outlast the 1 s timeout; YClients deletes the record all the same.
    await setMode(path, "slow", { match: "exact", times: 2, delay_ms: 1300 });
    const res = await patch(customer.token, b.id, { action: "cancel" });
    expect(res.status).toBe(200);
    expect(res.body.booking).toMatchObject({ status: "cancelled", channel: "yclients" });
    const calls = await requestsTo(path);
    expect(calls.filter((r) => r.method === "GET").length).toBeGreaterThanOrEqual(1);
    expect((await snapshot(master.id)).some((i) => i.start === moscow(b.date, "17:00"))).toBe(false);
  });

  it("moves a YClients booking only where the salon allows it, and the ledger follows YClients", async () => {
    const b = await yclientsBooking("13:00");
    const target = `${b.date}T15:00`;
    const refused = await patch(customer.token, b.id, { action: "reschedule", appointment_datetime: target });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("reschedule_not_allowed");
    const res = await withSetting("yclients_customer_reschedule", () => patch(customer.token, b.id, { action: "reschedule", appointment_datetime: target }));
    expect(res.status).toBe(200);
    expect(res.body.booking).toMatchObject({ start_at: moscow(b.date, "15:00"), channel: "yclients" });
    const inYclients = await fake("GET", `/__fake/requests?path=${encodeURIComponent(`/book_record/${COMPANY_ID}/${b.recordId}`)}`);
    expect(inYclients.requests).toHaveLength(1);
    const starts = (await snapshot(master.id)).map((i) => i.start);
    expect(starts).toContain(moscow(b.date, "15:00"));
    expect(starts).not.toContain(moscow(b.date, "13:00"));
  });
});
