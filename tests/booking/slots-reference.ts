// A deliberately plain slot engine for cross-checking the real one: every
// wall time converted on its own, every booking checked against every slot,
// nothing cached or indexed. Slow, and easy to read against the rules in
// worker/booking/README.md.
import type { DayPlan, ScheduleException, Slot, SlotQuery, SlotReason, SlotRules, StaffSchedule, WeeklyHours } from "../../worker/booking/slots.js";
import { addDays, dayOfWeek, formatMinutes, instantToWall, minutesOf, wallMinutesToAllMs, wallMinutesToMsAtOrAfter } from "../../worker/booking/zoned-time.js";

type Range = [number, number];

const nonEmpty = (start: string, end: string): Range[] => (minutesOf(end) > minutesOf(start) ? [[minutesOf(start), minutesOf(end)]] : []);

function union(ranges: Range[]): Range[] {
  const sorted = ranges.map((r) => [...r] as Range).sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push(r);
  }
  return out;
}

function dayFrame(date: string, week: WeeklyHours[], exceptions: ScheduleException[]) {
  const rows = week.filter((r) => r.dayOfWeek === dayOfWeek(date));
  const weekly = union(rows.flatMap((r) => nonEmpty(r.start, r.end)));
  const breaks = rows.flatMap((r) => r.breaks.flatMap((b) => nonEmpty(b.start, b.end)));
  const covering = exceptions.filter((e) => e.startDate <= date && date <= e.endDate);
  if (covering.some((e) => e.kind === "vacation")) return { status: "vacation" as const, periods: weekly, breaks, closed: "vacation" as const };
  if (covering.some((e) => e.kind === "day_off")) return { status: "day_off" as const, periods: weekly, breaks, closed: "day_off" as const };
  const custom = union(covering.flatMap((e) => (e.kind === "custom_hours" && e.startTime && e.endTime ? nonEmpty(e.startTime, e.endTime) : [])));
  const periods = custom.length > 0 ? custom : weekly;
  return { status: periods.length > 0 ? ("open" as const) : ("day_off" as const), periods, breaks, closed: undefined };
}

const overlap = (a: Range, b: Range) => a[0] < a[1] && b[0] < b[1] && a[0] < b[1] && b[0] < a[1];

export function referenceDaySlots(rules: SlotRules, staff: StaffSchedule, q: SlotQuery): DayPlan {
  const zone = rules.timeZone;
  const frame = dayFrame(q.date, staff.week, staff.exceptions);
  const at = (minutes: number) => wallMinutesToMsAtOrAfter(q.date, minutes, zone);
  const now = q.now.getTime();
  const horizonEnd = addDays(instantToWall(q.now, zone).date, rules.horizonDays);
  const slots: { ms: number; slot: Slot }[] = [];
  for (const [from, to] of frame.periods) {
    // Aligned to the clock: the first multiple of the step from midnight at or after the period start.
    let first = from;
    if (rules.grid === "clock") while (first % rules.stepMin !== 0) first++;
    for (let t = first; t < to; t += rules.stepMin) {
      // Both occurrences of a wall time where the clocks go back; none in a gap.
      for (const start of wallMinutesToAllMs(q.date, t, zone)) {
        if (slots.some((s) => s.ms === start)) continue;
        const occupied: Range = [start, start + (q.durationMin + q.bufferAfterMin) * 60_000];
        let reason: SlotReason | undefined = frame.closed;
        if (!reason) {
          if (start <= now) reason = "past";
          else if (start < now + rules.minNoticeMin * 60_000) reason = "notice";
          else if (q.date > horizonEnd) reason = "horizon";
          else if (occupied[1] > at(to)) reason = "outside_hours";
          else if (frame.breaks.some(([bs, be]) => overlap([at(bs), at(be)], occupied))) reason = "break";
          else if (staff.busy.some((b) => overlap([Date.parse(b.start), Date.parse(b.end)], occupied))) reason = "booked";
          // A resource is taken when none of its units is free for the whole occupied interval.
          else if ((staff.units ?? []).some((units) => units.every((unit) => unit.some((b) => overlap([Date.parse(b.start), Date.parse(b.end)], occupied))))) reason = "booked";
        }
        const slot: Slot = {
          time: formatMinutes(t),
          start: new Date(start).toISOString(),
          end: new Date(start + q.durationMin * 60_000).toISOString(),
          available: reason === undefined,
          duration: q.durationMin,
        };
        if (reason) slot.reason = reason;
        slots.push({ ms: start, slot });
      }
    }
  }
  slots.sort((a, b) => a.ms - b.ms);
  return { date: q.date, status: frame.status, slots: slots.map((s) => s.slot) };
}
