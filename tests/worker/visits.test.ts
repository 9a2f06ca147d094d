// Several services in one visit: the whole sequence's start times, and the
// visit reserved across two masters' ledgers all or nothing.
import { describe, expect, it } from "vitest";
import { call } from "./client.js";
import { activeRows, claimInFlight as claimAsInFlight, insertBookingRow, ledgerOf, ledgerSnapshot, quickCustomer, releaseInFlight } from "./direct-db.js";
import { moscow, newKey, newMaster, salonDate, slot, sql } from "./scenario.js";

const HAIRCUT = 3; // 45 min, no buffer
// 90 min + 10 min clean-up. Not the manicure: bookings.test.ts books it with "any" master and expects its own masters.
const MANICURE = 5;
const NAIL_DESIGN = 7; // add-on of manicure, not of the haircut

const visit = (token: string, body: Record<string, unknown>, key = newKey()) =>
  call("POST", "/api/v1/visits", { token, body, headers: { "idempotency-key": key } });

const slotsOf = (items: string, date: string) => call("GET", `/api/v1/booking/visit-slots?items=${items}&date=${date}`);

/** Two masters working 10:00–19:00 with a 14:00–15:00 break: A cuts hair, B does manicures. */
async function twoMasters(services: { a: number[]; b: number[] } = { a: [HAIRCUT], b: [MANICURE] }) {
  const a = await newMaster({ services: services.a });
  const b = await newMaster({ services: services.b });
  return { a, b };
}

/** An interval in a master's ledger that no booking row backs yet: another request's claim in flight. */
const claimInFlight = (staffId: number, start: string, end: string) => claimAsInFlight(staffId, `in-flight-${start}`, start, end);
const releaseClaim = (staffId: number, start: string) => releaseInFlight(staffId, `in-flight-${start}`);

describe("visit slots", () => {
  it("lists only the starts where the whole sequence fits: two masters, a break and a booking in the way", async () => {
    const { a, b } = await twoMasters();
    const day = salonDate(6);
    const someone = await quickCustomer();
    // B is busy 11:30–12:00, before the ledger is first used (it loads the row).
    await insertBookingRow({ userId: someone.id, phone: someone.phone, staffId: b.id, serviceId: MANICURE, startAt: moscow(day, "11:30"), endAt: moscow(day, "12:00") });

    const answer = await slotsOf(`${HAIRCUT}:${a.id},${MANICURE}:${b.id}`, day);

    expect(answer.status).toBe(200);
    // Haircut 45 min with A, then the manicure (90 + 10) with B right after:
    // it must miss B's 11:30 booking and both masters' 14:00–15:00 break and end by 19:00.
    expect(answer.body.slots.map((s: { time: string }) => s.time)).toEqual(["11:30", "15:00", "15:30", "16:00", "16:30"]);
    // The calendar dots count the same starts.
    const counts = await call("GET", `/api/v1/booking/visit-slots?items=${HAIRCUT}:${a.id},${MANICURE}:${b.id}&from=${day}&days=2`);
    expect(counts.body.days[0]).toEqual({ date: day, status: "open", available: 5 });
    expect(counts.body.days).toHaveLength(2);
    const first = answer.body.slots[0];
    expect(first.items).toEqual([
      { service_id: HAIRCUT, staff_id: a.id, start_at: moscow(day, "11:30"), end_at: moscow(day, "12:15"), duration: 45, local_time: "11:30" },
      { service_id: MANICURE, staff_id: b.id, start_at: moscow(day, "12:15"), end_at: moscow(day, "13:45"), duration: 90, local_time: "12:15" },
    ]);
  });

  it("puts one master's second service after the first one's clean-up, with any master", async () => {
    const master = await newMaster({ services: [MANICURE, HAIRCUT] });
    const day = salonDate(7);
    const answer = await slotsOf(`${MANICURE}:${master.id},${HAIRCUT}:any`, day);
    expect(answer.status).toBe(200);
    const at10 = answer.body.slots.find((s: { time: string }) => s.time === "10:00");
    // Whoever of "any" cuts the hair, they start after the manicure and its 10-minute clean-up.
    expect(at10.items[1].start_at).toBe(moscow(day, "11:40"));
    // 12:30 + 100 min runs into the 14:00 break of this master: not offered.
    expect(answer.body.slots.map((s: { time: string }) => s.time)).not.toContain("12:30");
  });

  it("answers 400 for a malformed items list and 422 naming the item whose master does not do it", async () => {
    const { a, b } = await twoMasters();
    const day = salonDate(6);
    const malformed = await slotsOf("3:x", day);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("validation_failed");
    const single = await slotsOf(`${HAIRCUT}`, day);
    expect(single.status).toBe(400);
    const wrongMaster = await slotsOf(`${HAIRCUT}:${a.id},${HAIRCUT}:${b.id}`, day);
    expect(wrongMaster.status).toBe(422);
    expect(wrongMaster.body.error.code).toBe("staff_does_not_do_service");
    expect(wrongMaster.body.error.details.field).toBe("items.1.staff_id");
    const badAddon = await slotsOf(`${HAIRCUT}:${a.id}/${NAIL_DESIGN},${MANICURE}:${b.id}`, day);
    expect(badAddon.status).toBe(422);
    expect(badAddon.body.error.code).toBe("invalid_addon");
  });
});

