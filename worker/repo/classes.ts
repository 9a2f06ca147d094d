// Class sessions and their seats in the database. A session's seats are
// booking rows with class_id, written only by that session's ledger
// (`class:<id>`); the master's interval is the session's time block.
import { and, asc, eq, gt, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { activeStatuses } from "./bookings.js";
import { type Db, schema as s } from "./db.js";

export type ClassRow = typeof s.classSessions.$inferSelect;
export type NewClass = Pick<typeof s.classSessions.$inferInsert, "serviceId" | "staffId" | "startAt" | "endAt" | "seats" | "seriesId" | "blockId">;

export async function insertClass(db: Db, c: NewClass): Promise<ClassRow> {
  const [row] = await db.insert(s.classSessions).values(c).returning();
  return row!;
}

export async function findClass(db: Db, id: number): Promise<ClassRow | null> {
  const [row] = await db.select().from(s.classSessions).where(eq(s.classSessions.id, id)).limit(1);
  return row ?? null;
}

/** A class's active seats that end after `after`: what its ledger rebuilds from. */
export function activeSeatsOf(db: Db, classId: number, after: string) {
  return db
    .select({ id: s.bookings.id, startAt: s.bookings.startAt, endAt: s.bookings.endAt, status: s.bookings.status, holdExpiresAt: s.bookings.holdExpiresAt })
    .from(s.bookings)
    .where(and(eq(s.bookings.classId, classId), inArray(s.bookings.status, activeStatuses), gt(s.bookings.endAt, after)));
}

/** Scheduled sessions ending after `after` and their masters: the class ledgers the cron audits. */
export function scheduledClassesAfter(db: Db, after: string) {
  return db
    .select({ id: s.classSessions.id, staffId: s.classSessions.staffId })
    .from(s.classSessions)
    .where(and(eq(s.classSessions.status, "scheduled"), gt(s.classSessions.endAt, after)));
}

/** A session with the names shown beside it and the seats its active bookings take. */
export interface ClassListing extends ClassRow {
  serviceName: string;
  staffName: string;
  taken: number;
}

const takenSeats = sql<number>`(select count(*) from ${s.bookings} where ${s.bookings.classId} = ${s.classSessions.id} and ${s.bookings.status} in ('held', 'pending', 'confirmed'))`;

function listing(db: Db) {
  return db
    .select({
      session: s.classSessions,
      serviceName: s.services.name,
      staffName: s.staff.name,
      taken: takenSeats,
    })
    .from(s.classSessions)
    .innerJoin(s.services, eq(s.services.id, s.classSessions.serviceId))
    .innerJoin(s.staff, eq(s.staff.id, s.classSessions.staffId));
}

const toListing = (r: { session: ClassRow; serviceName: string; staffName: string; taken: number }): ClassListing => ({
  ...r.session,
  serviceName: r.serviceName,
  staffName: r.staffName,
  taken: Number(r.taken),
});

/** Sessions starting in [from, to), earliest first; cancelled ones only when asked. */
export async function classesBetween(db: Db, from: string, to: string, opts: { serviceId?: number; withCancelled?: boolean } = {}): Promise<ClassListing[]> {
  const rows = await listing(db)
    .where(
      and(
        gte(s.classSessions.startAt, from),
        lt(s.classSessions.startAt, to),
        opts.serviceId !== undefined ? eq(s.classSessions.serviceId, opts.serviceId) : undefined,
        opts.withCancelled ? undefined : eq(s.classSessions.status, "scheduled"),
      ),
    )
    .orderBy(asc(s.classSessions.startAt), asc(s.classSessions.id));
  return rows.map(toListing);
}

export async function findClassListing(db: Db, id: number): Promise<ClassListing | null> {
  const [row] = await listing(db).where(eq(s.classSessions.id, id)).limit(1);
  return row ? toListing(row) : null;
}

/** The seats of a session (every status), first booked first. */
export function seatsOf(db: Db, classId: number) {
  return db.select().from(s.bookings).where(eq(s.bookings.classId, classId)).orderBy(asc(s.bookings.id));
}

/** Sessions of a series from an instant on (the editor changes "this and the following"). */
export function seriesFrom(db: Db, seriesId: string, from: string) {
  return db
    .select()
    .from(s.classSessions)
    .where(and(eq(s.classSessions.seriesId, seriesId), gte(s.classSessions.startAt, from), isNotNull(s.classSessions.seriesId)))
    .orderBy(asc(s.classSessions.startAt));
}

/** The scheduled session whose master's time is this block, if any. */
export async function scheduledClassOfBlock(db: Db, blockId: number): Promise<ClassRow | null> {
  const [row] = await db
    .select()
    .from(s.classSessions)
    .where(and(eq(s.classSessions.blockId, blockId), eq(s.classSessions.status, "scheduled")))
    .limit(1);
  return row ?? null;
}

export async function setClassSeats(db: Db, id: number, seats: number): Promise<ClassRow | null> {
  const [row] = await db.update(s.classSessions).set({ seats, updatedAt: new Date().toISOString() }).where(eq(s.classSessions.id, id)).returning();
  return row ?? null;
}

/** Moves a session and its active seats to a new interval, in one batch. */
export async function retimeClass(db: Db, id: number, startAt: string, endAt: string, blockId: number): Promise<ClassRow | null> {
  const at = new Date().toISOString();
  const [rows] = await db.batch([
    db.update(s.classSessions).set({ startAt, endAt, blockId, updatedAt: at }).where(eq(s.classSessions.id, id)).returning(),
    db
      .update(s.bookings)
      .set({ startAt, endAt, updatedAt: at })
      .where(and(eq(s.bookings.classId, id), inArray(s.bookings.status, activeStatuses))),
  ]);
  return rows[0] ?? null;
}

export async function cancelClassRow(db: Db, id: number): Promise<ClassRow | null> {
  const [row] = await db
    .update(s.classSessions)
    .set({ status: "cancelled", updatedAt: new Date().toISOString() })
    .where(and(eq(s.classSessions.id, id), eq(s.classSessions.status, "scheduled")))
    .returning();
  return row ?? null;
}

/** Marks a seat attended (true) or a no-show (false). */
export async function markAttended(db: Db, classId: number, bookingId: number, attended: boolean) {
  const [row] = await db
    .update(s.bookings)
    .set({ attended, updatedAt: new Date().toISOString() })
    .where(and(eq(s.bookings.id, bookingId), eq(s.bookings.classId, classId)))
    .returning();
  return row ?? null;
}
