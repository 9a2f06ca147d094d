// Waitlist entries. An offer (the held time) is written when the master's
// ledger has taken the hold (worker/reservations/waitlist-offers.ts).
import { and, asc, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { type Db, schema as s } from "./db.js";
import { param } from "./prepared.js";
import { isEmptySet, preparedOnSet, type StaffSet } from "./staff-set.js";

export type WaitlistRow = typeof s.waitlistEntries.$inferSelect;
export type NewWaitlistEntry = Pick<WaitlistRow, "userId" | "serviceId" | "staffId" | "date" | "fromTime" | "toTime"> & { classId?: number | null };

const open = ["waiting", "offered"] as const;

/** The customer's open entry with exactly these wishes, if any (a second join returns it). */
export async function findOpenTwin(db: Db, e: NewWaitlistEntry): Promise<WaitlistRow | null> {
  // SQLite's `is` compares nulls as equal.
  const same = (column: SQLiteColumn, value: number | string | null) => sql`${column} is ${value}`;
  const [row] = await db
    .select()
    .from(s.waitlistEntries)
    .where(
      and(
        eq(s.waitlistEntries.userId, e.userId),
        eq(s.waitlistEntries.serviceId, e.serviceId),
        eq(s.waitlistEntries.date, e.date),
        same(s.waitlistEntries.staffId, e.staffId),
        same(s.waitlistEntries.fromTime, e.fromTime),
        same(s.waitlistEntries.toTime, e.toTime),
        same(s.waitlistEntries.classId, e.classId ?? null),
        inArray(s.waitlistEntries.state, open),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function insertEntry(db: Db, e: NewWaitlistEntry): Promise<WaitlistRow> {
  const [row] = await db.insert(s.waitlistEntries).values(e).returning();
  return row!;
}

export async function findEntry(db: Db, id: number): Promise<WaitlistRow | null> {
  const [row] = await db.select().from(s.waitlistEntries).where(eq(s.waitlistEntries.id, id)).limit(1);
  return row ?? null;
}

/** A customer's entries from a salon date on, newest day last. */
export function entriesOf(db: Db, userId: number, fromDate: string) {
  return db
    .select()
    .from(s.waitlistEntries)
    .where(and(eq(s.waitlistEntries.userId, userId), sql`${s.waitlistEntries.date} >= ${fromDate}`))
    .orderBy(asc(s.waitlistEntries.date), asc(s.waitlistEntries.id))
    .limit(100);
}

/** Every waiting entry from a salon date on, first come first served (the cron's sync of the ledgers' wishes). */
export function waitingFrom(db: Db, fromDate: string) {
  return db
    .select()
    .from(s.waitlistEntries)
    .where(and(eq(s.waitlistEntries.state, "waiting"), sql`${s.waitlistEntries.date} >= ${fromDate}`))
    .orderBy(asc(s.waitlistEntries.createdAt), asc(s.waitlistEntries.id))
    .limit(2000);
}

/** Live offers of a master (for its ledger after a reload); a class's seats are held in the class's ledger. */
export function liveOffersOf(db: Db, staffId: number, now: string) {
  return db
    .select()
    .from(s.waitlistEntries)
    .where(and(eq(s.waitlistEntries.state, "offered"), eq(s.waitlistEntries.offerStaffId, staffId), isNull(s.waitlistEntries.classId), gt(s.waitlistEntries.offerExpiresAt, now)));
}

/** Live offers of seats of a class session (for its ledger after a reload). */
export function liveClassOffersOf(db: Db, classId: number, now: string) {
  return db
    .select()
    .from(s.waitlistEntries)
    .where(and(eq(s.waitlistEntries.state, "offered"), eq(s.waitlistEntries.classId, classId), gt(s.waitlistEntries.offerExpiresAt, now)));
}

/** Open entries (waiting or offered) of a class session, first come first served. */
export function openClassEntries(db: Db, classId: number) {
  return db
    .select()
    .from(s.waitlistEntries)
    .where(and(eq(s.waitlistEntries.classId, classId), inArray(s.waitlistEntries.state, open)))
    .orderBy(asc(s.waitlistEntries.createdAt), asc(s.waitlistEntries.id));
}

/** Held waitlist times overlapping [from, to) of these masters: busy for everyone else. */
const heldOn = preparedOnSet((db, inSet) =>
  db
    .select({ entryId: s.waitlistEntries.id, staffId: s.waitlistEntries.offerStaffId, startAt: s.waitlistEntries.offerStartAt, endAt: s.waitlistEntries.offerEndAt })
    .from(s.waitlistEntries)
    .where(
      and(
        eq(s.waitlistEntries.state, "offered"),
        inSet(s.waitlistEntries.offerStaffId),
        gt(s.waitlistEntries.offerExpiresAt, param("now")),
        lt(s.waitlistEntries.offerStartAt, param("to")),
        gt(s.waitlistEntries.offerEndAt, param("from")),
      ),
    )
    .prepare(),
);

export function heldBetween(db: Db, staff: StaffSet, from: string, to: string, now: string) {
  if (isEmptySet(staff)) return Promise.resolve([]);
  const { query, params } = heldOn(db, staff);
  return query.all({ ...params, from, to, now }) as Promise<{ entryId: number; staffId: number; startAt: string; endAt: string }[]>;
}

/** Offers a waiting entry a held time; null when the entry is no longer waiting. */
export async function markOffered(db: Db, id: number, offer: { staffId: number; startAt: string; endAt: string; expiresAt: string }): Promise<WaitlistRow | null> {
  const [row] = await db
    .update(s.waitlistEntries)
    .set({ state: "offered", offerStaffId: offer.staffId, offerStartAt: offer.startAt, offerEndAt: offer.endAt, offerExpiresAt: offer.expiresAt, updatedAt: new Date().toISOString() })
    .where(and(eq(s.waitlistEntries.id, id), eq(s.waitlistEntries.state, "waiting")))
    .returning();
  return row ?? null;
}

/** Ends an entry in one of `from`; returns the row, or null when it was in another state. */
export async function endEntry(db: Db, id: number, from: WaitlistRow["state"][], to: WaitlistRow["state"], bookingId: number | null = null): Promise<WaitlistRow | null> {
  const [row] = await db
    .update(s.waitlistEntries)
    .set({ state: to, updatedAt: new Date().toISOString(), ...(bookingId !== null ? { bookingId } : {}) })
    .where(and(eq(s.waitlistEntries.id, id), inArray(s.waitlistEntries.state, from)))
    .returning();
  return row ?? null;
}
