// Booking rows in the database. Writes that change a master's occupancy are
// called only from that master's StaffLedger Durable Object.
import { and, asc, desc, eq, gt, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";
import type { BookingBoundMessage } from "./outbox.js";
import { inStaffSet, isEmptySet, type StaffSet } from "./staff-set.js";

export type BookingRow = typeof s.bookings.$inferSelect;
export type ActiveStatus = "held" | "pending" | "confirmed";
export const activeStatuses: ActiveStatus[] = ["held", "pending", "confirmed"];
/** Whether a status occupies the master's time. */
export const isActive = (status: string): status is ActiveStatus => (activeStatuses as string[]).includes(status);

export interface NewBooking {
  userId: number | null;
  serviceId: number;
  staffId: number;
  startAt: string;
  endAt: string;
  status: ActiveStatus;
  phone: string;
  customerName: string | null;
  notes: string | null;
  priceTotalMinor: number;
  prepaymentMinor: number;
  currency: string;
  holdExpiresAt: string | null;
  idempotencyKey: string;
  requestHash: string;
  /** Sent at once, or replayed from the PWA's offline outbox. */
  origin: BookingRow["origin"];
  addons: { serviceId: number; durationMin: number; priceMinor: number }[];
  /** The visit this booking is an item of (several services booked together). */
  visitId?: number | null;
  /** The customer's message about the new booking, written in the same batch. */
  message?: BookingBoundMessage;
}

export function isUniqueViolation(error: unknown): boolean {
  const text = `${(error as { code?: string })?.code ?? ""} ${(error as Error)?.message ?? ""} ${String((error as { cause?: unknown })?.cause ?? "")}`;
  return text.includes("SQLITE_CONSTRAINT_UNIQUE") || text.includes("UNIQUE constraint failed");
}

export async function findByIdempotencyKey(db: Db, userId: number | null, key: string): Promise<BookingRow | null> {
  const [row] = await db
    .select()
    .from(s.bookings)
    .where(and(userId === null ? sql`${s.bookings.userId} is null` : eq(s.bookings.userId, userId), eq(s.bookings.idempotencyKey, key)))
    .limit(1);
  return row ?? null;
}

/** The booking a customer, known by phone, made with this key (staff booking for them). */
export async function findByIdempotencyKeyForPhone(db: Db, phone: string, key: string): Promise<BookingRow | null> {
  const [row] = await db
    .select()
    .from(s.bookings)
    .where(
      and(
        inArray(s.bookings.userId, db.select({ id: s.users.id }).from(s.users).where(eq(s.users.phone, phone))),
        eq(s.bookings.idempotencyKey, key),
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * Inserts the booking, its customer message and its add-ons atomically, in
 * one round trip. A second insert with the same (user, idempotency key)
 * returns the first row instead (and adds no second message).
 */
export async function insertBooking(db: Db, b: NewBooking): Promise<{ row: BookingRow; replayed: boolean }> {
  const { addons, message, ...booking } = b;
  try {
    const [inserted, ...rest] = await db.batch([
      db.insert(s.bookings).values(booking).returning(),
      // Right after the booking insert, last_insert_rowid() is the booking's id.
      ...(message
        ? [
            db.run(sql`insert into notification_outbox (channel, recipient, kind, subject, body, dedupe_key, next_attempt_at)
              values (${message.channel}, ${message.recipient}, ${message.kind}, ${message.subject ?? null}, ${message.body},
                ${message.dedupeAround[0]} || last_insert_rowid() || ${message.dedupeAround[1]}, ${message.dueAt})
              on conflict (dedupe_key) do nothing`),
          ]
        : []),
      ...addons.map((a) =>
        db.run(sql`insert into booking_addons (booking_id, service_id, duration_min, price_minor)
          values ((select max(id) from bookings), ${a.serviceId}, ${a.durationMin}, ${a.priceMinor})`),
      ),
    ]);
    void rest;
    return { row: inserted[0]!, replayed: false };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await findByIdempotencyKey(db, b.userId, b.idempotencyKey);
    if (!existing) throw error;
    return { row: existing, replayed: true };
  }
}

export async function findBooking(db: Db, id: number): Promise<BookingRow | null> {
  const [row] = await db.select().from(s.bookings).where(eq(s.bookings.id, id)).limit(1);
  return row ?? null;
}

/** Moves a booking from one of `from` to `to`; returns the row, or null if it was in another state. */
export async function transitionBooking(
  db: Db,
  id: number,
  from: BookingRow["status"][],
  to: BookingRow["status"],
  extra: { cancelReason?: string | null } = {},
): Promise<BookingRow | null> {
  const [row] = await db
    .update(s.bookings)
    .set({
      status: to,
      updatedAt: new Date().toISOString(),
      ...(to === "confirmed" ? { holdExpiresAt: null } : {}),
      ...(extra.cancelReason !== undefined ? { cancelReason: extra.cancelReason } : {}),
    })
    .where(and(eq(s.bookings.id, id), inArray(s.bookings.status, from)))
    .returning();
  return row ?? null;
}

/** Moves an active booking to a new master/interval if it is still where the caller saw it. */
export async function moveBooking(
  db: Db,
  id: number,
  expected: { staffId: number; startAt: string },
  next: { staffId: number; startAt: string; endAt: string },
): Promise<BookingRow | null> {
  const [row] = await db
    .update(s.bookings)
    .set({ ...next, updatedAt: new Date().toISOString() })
    .where(
      and(
        eq(s.bookings.id, id),
        eq(s.bookings.staffId, expected.staffId),
        eq(s.bookings.startAt, expected.startAt),
        inArray(s.bookings.status, activeStatuses),
      ),
    )
    .returning();
  return row ?? null;
}

/** Active bookings of a master that end after `after`: what the ledger rebuilds from. */
export function activeIntervalsOf(db: Db, staffId: number, after: string) {
  return db
    .select({ id: s.bookings.id, startAt: s.bookings.startAt, endAt: s.bookings.endAt, status: s.bookings.status, holdExpiresAt: s.bookings.holdExpiresAt })
    .from(s.bookings)
    .where(and(eq(s.bookings.staffId, staffId), inArray(s.bookings.status, activeStatuses), gt(s.bookings.endAt, after)));
}

/** Active bookings of these masters overlapping [from, to), earliest first. */
export function busyBetween(db: Db, staff: StaffSet, from: string, to: string) {
  if (isEmptySet(staff)) return Promise.resolve([]);
  return db
    .select({ id: s.bookings.id, staffId: s.bookings.staffId, start: s.bookings.startAt, end: s.bookings.endAt })
    .from(s.bookings)
    .where(
      and(
        inStaffSet(db, s.bookings.staffId, staff),
        inArray(s.bookings.status, activeStatuses),
        lt(s.bookings.startAt, to),
        gt(s.bookings.endAt, from),
      ),
    )
    .orderBy(asc(s.bookings.startAt));
}

export interface BookingFilter {
  userId?: number;
  staffId?: number;
  status?: BookingRow["status"];
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export function listBookings(db: Db, f: BookingFilter) {
  const conditions: SQL[] = [];
  if (f.userId !== undefined) conditions.push(eq(s.bookings.userId, f.userId));
  if (f.staffId !== undefined) conditions.push(eq(s.bookings.staffId, f.staffId));
  if (f.status !== undefined) conditions.push(eq(s.bookings.status, f.status));
  if (f.from !== undefined) conditions.push(gte(s.bookings.startAt, f.from));
  if (f.to !== undefined) conditions.push(lt(s.bookings.startAt, f.to));
  // A visit's bookings show once the whole visit is booked, and only those of
  // the attempt that booked it (never half a visit, never a rolled-back try; keys: repo/visits.ts).
  conditions.push(sql`(${s.bookings.visitId} is null or exists (select 1 from visits where visits.id = ${s.bookings.visitId} and visits.status = 'booked'
    and ${s.bookings.idempotencyKey} like 'visit ' || visits.id || ' try ' || visits.attempt || ' item %'))`);
  return db
    .select()
    .from(s.bookings)
    .where(and(...conditions))
    .orderBy(f.staffId !== undefined && f.userId === undefined ? asc(s.bookings.startAt) : desc(s.bookings.startAt))
    .limit(f.limit)
    .offset(f.offset);
}

export function addonsOf(db: Db, bookingIds: number[]) {
  if (bookingIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      bookingId: s.bookingAddons.bookingId,
      id: s.bookingAddons.serviceId,
      name: s.services.name,
      durationMin: s.bookingAddons.durationMin,
      priceMinor: s.bookingAddons.priceMinor,
      currency: s.services.currency,
    })
    .from(s.bookingAddons)
    .innerJoin(s.services, eq(s.bookingAddons.serviceId, s.services.id))
    .where(inArray(s.bookingAddons.bookingId, bookingIds));
}

export async function flagBookings(db: Db, ids: number[], note: string): Promise<void> {
  if (ids.length === 0) return;
  await db.update(s.bookings).set({ needsAttention: note, updatedAt: new Date().toISOString() }).where(inArray(s.bookings.id, ids));
}

/** Clears a flag once its cause is gone (e.g. a failed refund went through). */
export async function clearFlag(db: Db, id: number, note: string): Promise<void> {
  await db
    .update(s.bookings)
    .set({ needsAttention: null, updatedAt: new Date().toISOString() })
    .where(and(eq(s.bookings.id, id), eq(s.bookings.needsAttention, note)));
}

/** Bookings of these masters (any status, cancelled too) starting in [from, to), by start: the calendar's. */
export function bookingsBetween(db: Db, staffIds: number[], from: string, to: string): Promise<BookingRow[]> {
  if (staffIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(s.bookings)
    .where(and(inArray(s.bookings.staffId, staffIds), gte(s.bookings.startAt, from), lt(s.bookings.startAt, to)))
    .orderBy(asc(s.bookings.startAt))
    .limit(5000);
}

/** Where the database has these bookings now: what a ledger checks a contested interval against. */
export function bookingStates(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select({ id: s.bookings.id, staffId: s.bookings.staffId, startAt: s.bookings.startAt, endAt: s.bookings.endAt, status: s.bookings.status, holdExpiresAt: s.bookings.holdExpiresAt })
    .from(s.bookings)
    .where(inArray(s.bookings.id, ids));
}
