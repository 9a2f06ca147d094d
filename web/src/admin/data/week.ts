// The weekly schedule as the editor's grid: one line per weekday, built from
// the API's rows, and the request each edited line turns into.
import type { DayHours, WeeklyRow } from "./schedules";

export type WeekLine = { day: number; rowId: number | null; works: boolean; start: string; end: string; breaks: { start_time: string; end_time: string }[] };

/** Seven lines, Monday first; a weekday with no row is a day off with the salon's usual hours prefilled. */
export function weekLines(rows: WeeklyRow[]): WeekLine[] {
  return [0, 1, 2, 3, 4, 5, 6].map((day) => {
    const row = rows.find((r) => r.day_of_week === day && r.is_active) ?? rows.find((r) => r.day_of_week === day);
    return row
      ? { day, rowId: row.id, works: row.is_active, start: row.start_time, end: row.end_time, breaks: row.breaks.map((b) => ({ ...b })) }
      : { day, rowId: null, works: false, start: "10:00", end: "19:00", breaks: [] };
  });
}

export type LineChange = { op: "add"; hours: DayHours } | { op: "edit"; rowId: number; hours: DayHours } | { op: "none" };

/** What saving a line means: create the weekday, edit its row, or nothing (a day off that never had a row). */
export function lineChange(line: WeekLine): LineChange {
  const hours: DayHours = { start_time: line.start, end_time: line.end, breaks: line.breaks.filter((b) => b.start_time && b.end_time), is_active: line.works };
  if (line.rowId !== null) return { op: "edit", rowId: line.rowId, hours };
  return line.works ? { op: "add", hours } : { op: "none" };
}
