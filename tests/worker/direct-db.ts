// Shortcuts that write straight into the database for states the API cannot
// reach on demand (visits in the past, a visit a few hours away), and cheap
// customers for tests that need many of them.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import type { Env } from "../../worker/env.js";
import { ledgerFor, type StaffLedger } from "../../worker/ledger/staff-ledger.js";
import { freshPhone } from "./client.js";
import { sql, tokenFor } from "./scenario.js";

/** A customer account made directly in the database (no OTP round trip). */
export async function quickCustomer(): Promise<{ token: string; id: number; phone: string }> {
  const phone = freshPhone();
  const { rows } = await sql("insert into users (phone, role) values (?, 'customer') returning id", [phone]);
  return { id: Number(rows[0]!.id), phone, token: await tokenFor(phone) };
}

/**
 * A booking row inserted without the ledger. Only for intervals the master's
 * ledger does not need to know about (the past) or before the ledger is first
 * used (it then loads the row from the database).
 */
export async function insertBookingRow(b: {
  userId: number;
  phone: string;
  staffId: number;
  serviceId?: number;
  startAt: string;
  endAt: string;
  status?: string;
}): Promise<number> {
  const { rows } = await sql(
    `insert into bookings (user_id, service_id, staff_id, start_at, end_at, status, phone, price_total_minor, currency)
     values (?, ?, ?, ?, ?, ?, ?, 150000, 'RUB') returning id`,
    [b.userId, b.serviceId ?? 3, b.staffId, b.startAt, b.endAt, b.status ?? "pending", b.phone],
  );
  return Number(rows[0]!.id);
}

export const ledgerOf = (staffId: number): DurableObjectStub<StaffLedger> => ledgerFor(env as unknown as Env, staffId);

/** What the master's ledger holds right now. */
export function ledgerSnapshot(staffId: number) {
  return runInDurableObject(ledgerOf(staffId), (instance: StaffLedger) => instance.snapshot(staffId));
}

/** Active booking rows of a master in the database. */
export async function activeRows(staffId: number): Promise<{ id: number; start: string; end: string; status: string }[]> {
  const { rows } = await sql(
    "select id, start_at, end_at, status from bookings where staff_id = ? and status in ('held', 'pending', 'confirmed') order by start_at",
    [staffId],
  );
  return rows.map((r) => ({ id: Number(r.id), start: String(r.start_at), end: String(r.end_at), status: String(r.status) }));
}

type LedgerInside = { core: { intervals: { claim(i: object): string; release(key: string): void } }; desk: { inflight: Map<string, Promise<unknown>> } };

/**
 * A reservation's claim in a master's ledger whose database write is still in
 * flight (`r:-:<idemKey>`): the database does not show it, the ledger trusts
 * it. (A claim of a request that is gone would be settled by asking the database.)
 */
export const claimInFlight = (staffId: number, idemKey: string, start: string, end: string) =>
  runInDurableObject(ledgerOf(staffId), async (instance: StaffLedger) => {
    await instance.snapshot(staffId);
    const inside = instance as unknown as LedgerInside;
    inside.core.intervals.claim({ key: `r:-:${idemKey}`, start, end, status: "pending", holdExpiresAt: null });
    inside.desk.inflight.set(`-:${idemKey}`, new Promise(() => undefined));
  });

/** The claim in flight above finished without a booking. */
export const releaseInFlight = (staffId: number, idemKey: string) =>
  runInDurableObject(ledgerOf(staffId), (instance: StaffLedger) => {
    const inside = instance as unknown as LedgerInside;
    inside.core.intervals.release(`r:-:${idemKey}`);
    inside.desk.inflight.delete(`-:${idemKey}`);
  });
