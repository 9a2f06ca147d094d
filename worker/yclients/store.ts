// Database access of the YClients channel: booking rows keyed by record id,
// customers matched by phone then email, and the local ids of YClients ones.
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { activeStatuses, type BookingRow } from "../repo/bookings.js";
import { type Db, schema as s } from "../repo/db.js";
import { upsertUserByPhone } from "../repo/users.js";
import { DELETED, type ExternalBooking } from "./external.js";

export async function findByRecordId(db: Db, recordId: number): Promise<BookingRow | null> {
  const [row] = await db.select().from(s.bookings).where(eq(s.bookings.yclientsRecordId, recordId)).limit(1);
  return row ?? null;
}

/**
 * Inserts or updates the row of a record, but only with a newer state: a later
 * YClients change time, or at the same time a cancellation of a live row. A
 * row cancelled because YClients deleted the record stays cancelled. Returns
 * the row as it now stands and whether this state was written.
 */
export async function upsertExternal(db: Db, b: ExternalBooking): Promise<{ row: BookingRow; applied: boolean }> {
  const values = {
    userId: b.userId,
    serviceId: b.serviceId,
    staffId: b.staffId,
    startAt: b.startAt,
    endAt: b.endAt,
    status: b.status,
    channel: "yclients" as const,
    yclientsRecordId: b.recordId,
    yclientsLastChange: b.lastChange,
    phone: b.phone,
    customerName: b.customerName,
    notes: b.notes,
    priceTotalMinor: b.priceTotalMinor,
    prepaymentMinor: 0,
    currency: b.currency,
    cancelReason: b.cancelReason,
    needsAttention: b.needsAttention,
    updatedAt: new Date().toISOString(),
  };
  const newer = sql`(${s.bookings.yclientsLastChange} is null
    or excluded.yclients_last_change > ${s.bookings.yclientsLastChange}
    or (excluded.yclients_last_change = ${s.bookings.yclientsLastChange} and excluded.status = 'cancelled' and ${s.bookings.status} <> 'cancelled'))
    and not (${s.bookings.cancelReason} is '${sql.raw(DELETED)}' and ${s.bookings.status} = 'cancelled' and excluded.status <> 'cancelled')`;
  const { yclientsRecordId: _key, ...changes } = values;
  void _key;
  const set = Object.fromEntries(
    Object.keys(changes).map((k) => [k, sql.raw(`excluded.${columnName(k)}`)]),
  );
  const [written] = await db
    .insert(s.bookings)
    .values(values)
    .onConflictDoUpdate({ target: s.bookings.yclientsRecordId, set, setWhere: newer })
    .returning();
  if (written) return { row: written, applied: true };
  const current = await findByRecordId(db, b.recordId);
  if (!current) throw new Error(`record ${b.recordId}: upsert wrote nothing and no row exists`);
  return { row: current, applied: false };
}

function columnName(key: string): string {
  const column = (s.bookings as unknown as Record<string, { name: string }>)[key];
  if (!column?.name) throw new Error(`no bookings column for ${key}`);
  return column.name;
}

/** The customer of a record: by phone, else by email, else a new customer when there is a phone. */
export async function customerFor(db: Db, client: { name: string | null; phone: string | null; email: string | null }): Promise<number | null> {
  if (client.phone) {
    const [byPhone] = await db.select({ id: s.users.id, email: s.users.email }).from(s.users).where(eq(s.users.phone, client.phone)).limit(1);
    if (byPhone) return byPhone.id;
  }
  if (client.email) {
    const [byEmail] = await db.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, client.email)).limit(1);
    if (byEmail) return byEmail.id;
  }
  if (!client.phone) return null;
  const user = await upsertUserByPhone(db, client.phone, client.name ?? undefined);
  if (client.email && !user.email) {
    await db.update(s.users).set({ email: client.email }).where(and(eq(s.users.id, user.id), sql`${s.users.email} is null`));
  }
  return user.id;
}

export async function localStaffOf(db: Db, ycStaffId: number): Promise<number | null> {
  const [row] = await db.select({ id: s.staff.id }).from(s.staff).where(eq(s.staff.yclientsStaffId, ycStaffId)).limit(1);
  return row?.id ?? null;
}

export async function localServicesOf(db: Db, ycServiceIds: number[]): Promise<{ id: number; ycId: number }[]> {
  if (ycServiceIds.length === 0) return [];
  const rows = await db
    .select({ id: s.services.id, ycId: s.services.yclientsServiceId })
    .from(s.services)
    .where(inArray(s.services.yclientsServiceId, ycServiceIds));
  return rows.map((r) => ({ id: r.id, ycId: r.ycId! }));
}

/** Live YClients bookings starting in [from, to): what reconciliation expects YClients to return. */
export function liveExternalBetween(db: Db, from: string, to: string) {
  return db
    .select()
    .from(s.bookings)
    .where(and(eq(s.bookings.channel, "yclients"), inArray(s.bookings.status, activeStatuses), gte(s.bookings.startAt, from), lt(s.bookings.startAt, to)));
}

/** YClients ids of these masters (those that have one). */
export async function ycStaffIdsOf(db: Db, staffIds: number[]): Promise<Map<number, number>> {
  if (staffIds.length === 0) return new Map();
  const rows = await db.select({ id: s.staff.id, yc: s.staff.yclientsStaffId }).from(s.staff).where(inArray(s.staff.id, staffIds));
  return new Map(rows.filter((r) => r.yc !== null).map((r) => [r.id, r.yc!]));
}
