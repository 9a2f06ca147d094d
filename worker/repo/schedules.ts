// Weekly hours, breaks and date exceptions of masters.
import { and, asc, eq, gte, inArray, lte } from "drizzle-orm";
import type { ScheduleException, WeeklyHours } from "../booking/slots.js";
import { type Db, schema as s } from "./db.js";

export type ScheduleRow = typeof s.staffSchedules.$inferSelect & { breaks: { id: number; startTime: string; endTime: string }[] };
export type ExceptionRow = typeof s.scheduleExceptions.$inferSelect;

export async function schedulesOf(db: Db, staffIds: number[]): Promise<ScheduleRow[]> {
  if (staffIds.length === 0) return [];
  const rows = await db
    .select()
    .from(s.staffSchedules)
    .where(inArray(s.staffSchedules.staffId, staffIds))
    .orderBy(asc(s.staffSchedules.dayOfWeek), asc(s.staffSchedules.startTime));
  const breaks = rows.length
    ? await db
        .select()
        .from(s.staffScheduleBreaks)
        .where(inArray(s.staffScheduleBreaks.scheduleId, rows.map((r) => r.id)))
        .orderBy(asc(s.staffScheduleBreaks.startTime))
    : [];
  return rows.map((r) => ({
    ...r,
    breaks: breaks.filter((b) => b.scheduleId === r.id).map((b) => ({ id: b.id, startTime: b.startTime, endTime: b.endTime })),
  }));
}

export function exceptionsOf(db: Db, staffIds: number[], from?: string, to?: string): Promise<ExceptionRow[]> {
  if (staffIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(s.scheduleExceptions)
    .where(
      and(
        inArray(s.scheduleExceptions.staffId, staffIds),
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
