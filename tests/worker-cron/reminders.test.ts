// The cron: day-ahead reminders go into the outbox once per booking and the
// same run sends them (the dev transport keeps them readable).
import { describe, expect, it } from "vitest";
import { call, runCron } from "../worker/client.js";
import { insertBookingRow, quickCustomer } from "../worker/direct-db.js";
import { newMaster, sql } from "../worker/scenario.js";

const HOUR = 3_600_000;
const MINUTE = 60_000;

async function messagesFor(phone: string): Promise<{ kind: string; status: string; channel: string; body: string }[]> {
  const res = await call("GET", `/api/v1/dev/outbox?phone=${encodeURIComponent(phone)}`);
  expect(res.status).toBe(200);
  return res.body.messages;
}

const reminders = async (phone: string) => (await messagesFor(phone)).filter((m) => m.kind === "booking_reminder");

describe("scheduled reminders", () => {
  it("reminds of a visit about a day away exactly once, and not of later or cancelled ones", async () => {
    const master = await newMaster();
    const [tomorrow, later, cancelled, confirmed] = await Promise.all([quickCustomer(), quickCustomer(), quickCustomer(), quickCustomer()]);
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    const visit = (customer: { id: number; phone: string }, inMs: number, status = "pending") =>
      insertBookingRow({
        userId: customer.id, phone: customer.phone, staffId: master.id, status,
        startAt: new Date(now + inMs).toISOString(), endAt: new Date(now + inMs + 45 * MINUTE).toISOString(),
      });
    const soonId = await visit(tomorrow, 23.5 * HOUR);
    await visit(later, 3 * 24 * HOUR);
    await visit(cancelled, 23.5 * HOUR + 30 * MINUTE, "cancelled");
    await visit(confirmed, 23 * HOUR + 45 * MINUTE, "confirmed");

    await runCron(now);
    const first = await reminders(tomorrow.phone);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ channel: "sms", status: "sent" });
    expect(await reminders(confirmed.phone)).toHaveLength(1);
    expect(await reminders(later.phone)).toEqual([]);
    expect(await reminders(cancelled.phone)).toEqual([]);

    // The next tick still sees the visit inside its window but adds nothing.
    await runCron(now + 5 * MINUTE);
    expect(await reminders(tomorrow.phone)).toHaveLength(1);
    expect(await reminders(confirmed.phone)).toHaveLength(1);
    const { rows } = await sql("select count(*) as n from notification_outbox where kind = 'booking_reminder' and dedupe_key like ?", [`booking_reminder:${soonId}:%`]);
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it("reminds of the later visit once the day before it comes round", async () => {
    const master = await newMaster();
    const customer = await quickCustomer();
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    await insertBookingRow({
      userId: customer.id, phone: customer.phone, staffId: master.id,
      startAt: new Date(now + 3 * 24 * HOUR).toISOString(), endAt: new Date(now + 3 * 24 * HOUR + 45 * MINUTE).toISOString(),
    });
    await runCron(now);
    expect(await reminders(customer.phone)).toEqual([]);
    // Two days later (the scheduled time is the cron's notion of now).
    await runCron(now + 2 * 24 * HOUR + 30 * MINUTE);
    const sent = await reminders(customer.phone);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.status).toBe("sent");
  });
});
