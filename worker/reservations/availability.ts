// Feeds the pure slot engine from the database: schedules, exceptions and the
// active bookings of the masters concerned over the dates asked for.
import { type DayPlan, daySlots, freeStarts, type SlotRules, type StaffSchedule } from "../booking/slots.js";
import { addDays } from "../booking/zoned-time.js";
import { busyBetween } from "../repo/bookings.js";
import { blocksBetween } from "../repo/blocks.js";
import type { Db } from "../repo/db.js";
import { type ExceptionRow, exceptionsOf, type ScheduleRow, schedulesOf, toExceptions, toWeek } from "../repo/schedules.js";
import type { StaffSet } from "../repo/staff-set.js";
import type { SalonSettings } from "../repo/settings.js";
import { heldBetween } from "../repo/waitlist.js";
import { type ResourceLoad, resourceLoad } from "../repo/resources.js";
import { needsOf, unitLists } from "./resource-slots.js";

export function rulesOf(settings: SalonSettings): SlotRules {
  return {
    timeZone: settings.timeZone,
    stepMin: settings.slotStepMin,
    grid: settings.slotGrid,
    minNoticeMin: settings.minNoticeMin,
    horizonDays: settings.horizonDays,
  };
}

/** What the slot engine needs of a set of masters over some dates, as read. */
export interface ScheduleData {
  week: ScheduleRow[];
  exceptions: ExceptionRow[];
  busy: Awaited<ReturnType<typeof busyBetween>>;
  /** Time blocks: busy like bookings for the slot engine. */
  blocks: Awaited<ReturnType<typeof blocksBetween>>;
  /** Times held for waiting customers: busy for everyone but the one they are held for. */
  holds: Awaited<ReturnType<typeof heldBetween>>;
  /** The resources the services asked about need, with the units held (read when services were named). */
  resources?: ResourceLoad;
  /** The salon dates read (inclusive). */
  dates?: { from: string; to: string };
}

/**
 * Schedules, exceptions, bookings and time blocks of these masters between two salon
 * dates (inclusive): four reads started together, so one round trip, and
 * with `{ serviceId }` they can share it with the reads that find the masters.
 */
export async function readSchedules(db: Db, staff: StaffSet, fromDate: string, toDate: string, serviceIds: number[] = []): Promise<ScheduleData> {
  // A day boundary in any zone lies within a day of UTC midnight.
  const fromUtc = `${addDays(fromDate, -1)}T00:00:00.000Z`;
  const toUtc = `${addDays(toDate, 2)}T00:00:00.000Z`;
  const [week, exceptions, busy, blocks, holds, resources] = await Promise.all([
    schedulesOf(db, staff),
    exceptionsOf(db, staff, fromDate, toDate),
    busyBetween(db, staff, fromUtc, toUtc),
    blocksBetween(db, staff, fromUtc, toUtc),
    heldBetween(db, staff, fromUtc, toUtc, new Date().toISOString()),
    serviceIds.length > 0 ? resourceLoad(db, serviceIds, fromDate, toDate, fromUtc, toUtc) : undefined,
  ]);
  return { week, exceptions, busy, blocks, holds, resources, dates: { from: fromDate, to: toDate } };
}

/** The engine's input per master, for these masters (each gets an entry, empty if nothing was read). */
export function schedulesFor(
  data: ScheduleData,
  staffIds: number[],
  options: { excludeBookingId?: number; excludeHoldOf?: number; service?: { id: number; zone: string } } = {},
): Map<number, StaffSchedule> {
  const out = new Map<number, StaffSchedule>();
  const weekRows = new Map<number, ScheduleRow[]>();
  for (const id of staffIds) {
    out.set(id, { week: [], exceptions: [], busy: [] });
    weekRows.set(id, []);
  }
  for (const r of data.week) weekRows.get(r.staffId)?.push(r);
  for (const [id, rows] of weekRows) out.get(id)!.week = toWeek(rows);
  for (const e of data.exceptions) out.get(e.staffId)?.exceptions.push(...toExceptions([e]));
  for (const b of data.busy) {
    if (b.staffId === null || b.id === options.excludeBookingId) continue;
    out.get(b.staffId)?.busy.push({ start: b.start, end: b.end });
  }
  for (const b of data.blocks) out.get(b.staffId)?.busy.push({ start: b.startAt, end: b.endAt });
  for (const h of data.holds) if (h.entryId !== options.excludeHoldOf) out.get(h.staffId)?.busy.push({ start: h.startAt, end: h.endAt });
  if (options.service) {
    const units = unitsFor(data, options.service.id, options.service.zone, options.excludeBookingId);
    if (units.length > 0) for (const schedule of out.values()) schedule.units = units;
  }
  return out;
}

/** The per-unit busy lists of the resources a service needs (empty when it needs none). */
export function unitsFor(data: ScheduleData, serviceId: number, zone: string, excludeBookingId?: number) {
  if (!data.resources || !data.dates) return [];
  return unitLists(data.resources, needsOf(data.resources, serviceId), data.dates.from, data.dates.to, zone, excludeBookingId);
}

/** Schedules of these masters with their bookings between two salon dates (inclusive). */
export async function loadSchedules(
  db: Db,
  staffIds: number[],
  fromDate: string,
  toDate: string,
  options: { excludeBookingId?: number; service?: { id: number; zone: string } } = {},
): Promise<Map<number, StaffSchedule>> {
  return schedulesFor(await readSchedules(db, staffIds, fromDate, toDate, options.service ? [options.service.id] : []), staffIds, options);
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

/** plansFor's available starts only (freeStarts), per master in the same order. */
export function freeStartsFor(rules: SlotRules, schedules: Map<number, StaffSchedule>, q: PlanQuery) {
  return [...schedules.entries()].map(([staffId, schedule]) => {
    const { durationFor, ...query } = q;
    const durationMin = durationFor ? durationFor(staffId) : q.durationMin;
    return { staffId, starts: freeStarts(rules, schedule, { ...query, durationMin }) };
  });
}
