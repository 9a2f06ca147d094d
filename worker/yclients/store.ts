// Database access of the YClients channel: customers matched by phone, the local ids of YClients ones, and the window reconciliation checks.
// (Booking rows keyed by record id live in repo/external-bookings.ts.)
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { activeStatuses } from "../repo/bookings.js";
import { type Db, schema as s } from "../repo/db.js";
import { upsertUserByPhone } from "../repo/users.js";

/**
 * The customer of a record: the account with its phone, else a new customer
 * when there is a phone. Only the phone: an account's email is not verified
 * (PATCH /me takes any) and a YClients record's email is whatever the person
 * booking typed, so matching or copying by email would hand one person's
 * bookings, or the messages about them, to whoever claimed their address.
 */
export async function customerFor(db: Db, client: { name: string | null; phone: string | null }): Promise<number | null> {
  if (!client.phone) return null;
  const [byPhone] = await db.select({ id: s.users.id }).from(s.users).where(eq(s.users.phone, client.phone)).limit(1);
  if (byPhone) return byPhone.id;
  return (await upsertUserByPhone(db, client.phone, client.name ?? undefined)).id;
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

/** Remembers that YClients deleted a record we never had a row for (id and time only). */
export async function rememberDeleted(db: Db, recordId: number, at: string): Promise<void> {
  await db.insert(s.yclientsDeletedRecords).values({ recordId, deletedAt: at }).onConflictDoNothing();
}

export async function wasDeletedUnseen(db: Db, recordId: number): Promise<boolean> {
  const [row] = await db.select({ id: s.yclientsDeletedRecords.recordId }).from(s.yclientsDeletedRecords).where(eq(s.yclientsDeletedRecords.recordId, recordId)).limit(1);
  return row !== undefined;
}
