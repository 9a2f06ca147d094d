// Feeds the pure slot engine from the database: schedules, exceptions and the
// active bookings of the masters concerned over the dates asked for.
import { type DayPlan, daySlots, type SlotRules, type StaffSchedule } from "../booking/slots.js";
import { addDays } from "../booking/zoned-time.js";
import { busyBetween } from "../repo/bookings.js";
import { blocksBetween } from "../repo/blocks.js";
import type { Db } from "../repo/db.js";
import { exceptionsOf, schedulesOf, toExceptions, toWeek } from "../repo/schedules.js";
import type { SalonSettings } from "../repo/settings.js";

export function rulesOf(settings: SalonSettings): SlotRules {
  return {
    timeZone: settings.timeZone,
    stepMin: settings.slotStepMin,
    minNoticeMin: settings.minNoticeMin,
    horizonDays: settings.horizonDays,
  };
}

/** Schedules of these masters with their bookings and time blocks between two salon dates (inclusive). */
export async function loadSchedules(
  db: Db,
  staffIds: number[],
  fromDate: string,
  toDate: string,
  options: { excludeBookingId?: number } = {},
): Promise<Map<number, StaffSchedule>> {
  // A day boundary in any zone lies within a day of UTC midnight.
  const fromUtc = `${addDays(fromDate, -1)}T00:00:00.000Z`;
  const toUtc = `${addDays(toDate, 2)}T00:00:00.000Z`;
  const [schedules, exceptions, busy, blocks] = await Promise.all([
    schedulesOf(db, staffIds),
    exceptionsOf(db, staffIds, fromDate, toDate),
    busyBetween(db, staffIds, fromUtc, toUtc),
    blocksBetween(db, staffIds, fromUtc, toUtc),
  ]);
  const out = new Map<number, StaffSchedule>();
  for (const id of staffIds) {
    out.set(id, {
      week: toWeek(schedules.filter((r) => r.staffId === id)),
      exceptions: toExceptions(exceptions.filter((e) => e.staffId === id)),
      busy: busy
        .filter((b) => b.staffId === id && b.id !== options.excludeBookingId)
        .map((b) => ({ start: b.start, end: b.end }))
        .concat(blocks.filter((b) => b.staffId === id).map((b) => ({ start: b.startAt, end: b.endAt }))),
    });
  }
  return out;
}

export interface PlanQuery {
  date: string;
  durationMin: number;
  bufferAfterMin: number;
  now: Date;
  /** A master's own duration where it differs from durationMin. */
  durationFor?: (staffId: number) => number;
}

export function plansFor(rules: SlotRules, schedules: Map<number, StaffSchedule>, q: PlanQuery) {
  return [...schedules.entries()].map(([staffId, schedule]) => {
    const { durationFor, ...query } = q;
    const durationMin = durationFor ? durationFor(staffId) : q.durationMin;
    return { staffId, plan: daySlots(rules, schedule, { ...query, durationMin }) as DayPlan };
  });
}
