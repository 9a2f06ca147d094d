// When a time is taken: the nearest free times of the same master(s) over the
// next week, and other masters free at exactly the asked time.
import { addDays } from "../booking/zoned-time.js";
import type { AlternativeSlot } from "../contracts/bookings.js";
import type { StaffMember } from "../contracts/catalog.js";
import type { Db } from "../repo/db.js";
import { loadSchedules, plansFor, rulesOf } from "./availability.js";
import { type BookingContext, planQueryOf } from "./context.js";

const SEARCH_DAYS = 7;
const NEAREST = 3;

export async function findAlternatives(
  db: Db,
  ctx: BookingContext,
  candidates: StaffMember[],
  asked: { date: string; time: string; instant: Date },
  now: Date,
  excludeBookingId?: number,
): Promise<{ same_staff: AlternativeSlot[]; other_staff: AlternativeSlot[] }> {
  const rules = rulesOf(ctx.settings);
  const everyone = ctx.staff;
  const schedules = await loadSchedules(db, everyone.map((m) => m.id), asked.date, addDays(asked.date, SEARCH_DAYS - 1), { excludeBookingId });
  const nameOf = new Map(everyone.map((m) => [m.id, m.name]));
  const candidateIds = new Set(candidates.map((m) => m.id));
  const { date: _date, ...query } = planQueryOf(ctx, asked.date, now);

  const toAlternative = (staffId: number, date: string, slot: { time: string; start: string }): AlternativeSlot => ({
    staff_id: staffId,
    staff_name: nameOf.get(staffId) ?? "",
    date,
    time: slot.time,
    start_at: slot.start,
  });

  const nearby: AlternativeSlot[] = [];
  for (let day = 0; day < SEARCH_DAYS; day++) {
    const date = addDays(asked.date, day);
    for (const { staffId, plan } of plansFor(rules, schedules, { ...query, date })) {
      if (!candidateIds.has(staffId)) continue;
      for (const slot of plan.slots) if (slot.available) nearby.push(toAlternative(staffId, date, slot));
    }
  }
  const distance = (a: AlternativeSlot) => Math.abs(Date.parse(a.start_at) - asked.instant.getTime());
  nearby.sort((a, b) => distance(a) - distance(b) || a.staff_id - b.staff_id);

  const sameTime = plansFor(rules, schedules, { ...query, date: asked.date }).flatMap(({ staffId, plan }) => {
    if (candidateIds.has(staffId)) return [];
    const slot = plan.slots.find((s) => s.time === asked.time && s.available);
    return slot ? [toAlternative(staffId, asked.date, slot)] : [];
  });
  return { same_staff: nearby.slice(0, NEAREST), other_staff: sameTime };
}
