// Rule 9 for rooms, machines and class seats: the cron audit brings each
// resource's units and each scheduled session's seats in line with the
// database, like a master's intervals (missing added, unbacked dropped).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../../worker/env.js";
import { ledgerOf as ownerLedger } from "../../worker/ledger/staff-ledger.js";
import { call, runCron } from "../worker/client.js";
import { quickCustomer } from "../worker/direct-db.js";
import { roomScenario, unitSnapshot } from "../worker/resource-helpers.js";
import { adminToken, book, moscow, newKey, newMaster, salonDate, slot, sql } from "../worker/scenario.js";

const day = salonDate(7);

async function insertRow(b: { userId: number; phone: string; staffId: number; serviceId: number; start: string; end: string; classId?: number }): Promise<number> {
  const { rows } = await sql(
    `insert into bookings (user_id, service_id, staff_id, class_id, start_at, end_at, status, phone, price_total_minor, currency)
     values (?, ?, ?, ?, ?, ?, 'pending', ?, 150000, 'RUB') returning id`,
    [b.userId, b.serviceId, b.staffId, b.classId ?? null, b.start, b.end, b.phone],
  );
  return Number(rows[0]!.id);
}

describe("the cron audit of capacity ledgers", () => {
  it("adds a room's units the ledger misses and drops units the database does not back", async () => {
    const { staff, serviceId, room } = await roomScenario(1, 2);
    const alice = await quickCustomer();
    const kept = await book(alice.token, { service_id: serviceId, staff_id: staff[0]!.id, appointment_datetime: slot(day, "10:00") });
    const gone = await book(alice.token, { service_id: serviceId, staff_id: staff[0]!.id, appointment_datetime: slot(day, "13:00") });
    expect([kept.status, gone.status]).toEqual([201, 201]);
    // Cancelled by hand: the room's ledger is never told.
    await sql("update bookings set status = 'cancelled' where id = ?", [gone.body.booking.id]);
    // Written by hand with its unit: the room's ledger never saw it.
    const missing = await insertRow({ userId: alice.id, phone: alice.phone, staffId: staff[0]!.id, serviceId, start: moscow(day, "16:00"), end: moscow(day, "17:00") });
    await sql("insert into booking_resources (booking_id, resource_id, unit) values (?, ?, 2)", [missing, room.id]);
    expect((await unitSnapshot(room.id)).map((c) => c.bookingId)).toEqual([kept.body.booking.id, gone.body.booking.id]);

    await runCron(Date.now());

    expect((await unitSnapshot(room.id)).map(({ bookingId, unit, start }) => ({ bookingId, unit, start }))).toEqual([
      { bookingId: kept.body.booking.id, unit: 1, start: moscow(day, "10:00") },
      { bookingId: missing, unit: 2, start: moscow(day, "16:00") },
    ]);
  });

  it("adds a session's seats the ledger misses and drops seats the database does not back", async () => {
    const admin = await adminToken();
    const service = await call("POST", "/api/v1/admin/services", {
      token: admin,
      body: { name: `Пилатес ${Math.random().toString(36).slice(2, 6)}`, duration_min: 60, price_minor: 90000, is_class: true, default_seats: 12 },
    });
    const serviceId = service.body.service.id as number;
    const master = await newMaster({ services: [serviceId] });
    const made = await call("POST", "/api/v1/admin/classes", { token: admin, body: { service_id: serviceId, staff_id: master.id, start_at: slot(day, "11:00"), seats: 3 } });
    expect(made.status).toBe(201);
    const classId = made.body.class.id as number;
    const alice = await quickCustomer();
    const bob = await quickCustomer();
    const kept = await call("POST", `/api/v1/classes/${classId}/seats`, { token: alice.token, body: {}, headers: { "idempotency-key": newKey() } });
    const gone = await call("POST", `/api/v1/classes/${classId}/seats`, { token: bob.token, body: {}, headers: { "idempotency-key": newKey() } });
    expect([kept.status, gone.status]).toEqual([201, 201]);
    await sql("update bookings set status = 'cancelled' where id = ?", [gone.body.booking.id]);
    const carol = await quickCustomer();
    const session = (await sql("select start_at, end_at from class_sessions where id = ?", [classId])).rows[0]!;
    const missing = await insertRow({ userId: carol.id, phone: carol.phone, staffId: master.id, serviceId, start: String(session.start_at), end: String(session.end_at), classId });

    const ledger = ownerLedger(env as unknown as Env, { kind: "class", id: classId });
    const seated = async () => {
      await ledger.openClass(classId);
      return (await ledger.snapshot(master.id)).map((i) => i.bookingId).sort((a, b) => a! - b!);
    };
    expect(await seated()).toEqual([kept.body.booking.id, gone.body.booking.id]);

    await runCron(Date.now());

    expect(await seated()).toEqual([kept.body.booking.id, missing]);
  });
});
