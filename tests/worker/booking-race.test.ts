// Many requests at once for one master: the ledger lets exactly one win a
// time, never lets two bookings overlap, and replays an idempotent retry.
// About 30 s alone (the local database serves the bursts one query at a
// time); the timeouts leave room for the rest of the suite running alongside.
import { describe, expect, it } from "vitest";
import { activeRows, ledgerSnapshot, quickCustomer } from "./direct-db.js";
import { book, moscow, newKey, newMaster, salonDate, slot } from "./scenario.js";

const HAIRCUT = 3;
const STYLING = 4;

describe("concurrent bookings", () => {
  it("gives a contested slot to exactly one of 200 simultaneous requests", { timeout: 120_000 }, async () => {
    const master = await newMaster();
    const customers = await Promise.all(Array.from({ length: 5 }, () => quickCustomer()));
    const day = salonDate(6);
    const body = { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "11:00") };

    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => book(customers[i % customers.length]!.token, body, newKey())));

    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === "slot_taken")).toBe(true);
    const winner = answers.find((a) => a.status === 201)!.body.booking;

    const rows = await activeRows(master.id);
    expect(rows).toEqual([{ id: winner.id, start: moscow(day, "11:00"), end: moscow(day, "11:45"), status: "pending" }]);
    expect((await ledgerSnapshot(master.id)).map((i) => i.bookingId)).toEqual([winner.id]);
  });

  it("never lets overlapping requests with different starts both win", { timeout: 60_000 }, async () => {
    const master = await newMaster();
    const customers = await Promise.all(Array.from({ length: 4 }, () => quickCustomer()));
    const day = salonDate(6);
    // Haircut + styling: 75 minutes, so each of these starts overlaps its neighbours.
    const starts = ["10:00", "10:30", "11:00", "11:30", "12:00"];
    const requests = Array.from({ length: 60 }, (_, i) =>
      book(customers[i % customers.length]!.token, {
        service_id: HAIRCUT,
        staff_id: master.id,
        appointment_datetime: slot(day, starts[i % starts.length]!),
        additional_services: [STYLING],
      }),
    );
    const answers = await Promise.all(requests);
    expect(answers.every((a) => a.status === 201 || (a.status === 409 && a.body.error.code === "slot_taken"))).toBe(true);

    const rows = await activeRows(master.id);
    const created = answers.filter((a) => a.status === 201).map((a) => a.body.booking.id).sort((a, b) => a - b);
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(created);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    // Refusals only come from real conflicts: every asked start won or overlaps a winner.
    for (const time of starts) {
      const start = moscow(day, time);
      const end = new Date(Date.parse(start) + 75 * 60_000).toISOString();
      expect(rows.some((r) => r.start < end && start < r.end), `${time} was refused with nothing in its way`).toBe(true);
    }
    for (const [i, a] of rows.entries()) {
      expect(Date.parse(a.end) - Date.parse(a.start)).toBe(75 * 60_000);
      for (const b of rows.slice(i + 1)) {
        const overlap = a.start < b.end && b.start < a.end;
        expect(overlap, `${a.id} ${a.start}–${a.end} overlaps ${b.id} ${b.start}–${b.end}`).toBe(false);
      }
    }
  });

  it("answers 50 simultaneous retries of one request with one booking", { timeout: 60_000 }, async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const day = salonDate(6);
    const key = newKey();
    const body = { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "15:00") };

    const answers = await Promise.all(Array.from({ length: 50 }, () => book(alice.token, body, key)));

    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
    const ids = new Set(answers.map((a) => a.body.booking.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.headers.get("idempotent-replayed") === "false")).toHaveLength(1);
    const rows = await activeRows(master.id);
    expect(rows.map((r) => r.id)).toEqual([...ids]);
  });
});
