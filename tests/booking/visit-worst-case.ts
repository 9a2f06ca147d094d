// The heaviest multi-service search a salon can realistically ask for, shared
// by the step-budget test and `npm run bench`: five services with 50 masters
// each over 31 days; the same 50 masters do the first four, work 09:00–21:00
// every day and are free, with three different own durations among them; the
// fifth service is never possible (its 50 masters are all on holiday), so
// every start explores every master of the first four items before giving up. The old search without memory
// tried 50⁴ sequences per start; this one checks each (item, instant) once.
import type { SlotRules, StaffSchedule } from "../../worker/booking/slots.js";
import type { VisitItemInput } from "../../worker/booking/visit-slots.js";

export const WORST_ITEMS = 5;
export const WORST_MASTERS = 50;
export const WORST_DAYS = 31;
export const WORST_FROM = "2026-06-01";
export const WORST_NOW = new Date("2026-05-31T09:00:00Z");
export const WORST_RULES: SlotRules = { timeZone: "Europe/Moscow", stepMin: 30, minNoticeMin: 60, horizonDays: 60 };

const everyDay = (start: string, end: string): StaffSchedule["week"] =>
  [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, start, end, breaks: [{ start: "14:00", end: "14:15" }] }));

/** `durationOf(item, master)` gives each master's own duration; the default has three distinct values per item. */
export function worstCaseVisit(durationOf: (item: number, master: number) => number = (_, m) => 45 + 15 * (m % 3)): VisitItemInput[] {
  // Each master has schedule data of their own, as visitInputs gives them; masters 1–50 do the first four services.
  const working = Array.from({ length: WORST_MASTERS }, (): StaffSchedule => ({ week: everyDay("09:00", "21:00"), exceptions: [], busy: [] }));
  const away = Array.from({ length: WORST_MASTERS }, (): StaffSchedule => ({
    week: everyDay("09:00", "21:00"),
    exceptions: [{ kind: "vacation", startDate: "2026-01-01", endDate: "2026-12-31", startTime: null, endTime: null }],
    busy: [],
  }));
  return Array.from({ length: WORST_ITEMS }, (_, i) => {
    const last = i === WORST_ITEMS - 1;
    return {
      bufferAfterMin: 0,
      candidates: Array.from({ length: WORST_MASTERS }, (_, m) => ({
        staffId: (last ? WORST_MASTERS : 0) + m + 1,
        schedule: (last ? away : working)[m]!,
        durationMin: durationOf(i, m),
      })),
    };
  });
}
