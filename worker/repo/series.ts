// Series rows (recurring bookings made by staff) and their bookings.
import { and, asc, eq } from "drizzle-orm";
import type { BookingRow } from "./bookings.js";
import { type Db, schema as s } from "./db.js";

export type SeriesRow = typeof s.bookingSeries.$inferSelect;
export type NewSeries = Omit<typeof s.bookingSeries.$inferInsert, "id" | "createdAt">;

export async function findSeriesByKey(db: Db, createdBy: number, key: string): Promise<SeriesRow | null> {
  const [row] = await db.select().from(s.bookingSeries).where(and(eq(s.bookingSeries.createdBy, createdBy), eq(s.bookingSeries.idempotencyKey, key))).limit(1);
  return row ?? null;
}

export async function findSeries(db: Db, id: number): Promise<SeriesRow | null> {
  const [row] = await db.select().from(s.bookingSeries).where(eq(s.bookingSeries.id, id)).limit(1);
  return row ?? null;
}

/** The series row for this key: a new one, or the one a first attempt (or a racing twin) wrote. */
export async function openSeries(db: Db, series: NewSeries): Promise<SeriesRow> {
  const [row] = await db.insert(s.bookingSeries).values(series).onConflictDoNothing().returning();
  return row ?? (await findSeriesByKey(db, series.createdBy, series.idempotencyKey))!;
}

/** A series' bookings in time order, cancelled ones included. */
export function bookingsOfSeries(db: Db, seriesId: number): Promise<BookingRow[]> {
  return db.select().from(s.bookings).where(eq(s.bookings.seriesId, seriesId)).orderBy(asc(s.bookings.startAt), asc(s.bookings.id));
}

/** Idempotency key of date `index` of a series: never one a client can send (it has spaces). */
export const occurrenceKey = (seriesId: number, index: number) => `series ${seriesId} item ${index}`;
