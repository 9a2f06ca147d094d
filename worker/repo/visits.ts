// Visit rows (several services booked together) and their bookings.
import { and, asc, eq, inArray, lt } from "drizzle-orm";
import type { BookingRow } from "./bookings.js";
import { type Db, schema as s } from "./db.js";

export type VisitRow = typeof s.visits.$inferSelect;

export async function findVisitByKey(db: Db, userId: number, key: string): Promise<VisitRow | null> {
  const [row] = await db.select().from(s.visits).where(and(eq(s.visits.userId, userId), eq(s.visits.idempotencyKey, key))).limit(1);
  return row ?? null;
}

export async function findVisit(db: Db, id: number): Promise<VisitRow | null> {
  const [row] = await db.select().from(s.visits).where(eq(s.visits.id, id)).limit(1);
  return row ?? null;
}

/** The visit row for this key: the one a first attempt wrote, or a new `reserving` one. */
export async function openVisit(db: Db, v: { userId: number; key: string; hash: string; itemCount: number }): Promise<VisitRow> {
  const [row] = await db
    .insert(s.visits)
    .values({ userId: v.userId, idempotencyKey: v.key, requestHash: v.hash, status: "reserving", itemCount: v.itemCount })
    .onConflictDoNothing()
    .returning();
  return row ?? (await findVisitByKey(db, v.userId, v.key))!;
}

/** A failed visit tried again: a new attempt, unless another request started one first (then that one). */
export async function retryVisit(db: Db, visit: VisitRow): Promise<VisitRow> {
  const [row] = await db
    .update(s.visits)
    .set({ status: "reserving", attempt: visit.attempt + 1, updatedAt: new Date().toISOString() })
    .where(and(eq(s.visits.id, visit.id), eq(s.visits.status, "failed"), eq(s.visits.attempt, visit.attempt)))
    .returning();
  return row ?? (await findVisit(db, visit.id))!;
}

/** Settles an attempt that is still reserving; null when another request settled it first. */
export function settleVisitWrite(db: Db, visit: VisitRow, to: "booked" | "failed") {
  return db
    .update(s.visits)
    .set({ status: to, updatedAt: new Date().toISOString() })
    .where(and(eq(s.visits.id, visit.id), eq(s.visits.status, "reserving"), eq(s.visits.attempt, visit.attempt)))
    .returning();
}

/** The bookings of these visits, in time order. */
export function bookingsOfVisits(db: Db, visitIds: number[]): Promise<BookingRow[]> {
  if (visitIds.length === 0) return Promise.resolve([]);
  return db.select().from(s.bookings).where(inArray(s.bookings.visitId, visitIds)).orderBy(asc(s.bookings.startAt));
}

/** Visits left reserving longer than `before` (a worker died between ledgers): the cron settles them. */
export function staleVisits(db: Db, before: string, limit = 20): Promise<VisitRow[]> {
  return db.select().from(s.visits).where(and(eq(s.visits.status, "reserving"), lt(s.visits.updatedAt, before))).limit(limit);
}

/** Idempotency key of item `index` of a visit's attempt: never one a client can send (it has spaces). */
export const itemKey = (visit: Pick<VisitRow, "id" | "attempt">, index: number) => `visit ${visit.id} try ${visit.attempt} item ${index}`;

/** Which item of which attempt a booking is, from its key; null for other bookings. */
export function itemOf(row: Pick<BookingRow, "idempotencyKey">): { visitId: number; attempt: number; index: number } | null {
  const m = /^visit (\d+) try (\d+) item (\d+)$/.exec(row.idempotencyKey ?? "");
  return m ? { visitId: Number(m[1]), attempt: Number(m[2]), index: Number(m[3]) } : null;
}
