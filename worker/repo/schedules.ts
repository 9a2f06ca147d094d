// Weekly hours, breaks and date exceptions of masters.
import { and, asc, eq, gte, inArray, lte } from "drizzle-orm";
import type { ScheduleException, WeeklyHours } from "../booking/slots.js";
import { type Db, schema as s } from "./db.js";
import { param } from "./prepared.js";
import { isEmptySet, preparedOnSet, type StaffSet } from "./staff-set.js";

export type ScheduleRow = typeof s.staffSchedules.$inferSelect & { breaks: { id: number; startTime: string; endTime: string }[] };
export type ExceptionRow = typeof s.scheduleExceptions.$inferSelect;

const weeklyRowsOn = preparedOnSet((db, inSet) =>
  db.select().from(s.staffSchedules).where(inSet(s.staffSchedules.staffId)).orderBy(asc(s.staffSchedules.dayOfWeek), asc(s.staffSchedules.startTime)).prepare(),
);
// Breaks by a subquery, not by the ids read first: both reads go out in one round trip.
const breaksOn = preparedOnSet((db, inSet) =>
  db
    .select()
    .from(s.staffScheduleBreaks)
    .where(inArray(s.staffScheduleBreaks.scheduleId, db.select({ id: s.staffSchedules.id }).from(s.staffSchedules).where(inSet(s.staffSchedules.staffId))))
    .orderBy(asc(s.staffScheduleBreaks.startTime))
    .prepare(),
);
const exceptionsOn = preparedOnSet((db, inSet) =>
  db
    .select()
    .from(s.scheduleExceptions)
    .where(and(inSet(s.scheduleExceptions.staffId), lte(s.scheduleExceptions.startDate, param("to")), gte(s.scheduleExceptions.endDate, param("from"))))
    .orderBy(asc(s.scheduleExceptions.startDate))
    .prepare(),
);

export async function schedulesOf(db: Db, staff: StaffSet): Promise<ScheduleRow[]> {
  if (isEmptySet(staff)) return [];
  const weekly = weeklyRowsOn(db, staff);
  const breaksQuery = breaksOn(db, staff);
  const [rows, breaks] = await Promise.all([weekly.query.all(weekly.params), breaksQuery.query.all(breaksQuery.params)]);
  const byRow = new Map<number, ScheduleRow["breaks"]>();
  for (const b of breaks) {
    const list = byRow.get(b.scheduleId) ?? [];
    list.push({ id: b.id, startTime: b.startTime, endTime: b.endTime });
    byRow.set(b.scheduleId, list);
  }
  return rows.map((r) => ({ ...r, breaks: byRow.get(r.id) ?? [] }));
}

/** Date exceptions of masters overlapping [from, to] (salon dates; either end open when not given). */
export function exceptionsOf(db: Db, staff: StaffSet, from = "0000-01-01", to = "9999-12-31"): Promise<ExceptionRow[]> {
  if (isEmptySet(staff)) return Promise.resolve([]);
  const { query, params } = exceptionsOn(db, staff);
  return query.all({ ...params, from, to });
}

/** Schedule rows in the slot engine's terms (active rows only). */
export function toWeek(rows: ScheduleRow[]): WeeklyHours[] {
  return rows
    .filter((r) => r.isActive)
    .map((r) => ({
      dayOfWeek: r.dayOfWeek,
      start: r.startTime,
      end: r.endTime,
      breaks: r.breaks.map((b) => ({ start: b.startTime, end: b.endTime })),
    }));
}

export function toExceptions(rows: ExceptionRow[]): ScheduleException[] {
  return rows.map((r) => ({ kind: r.kind, startDate: r.startDate, endDate: r.endDate, startTime: r.startTime, endTime: r.endTime }));
}

export async function insertSchedule(
  db: Db,
  staffId: number,
  v: { dayOfWeek: number; startTime: string; endTime: string; isActive: boolean; breaks: { startTime: string; endTime: string }[] },
): Promise<number> {
  const [row] = await db
    .insert(s.staffSchedules)
    .values({ staffId, dayOfWeek: v.dayOfWeek, startTime: v.startTime, endTime: v.endTime, isActive: v.isActive })
    .returning({ id: s.staffSchedules.id });
  if (v.breaks.length > 0) {
    await db.insert(s.staffScheduleBreaks).values(v.breaks.map((b) => ({ scheduleId: row!.id, ...b })));
  }
  return row!.id;
}

export async function replaceSchedule(
  db: Db,
  id: number,
  v: { dayOfWeek: number; startTime: string; endTime: string; isActive: boolean; breaks: { startTime: string; endTime: string }[] },
): Promise<void> {
  await db.batch([
    db
      .update(s.staffSchedules)
      .set({ dayOfWeek: v.dayOfWeek, startTime: v.startTime, endTime: v.endTime, isActive: v.isActive, updatedAt: new Date().toISOString() })
      .where(eq(s.staffSchedules.id, id)),
    db.delete(s.staffScheduleBreaks).where(eq(s.staffScheduleBreaks.scheduleId, id)),
    ...v.breaks.map((b) => db.insert(s.staffScheduleBreaks).values({ scheduleId: id, ...b })),
  ]);
}

export async function deleteSchedule(db: Db, id: number): Promise<void> {
  await db.batch([
    db.delete(s.staffScheduleBreaks).where(eq(s.staffScheduleBreaks.scheduleId, id)),
    db.delete(s.staffSchedules).where(eq(s.staffSchedules.id, id)),
  ]);
}

export async function insertException(db: Db, row: typeof s.scheduleExceptions.$inferInsert): Promise<ExceptionRow> {
  const [inserted] = await db.insert(s.scheduleExceptions).values(row).returning();
  return inserted!;
}

export async function deleteException(db: Db, id: number): Promise<void> {
  await db.delete(s.scheduleExceptions).where(eq(s.scheduleExceptions.id, id));
}
