// One time of one master, claimed three ways at once: a YClients record's
// webhook, a reconciliation run that lists the same record, and an online
// booking of that time. YClients is the truth for its own records (they are
// never refused), so the master's ledger decides the rest: the record is
// written once, whichever of its two paths comes first; the online booking
// either meets the record's interval and gets 409 slot_taken, or got there
// first and the record is flagged as overlapping it. Never two silent
// bookings of one time, never a second row or a stray interval of the record.
//
// Would fail without the ledger: a webhook or reconciliation writing the row
// straight to the database leaves the ledger without the record's interval,
// so the online booking is 201 and nothing is flagged ("online wins ⇒ the
// record is flagged" below), and the snapshot lacks the record's interval.
import { describe, expect, it } from "vitest";
import { openDb } from "../../worker/repo/db.js";
import { requireConfig } from "../../worker/yclients/config.js";
import { reconcile } from "../../worker/yclients/reconcile.js";
import { bookingOf, eventRows, fakeScope, linkStaff, putRecord, record, event, workerEnv } from "../yclients/fake-control.js";
import { type Answer, call } from "./client.js";
import { activeRows, ledgerSnapshot, quickCustomer } from "./direct-db.js";
import { moscow, newKey, newMaster, salonDate, slot, sql } from "./scenario.js";

const MEN_HAIRCUT = 3; // 45 min, booked here (not linked to YClients)
// Its own scope of the fake: no other file's failure rules reach these calls.
const scope = fakeScope("race");
const db = openDb(scope.env);
const config = requireConfig(scope.env);

/** Moscow wall time now, as YClients stamps a change (without the offset). */
const changedNow = () => new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 19);

const overlaps = (a: { start: string; end: string }, start: string, end: string) => a.start < end && a.end > start;

describe("a YClients record racing reconciliation and an online booking of the same time", () => {
  it("keeps one record row and one interval, and the online booking is refused or the record flagged", { timeout: 60_000 }, async () => {
    const master = await newMaster({ services: [MEN_HAIRCUT, 1] });
    const ycStaff = await linkStaff(master.id);
    // The online booking starts this long after the other two: at once, and
    // at offsets that land it before, during and after the record's writes.
    const offsets = [0, 0, 5, 15, 30, 60, 120, 250];
    for (const [round, offset] of offsets.entries()) {
      const date = salonDate(3 + round);
      const time = round % 2 === 0 ? "11:00" : "16:00";
      const start = moscow(date, time);
      const end = moscow(date, time === "11:00" ? "12:00" : "17:00");
      const changed = changedNow();
      const rec = record({ staff: ycStaff, date, time, changed });
      await putRecord(rec);
      const customer = await quickCustomer();
      let webhook!: Answer;
      let run!: Awaited<ReturnType<typeof reconcile>>;
      let online!: Answer;
      const racers = [
        async () => {
          webhook = await call("POST", `/api/v1/yclients/webhook/${workerEnv.YCLIENTS_WEBHOOK_SECRET}`, { body: event("create", rec), env: scope.env });
        },
        async () => {
          // An incremental run: it lists the records changed lately, this one among them.
          run = await reconcile(db, scope.env, config, new Date(), { kind: "incremental", since: new Date() });
        },
        async () => {
          if (offset > 0) await new Promise((resolve) => setTimeout(resolve, offset));
          const body = { service_id: MEN_HAIRCUT, staff_id: master.id, appointment_datetime: slot(date, time) };
          online = await call("POST", "/api/v1/bookings", { token: customer.token, body, headers: { "idempotency-key": newKey() }, env: scope.env });
        },
      ];
      // Each round starts them in another order.
      await Promise.all([0, 1, 2].map((i) => racers[(i + round) % 3]!()));

      expect(webhook.status, `round ${round}`).toBe(200);
      expect(run.failed, `round ${round}`).toBe(0);
      expect((await eventRows(rec.id, "create", changed)).map((e) => e.status), `round ${round}`).toEqual(["processed"]);
      // The record: one row, at its time (active: see the checks of what holds the time below).
      const row = await bookingOf(rec.id);
      expect(row, `round ${round}`).toMatchObject({ channel: "yclients", staff_id: master.id, start_at: start });
      expect(Number((await sql("select count(*) as n from bookings where yclients_record_id = ?", [rec.id])).rows[0]!.n), `round ${round}`).toBe(1);

      const active = (await activeRows(master.id)).filter((b) => overlaps(b, start, end));
      if (online.status === 409) {
        // The record won: the customer is told the time is taken, and only the record holds it.
        expect(online.body.error.code, `round ${round}`).toBe("slot_taken");
        expect(active.map((b) => b.id), `round ${round}`).toEqual([Number(row!.id)]);
      } else {
        // The online booking won: the record still lands (YClients is the truth), flagged for the salon.
        expect(online.status, `round ${round}: ${JSON.stringify(online.body)}`).toBe(201);
        expect(String(row!.needs_attention ?? ""), `round ${round}`).toMatch(/overlaps_booking:/);
        expect(active.map((b) => b.id).sort(), `round ${round}`).toEqual([Number(row!.id), online.body.booking.id].sort());
      }
      // The ledger holds exactly the active bookings of that time: the record's interval once, no claim left behind.
      const held = (await ledgerSnapshot(master.id)).filter((i) => overlaps(i, start, end));
      expect(held.map((i) => i.bookingId).sort(), `round ${round}`).toEqual(active.map((b) => b.id).sort());
    }
  });
});
