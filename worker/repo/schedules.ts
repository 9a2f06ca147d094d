// Weekly hours, breaks and date exceptions of masters.
import { and, asc, eq, gte, inArray, lte } from "drizzle-orm";
import type { ScheduleException, WeeklyHours } from "../booking/slots.js";
import { type Db, schema as s } from "./db.js";
import { inStaffSet, isEmptySet, type StaffSet } from "./staff-set.js";

export type ScheduleRow = typeof s.staffSchedules.$inferSelect & { breaks: { id: number; startTime: string; endTime: string }[] };
export type ExceptionRow = typeof s.scheduleExceptions.$inferSelect;

export async function schedulesOf(db: Db, staff: StaffSet): Promise<ScheduleRow[]> {
  if (isEmptySet(staff)) return [];
  // Both reads start at once (one round trip): breaks by a subquery, not by the ids read first.
  const [rows, breaks] = await Promise.all([
    db
      .select()
      .from(s.staffSchedules)
      .where(inStaffSet(db, s.staffSchedules.staffId, staff))
      .orderBy(asc(s.staffSchedules.dayOfWeek), asc(s.staffSchedules.startTime)),
    db
      .select()
      .from(s.staffScheduleBreaks)
      .where(
        inArray(
          s.staffScheduleBreaks.scheduleId,
          db.select({ id: s.staffSchedules.id }).from(s.staffSchedules).where(inStaffSet(db, s.staffSchedules.staffId, staff)),
        ),
      )
      .orderBy(asc(s.staffScheduleBreaks.startTime)),
  ]);
  const byRow = new Map<number, ScheduleRow["breaks"]>();
  for (const b of breaks) {
    const list = byRow.get(b.scheduleId) ?? [];
    list.push({ id: b.id, startTime: b.startTime, endTime: b.endTime });
    byRow.set(b.scheduleId, list);
  }
  return rows.map((r) => ({ ...r, breaks: byRow.get(r.id) ?? [] }));
}

export function exceptionsOf(db: Db, staff: StaffSet, from?: string, to?: string): Promise<ExceptionRow[]> {
  if (isEmptySet(staff)) return Promise.resolve([]);
  return db
    .select()
    .from(s.scheduleExceptions)
    .where(
      and(
        inStaffSet(db, s.scheduleExceptions.staffId, staff),
        to ? lte(s.scheduleExceptions.startDate, to) : undefined,
        from ? gte(s.scheduleExceptions.endDate, from) : undefined,
      ),
    )
    .orderBy(asc(s.scheduleExceptions.startDate));
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