describe("booking a visit", () => {
  it("books both items with their masters, times and prices, and shows them once in my bookings", async () => {
    const { a, b } = await twoMasters();
    const alice = await quickCustomer();
    const day = salonDate(6);
    const answer = await visit(alice.token, { items: [{ service_id: HAIRCUT, staff_id: a.id }, { service_id: MANICURE, staff_id: b.id }], appointment_datetime: slot(day, "10:00") });

    expect(answer.status).toBe(201);
    const v = answer.body.visit;
    expect(v.status).toBe("booked");
    expect(v.bookings.map((x: any) => [x.service.id, x.staff.id, x.local_time, x.price.amount_minor, x.visit_id])).toEqual([
      [HAIRCUT, a.id, "10:00", 150000, v.id],
      [MANICURE, b.id, "10:45", 220000, v.id],
    ]);
    expect(v.total).toEqual({ amount_minor: 370000, currency: "RUB" });
    expect(await activeRows(a.id)).toEqual([{ id: v.bookings[0].id, start: moscow(day, "10:00"), end: moscow(day, "10:45"), status: "pending" }]);
    expect(await activeRows(b.id)).toEqual([{ id: v.bookings[1].id, start: moscow(day, "10:45"), end: moscow(day, "12:25"), status: "pending" }]);

    // One message to the customer per item, and each master hears of theirs, once the visit is booked.
    for (const b of v.bookings) {
      const { rows: sent } = await sql("select kind from notification_outbox where dedupe_key like ? or dedupe_key like ? order by kind", [`booking_created:${b.id}:%`, `staff_booking_created#${b.id}#%`]);
      expect(sent.map((r) => r.kind)).toEqual(["booking_created", "staff_booking_created"]);
    }

    const mine = await call("GET", "/api/v1/bookings", { token: alice.token });
    expect(mine.body.bookings.map((x: any) => x.id).sort()).toEqual(v.bookings.map((x: any) => x.id).sort());
    const shown = await call("GET", `/api/v1/visits/${v.id}`, { token: alice.token });
    expect(shown.status).toBe(200);
    expect(shown.body.visit.bookings).toHaveLength(2);
    const stranger = await quickCustomer();
    expect((await call("GET", `/api/v1/visits/${v.id}`, { token: stranger.token })).status).toBe(403);
  });

  it("books two services with one master back to back, the second after the first one's clean-up", async () => {
    const master = await newMaster({ services: [MANICURE, HAIRCUT] });
    const alice = await quickCustomer();
    const day = salonDate(12);
    const answer = await visit(alice.token, { items: [{ service_id: MANICURE, staff_id: master.id }, { service_id: HAIRCUT, staff_id: master.id }], appointment_datetime: slot(day, "10:00") });
    expect(answer.status).toBe(201);
    expect(await activeRows(master.id)).toEqual([
      { id: answer.body.visit.bookings[0].id, start: moscow(day, "10:00"), end: moscow(day, "11:40"), status: "pending" },
      { id: answer.body.visit.bookings[1].id, start: moscow(day, "11:40"), end: moscow(day, "12:25"), status: "pending" },
    ]);
    expect((await ledgerSnapshot(master.id)).map((i) => i.bookingId)).toEqual(answer.body.visit.bookings.map((b: any) => b.id));
  });

  it("books nothing when the second master's time is taken in the ledger: 409 with whole-visit alternatives, the first master's claim given back", async () => {
    const { a, b } = await twoMasters();
    const alice = await quickCustomer();
    const day = salonDate(6);
    // The database shows B free at 10:45, but B's ledger holds it for a request in flight.
    await claimInFlight(b.id, moscow(day, "11:00"), moscow(day, "11:30"));
    const key = newKey();
    const body = { items: [{ service_id: HAIRCUT, staff_id: a.id }, { service_id: MANICURE, staff_id: b.id }], appointment_datetime: slot(day, "10:00") };

    const refused = await visit(alice.token, body, key);

    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("slot_taken");
    const alternatives = refused.body.error.details.alternatives;
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives[0].items.map((i: any) => i.staff_id)).toEqual([a.id, b.id]);
    expect(await activeRows(a.id)).toEqual([]);
    expect(await ledgerSnapshot(a.id)).toEqual([]);
    expect((await call("GET", "/api/v1/bookings", { token: alice.token })).body.bookings).toEqual([]);
    const { rows } = await sql("select status from visits where user_id = ?", [alice.id]);
    expect(rows.map((r) => r.status)).toEqual(["failed"]);
    // The item given back was never announced to anyone.
    const { rows: released } = await sql("select id, cancel_reason from bookings where user_id = ?", [alice.id]);
    expect(released.map((r) => r.cancel_reason)).toEqual(["visit_incomplete"]);
    const { rows: told } = await sql("select count(*) as n from notification_outbox where dedupe_key like ? or dedupe_key like ?", [`booking_created:${released[0]!.id}:%`, `staff_booking_created#${released[0]!.id}#%`]);
    expect(Number(told[0]!.n)).toBe(0);

    // Once the time is free, the same key books the visit (a new attempt, fresh items).
    await releaseClaim(b.id, moscow(day, "11:00"));
    const retried = await visit(alice.token, body, key);
    expect(retried.status).toBe(201);
    expect((await activeRows(a.id)).map((r) => r.id)).toEqual([retried.body.visit.bookings[0].id]);
    expect((await call("GET", "/api/v1/bookings", { token: alice.token })).body.bookings).toHaveLength(2);
  });

  it("answers bad visit requests with 400/422 naming the field, never a 500", async () => {
    const { a, b } = await twoMasters();
    const alice = await quickCustomer();
    const at = slot(salonDate(6), "10:00");
    const noKey = await call("POST", "/api/v1/visits", { token: alice.token, body: { items: [{ service_id: HAIRCUT }, { service_id: MANICURE }], appointment_datetime: at } });
    expect([noKey.status, noKey.body.error.code]).toEqual([400, "idempotency_key_required"]);
    const badId = await visit(alice.token, { items: [{ service_id: "x" }, { service_id: MANICURE }], appointment_datetime: at });
    expect([badId.status, badId.body.error.code]).toEqual([400, "validation_failed"]);
    expect(badId.body.error.details.issues[0].path).toBe("items.0.service_id");
    const one = await visit(alice.token, { items: [{ service_id: HAIRCUT }], appointment_datetime: at });
    expect([one.status, one.body.error.details.issues[0].path]).toEqual([400, "items"]);
    const badTime = await visit(alice.token, { items: [{ service_id: HAIRCUT }, { service_id: MANICURE }], appointment_datetime: "2026-02-30T10:00" });
    expect([badTime.status, badTime.body.error.code]).toEqual([400, "validation_failed"]);
    const addon = await visit(alice.token, { items: [{ service_id: 4 }, { service_id: MANICURE }], appointment_datetime: at });
    expect([addon.status, addon.body.error.code]).toEqual([422, "service_is_addon"]);
    const missing = await visit(alice.token, { items: [{ service_id: 999999 }, { service_id: MANICURE }], appointment_datetime: at });
    expect([missing.status, missing.body.error.code]).toEqual([404, "not_found"]);
    const offGrid = await visit(alice.token, { items: [{ service_id: HAIRCUT, staff_id: a.id }, { service_id: MANICURE, staff_id: b.id }], appointment_datetime: slot(salonDate(6), "10:10") });
    expect([offGrid.status, offGrid.body.error.code]).toEqual([422, "off_grid"]);
    const anon = await call("POST", "/api/v1/visits", { body: { items: [{ service_id: HAIRCUT }, { service_id: MANICURE }], appointment_datetime: at }, headers: { "idempotency-key": newKey() } });
    expect(anon.status).toBe(401);
  });

  it("refuses a visit whose second item runs into a break with 422 naming the item", async () => {
    const { a, b } = await twoMasters();
    const alice = await quickCustomer();
    const answer = await visit(alice.token, { items: [{ service_id: HAIRCUT, staff_id: a.id }, { service_id: MANICURE, staff_id: b.id }], appointment_datetime: slot(salonDate(6), "12:30") });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe("in_break");
    expect(answer.body.error.details.item).toBe(1);
  });

  it("answers a retry with the same key with the same visit, never a second one", async () => {
    const { a, b } = await twoMasters();
    const alice = await quickCustomer();
    const key = newKey();
    const body = { items: [{ service_id: HAIRCUT, staff_id: a.id }, { service_id: MANICURE, staff_id: b.id }], appointment_datetime: slot(salonDate(6), "15:00") };
    const first = await visit(alice.token, body, key);
    const again = await visit(alice.token, body, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.visit.id).toBe(first.body.visit.id);
    expect(again.body.visit.bookings.map((x: any) => x.id)).toEqual(first.body.visit.bookings.map((x: any) => x.id));
    expect(await activeRows(a.id)).toHaveLength(1);
    const other = await visit(alice.token, { ...body, appointment_datetime: slot(salonDate(6), "16:00") }, key);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe("idempotency_key_reused");
  });

  it("answers simultaneous retries of one visit with that visit or 'try again', and books it once", { timeout: 60_000 }, async () => {
    const { a, b } = await twoMasters();
    const alice = await quickCustomer();
    const key = newKey();
    const body = { items: [{ service_id: HAIRCUT, staff_id: a.id }, { service_id: MANICURE, staff_id: b.id }], appointment_datetime: slot(salonDate(11), "10:00") };
    const answers = await Promise.all(Array.from({ length: 8 }, () => visit(alice.token, body, key)));
    const outcomes = answers.map((r) => (r.status === 201 ? "201" : `${r.status} ${r.body.error?.code} ${r.headers.get("retry-after") ? "retry-after" : ""}`));
    expect(outcomes.filter((o) => o !== "201" && o !== "503 ledger_unavailable retry-after")).toEqual([]);
    const ids = new Set(answers.filter((r) => r.status === 201).map((r) => r.body.visit.id));
    expect(ids.size).toBe(1);
    expect(await activeRows(a.id)).toHaveLength(1);
    expect(await activeRows(b.id)).toHaveLength(1);
    // After the dust settles, the same key answers the visit.
    const later = await visit(alice.token, body, key);
    expect(later.status).toBe(201);
    expect(ids.has(later.body.visit.id)).toBe(true);
  });

  it("finishes a visit whose worker died after every item landed, and rolls back one that died half way, when retried", async () => {
    const { a, b } = await twoMasters();
    const alice = await quickCustomer();
    const day = salonDate(6);
    const body = { items: [{ service_id: HAIRCUT, staff_id: a.id }, { service_id: MANICURE, staff_id: b.id }], appointment_datetime: slot(day, "10:00") };
    const key = newKey();
    const first = await visit(alice.token, body, key);
    const v = first.body.visit;
    const longAgo = new Date(Date.now() - 60_000).toISOString();

    // Died after both ledgers, before the visit was marked booked: the retry rolls it forward.
    await sql("update visits set status = 'reserving', updated_at = ? where id = ?", [longAgo, v.id]);
    expect((await call("GET", "/api/v1/bookings", { token: alice.token })).body.bookings).toEqual([]);
    const forward = await visit(alice.token, body, key);
    expect(forward.status).toBe(201);
    expect(forward.body.visit.bookings.map((x: any) => x.id)).toEqual(v.bookings.map((x: any) => x.id));

    // Died between the ledgers: only A's item landed. The retry gives it back and books afresh.
    await sql("update visits set status = 'reserving', updated_at = ? where id = ?", [longAgo, v.id]);
    const [, second] = v.bookings;
    await ledgerOf(b.id).transition(b.id, second.id, ["pending"], "cancelled", "test: never landed");
    const back = await visit(alice.token, body, key);
    expect(back.status).toBe(201);
    const fresh = back.body.visit.bookings.map((x: any) => x.id);
    expect(fresh).not.toContain(v.bookings[0].id);
    expect((await activeRows(a.id)).map((r) => r.id)).toEqual([fresh[0]]);
    expect((await activeRows(b.id)).map((r) => r.id)).toEqual([fresh[1]]);
    expect((await call("GET", "/api/v1/bookings", { token: alice.token })).body.bookings.map((x: any) => x.id).sort()).toEqual([...fresh].sort());
  });

  it("lets the cron roll back a visit left reserving", async () => {
    const { a, b } = await twoMasters();
    const alice = await quickCustomer();
    const body = { items: [{ service_id: HAIRCUT, staff_id: a.id }, { service_id: MANICURE, staff_id: b.id }], appointment_datetime: slot(salonDate(8), "10:00") };
    const v = (await visit(alice.token, body)).body.visit;
    await sql("update visits set status = 'reserving', updated_at = ? where id = ?", [new Date(Date.now() - 60_000).toISOString(), v.id]);
    await ledgerOf(b.id).transition(b.id, v.bookings[1].id, ["pending"], "cancelled", "test: never landed");
    const { repairVisits } = await import("../../worker/reservations/visit-repair.js");
    const { openDb } = await import("../../worker/repo/db.js");
    const { env } = await import("cloudflare:workers");
    const result = await repairVisits(openDb(env as never), env as never, new Date());
    expect(result.failed).toBeGreaterThanOrEqual(1);
    expect(await activeRows(a.id)).toEqual([]);
    expect((await sql("select status from visits where id = ?", [v.id])).rows[0]!.status).toBe("failed");
  });

  it("cancels every booking of a visit with one call", async () => {
    const { a, b } = await twoMasters();
    const alice = await quickCustomer();
    const v = (await visit(alice.token, { items: [{ service_id: HAIRCUT, staff_id: a.id }, { service_id: MANICURE, staff_id: b.id }], appointment_datetime: slot(salonDate(9), "10:00") })).body.visit;
    const cancelled = await call("PATCH", `/api/v1/visits/${v.id}`, { token: alice.token, body: { action: "cancel" } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.visit.bookings.map((x: any) => x.status)).toEqual(["cancelled", "cancelled"]);
    expect(await activeRows(a.id)).toEqual([]);
    expect(await activeRows(b.id)).toEqual([]);
  });

  it("gives overlapping visits racing across two masters to exactly one, with no overlapping intervals", { timeout: 90_000 }, async () => {
    // Both masters do both services; X = haircut with A then manicure with B,
    // Y = manicure with B then haircut with A: any two of them meet at B.
    const { a, b } = await twoMasters({ a: [HAIRCUT, MANICURE], b: [HAIRCUT, MANICURE] });
    const day = salonDate(10);
    const customers = await Promise.all(Array.from({ length: 6 }, () => quickCustomer()));
    const x = { items: [{ service_id: HAIRCUT, staff_id: a.id }, { service_id: MANICURE, staff_id: b.id }], appointment_datetime: slot(day, "10:00") };
    const y = { items: [{ service_id: MANICURE, staff_id: b.id }, { service_id: HAIRCUT, staff_id: a.id }], appointment_datetime: slot(day, "10:30") };

    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => visit(customers[i % customers.length]!.token, i % 2 ? y : x)));

    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(23);
    const winner = answers.find((r) => r.status === 201)!.body.visit;
    const ids = winner.bookings.map((x: any) => x.id).sort();
    const rows = [...(await activeRows(a.id)), ...(await activeRows(b.id))];
    expect(rows.map((r) => r.id).sort()).toEqual(ids);
    for (const staffId of [a.id, b.id]) {
      const held = (await ledgerSnapshot(staffId)).filter((i) => i.bookingId !== null);
      for (const [i, p] of held.entries()) for (const q of held.slice(i + 1)) expect(p.start < q.end && q.start < p.end).toBe(false);
      expect(held.map((i) => i.bookingId).sort()).toEqual((await activeRows(staffId)).map((r) => r.id).sort());
    }
  });
});
