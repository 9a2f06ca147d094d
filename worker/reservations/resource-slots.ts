// Turns what was read of resources (rooms, machines) into the slot engine's
// per-unit busy lists (StaffSchedule.units): each unit is busy where a booking
// holds it, and every unit is busy where the resource is closed (outside its
// own hours, on a closure day).
import type { BusyInterval, StaffSchedule } from "../booking/slots.js";
import { addDays, dayOfWeek, wallTimeToInstant } from "../booking/zoned-time.js";
import type { ResourceLoad, ResourceRow } from "../repo/resources.js";

/** One unit of each of these resources is what a booking of the service needs. */
export interface ResourceNeed {
  id: number;
  units: number;
}

/** The resources a service needs (archived ones no longer count), in the fixed claim order: by id. */
export function needsOf(load: ResourceLoad | undefined, serviceId: number): ResourceNeed[] {
  if (!load) return [];
  const ids = new Set(load.links.filter((l) => l.serviceId === serviceId).map((l) => l.resourceId));
  return load.resources
    .filter((r) => ids.has(r.id) && r.archivedAt === null)
    .map((r) => ({ id: r.id, units: r.units }))
    .sort((a, b) => a.id - b.id);
}

const startOfDay = (date: string, zone: string) => wallTimeToInstant(date, "00:00", zone)!.toISOString();

/** When a resource cannot be used between two salon dates (inclusive): outside its hours and on closure days. */
export function closedSpans(resource: Pick<ResourceRow, "id" | "hours">, closures: ResourceLoad["closures"], fromDate: string, toDate: string, zone: string): BusyInterval[] {
  const spans: BusyInterval[] = [];
  const closedDays = closures.filter((c) => c.resourceId === resource.id);
  if (!resource.hours && closedDays.length === 0) return spans;
  for (let date = fromDate; date <= toDate; date = addDays(date, 1)) {
    const dayStart = startOfDay(date, zone);
    const dayEnd = startOfDay(addDays(date, 1), zone);
    if (closedDays.some((c) => c.fromDate <= date && date <= c.toDate)) {
      spans.push({ start: dayStart, end: dayEnd });
      continue;
    }
    if (!resource.hours) continue;
    const open = resource.hours[dayOfWeek(date)];
    if (!open) {
      spans.push({ start: dayStart, end: dayEnd });
      continue;
    }
    const from = wallTimeToInstant(date, open[0], zone)?.toISOString() ?? dayStart;
    const to = open[1] === "24:00" ? dayEnd : (wallTimeToInstant(date, open[1], zone)?.toISOString() ?? dayEnd);
    if (dayStart < from) spans.push({ start: dayStart, end: from });
    if (to < dayEnd) spans.push({ start: to, end: dayEnd });
  }
  return spans;
}

/**
 * Per needed resource, per unit (1…units), the times it is busy. Built once
 * per request and shared by every master's schedule (the engine parses each
 * list once). `excludeBookingId`: a booking being moved does not block itself.
 */
export function unitLists(load: ResourceLoad | undefined, needs: ResourceNeed[], fromDate: string, toDate: string, zone: string, excludeBookingId?: number): BusyInterval[][][] {
  if (!load || needs.length === 0) return [];
  return needs.map((need) => {
    const resource = load.resources.find((r) => r.id === need.id)!;
    // A day each side: the dates asked are salon dates, the reads are a day wider.
    const closed = closedSpans(resource, load.closures, addDays(fromDate, -1), addDays(toDate, 1), zone);
    const units: BusyInterval[][] = Array.from({ length: need.units }, () => [...closed]);
    for (const h of load.held) {
      if (h.resourceId !== need.id || h.bookingId === excludeBookingId || h.unit < 1 || h.unit > need.units) continue;
      units[h.unit - 1]!.push({ start: h.start, end: h.end });
    }
    return units;
  });
}

/** A master's schedule with the units a service needs (the same busy list, so the engine's parse of it is shared). */
export function withUnits(schedule: StaffSchedule, units: BusyInterval[][][]): StaffSchedule {
  return units.length === 0 ? schedule : { ...schedule, units };
}

/** The units a booking just got, as its view shows them (names from what was read). */
export function unitViews(load: ResourceLoad | undefined, bookingId: number, units: { resourceId: number; unit: number }[]) {
  return units.map((u) => {
    const r = load?.resources.find((x) => x.id === u.resourceId);
    return { bookingId, resourceId: u.resourceId, unit: u.unit, name: r?.name ?? "", kind: r?.kind ?? ("room" as const) };
  });
}
