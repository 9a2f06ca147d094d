// Booking rows of outside records (YClients), keyed by their record id: the
// write the ledger makes for them, ordered by the source's change time.
import { eq, sql } from "drizzle-orm";
import type { ExternalBooking } from "../ledger/external-booking.js";
import type { BookingRow } from "./bookings.js";
import { type Db, schema as s } from "./db.js";

/** Why a row was cancelled by us: a deletion at the source is final, a missing record is not. */
export const DELETED = "yclients_deleted";
export const MISSING = "yclients_missing";

export async function findByRecordId(db: Db, recordId: number): Promise<BookingRow | null> {
  const [row] = await db.select().from(s.bookings).where(eq(s.bookings.yclientsRecordId, recordId)).limit(1);
  return row ?? null;
}

/**
 * Inserts or updates the row of a record, but only with a state at least as
 * new (change times have one-second resolution, so two real changes can share
 * one; callers hand in freshly fetched state). A deletion at the source is
 * final: it wins whatever its change time, and nothing brings the row back.
 * Returns the row as it now stands and whether this state was written.
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
  const deletedHere = sql`(${s.bookings.cancelReason} is '${sql.raw(DELETED)}' and ${s.bookings.status} = 'cancelled')`;
  const isDelete = sql`(excluded.cancel_reason is '${sql.raw(DELETED)}' and excluded.status = 'cancelled')`;
  const newer = sql`not ${deletedHere} and (${isDelete}
    or ${s.bookings.yclientsLastChange} is null
    or excluded.yclients_last_change >= ${s.bookings.yclientsLastChange})`;
  const { yclientsRecordId: _key, ...changes } = values;
  void _key;
  const set = {
    ...Object.fromEntries(Object.keys(changes).map((k) => [k, sql.raw(`excluded.${columnName(k)}`)])),
    // A late delete keeps the latest change time seen.
    yclientsLastChange: sql`max(coalesce(${s.bookings.yclientsLastChange}, ''), excluded.yclients_last_change)`,
  };
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
