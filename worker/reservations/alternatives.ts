// When a time is taken: the nearest free times of the same master(s) over the
// next week, and other masters free at exactly the asked time.
import { addDays, formatMinutes } from "../booking/zoned-time.js";
import type { AlternativeSlot } from "../contracts/bookings.js";
import type { StaffMember } from "../contracts/catalog.js";
import type { Db } from "../repo/db.js";
import { freeStartsFor, loadSchedules, rulesOf } from "./availability.js";
import { type BookingContext, planQueryOf } from "./context.js";

const SEARCH_DAYS = 7;
const NEAREST = 3;

export async function findAlternatives(
  db: Db,
  ctx: BookingContext,
  candidates: StaffMember[],
  asked: { date: string; time: string; instant: Date },
  now: Date,
  /** A booking being moved: its own time is not in the way, and not an alternative either (moving there changes nothing). */
  moving?: { id: number; staffId: number | null; startAt: string },
): Promise<{ same_staff: AlternativeSlot[]; other_staff: AlternativeSlot[] }> {
  const excludeBookingId = moving?.id;
  const movingFrom = moving ? Date.parse(moving.startAt) : Number.NaN;
  const isWhereItIs = (staffId: number, start: number) => staffId === moving?.staffId && start === movingFrom;
  const rules = rulesOf(ctx.settings);
  const everyone = ctx.staff;
  const schedules = await loadSchedules(db, everyone.map((m) => m.id), asked.date, addDays(asked.date, SEARCH_DAYS - 1), { excludeBookingId, service: { id: ctx.service.id, zone: rules.timeZone } });
  const nameOf = new Map(everyone.map((m) => [m.id, m.name]));
  const candidateIds = new Set(candidates.map((m) => m.id));
  const { date: _date, ...query } = planQueryOf(ctx, asked.date, now);

  const toAlternative = (staffId: number, date: string, slot: { t: number; start: number }): AlternativeSlot => ({
    staff_id: staffId,
    staff_name: nameOf.get(staffId) ?? "",
    date,
    time: formatMinutes(slot.t),
    start_at: new Date(slot.start).toISOString(),
  });

  // Free starts only, formatted once chosen: under contention every loser of a race computes these.
  const asked0 = freeStartsFor(rules, schedules, { ...query, date: asked.date });
  const askedMs = asked.instant.getTime();
  const nearby: { staffId: number; date: string; slot: { t: number; start: number } }[] = [];
  for (let day = 0; day < SEARCH_DAYS; day++) {
    const date = addDays(asked.date, day);
    for (const { staffId, starts } of day === 0 ? asked0 : freeStartsFor(rules, schedules, { ...query, date })) {
      if (!candidateIds.has(staffId)) continue;
      // The asked time was just refused for these masters (the ledger has the
      // last word even where the database still shows it free): never its own alternative.
      for (const slot of starts) if (!isWhereItIs(staffId, slot.start) && slot.start !== askedMs) nearby.push({ staffId, date, slot });
    }
  }
  const distance = (a: { slot: { start: number } }) => Math.abs(a.slot.start - askedMs);
  nearby.sort((a, b) => distance(a) - distance(b) || a.staffId - b.staffId);

  const sameTime = asked0.flatMap(({ staffId, starts }) => {
    if (candidateIds.has(staffId)) return [];
    const slot = starts.find((s) => formatMinutes(s.t) === asked.time);
    return slot && !isWhereItIs(staffId, slot.start) ? [toAlternative(staffId, asked.date, slot)] : [];
  });
  return { same_staff: nearby.slice(0, NEAREST).map((a) => toAlternative(a.staffId, a.date, a.slot)), other_staff: sameTime };
}
