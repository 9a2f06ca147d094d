// Scenario builder for the slot engine tests: a master's week is written the way
// a salon would say it, e.g. masterWith({ mon: "10:00-19:00 break 13:00-14:00" }).
import {
  type BusyInterval,
  type DayPlan,
  daySlots,
  type ScheduleException,
  type Slot,
  type SlotReason,
  type SlotRules,
  type StaffSchedule,
  type WeeklyHours,
} from "../../worker/booking/slots.js";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
type Day = (typeof DAYS)[number];

/** "10:00-19:00" or "10:00-19:00 break 13:00-14:00 16:00-16:15"; an array is a split shift. */
type Shift = string;
export type WeekSpec = Partial<Record<Day, Shift | Shift[]>>;

function span(text: string): { start: string; end: string } {
  const [start, end] = text.split("-");
  if (!start || !end) throw new Error(`bad span "${text}"`);
  return { start, end };
}

function shiftRow(dayOfWeek: number, shift: Shift): WeeklyHours {
  const [hours = "", breaks = ""] = shift.split(" break ");
  return { dayOfWeek, ...span(hours), breaks: breaks.split(" ").filter(Boolean).map(span) };
}

export function masterWith(
  spec: WeekSpec,
  extra: { exceptions?: ScheduleException[]; busy?: BusyInterval[] } = {},
): StaffSchedule {
  const week = DAYS.flatMap((day, i) => {
    const shifts = spec[day];
    if (shifts === undefined) return [];
    return (Array.isArray(shifts) ? shifts : [shifts]).map((s) => shiftRow(i, s));
  });
  return { week, exceptions: extra.exceptions ?? [], busy: extra.busy ?? [] };
}

export const dayOff = (from: string, to = from): ScheduleException => ({
  kind: "day_off",
  startDate: from,
  endDate: to,
  startTime: null,
  endTime: null,
});

export const vacation = (from: string, to = from): ScheduleException => ({
  kind: "vacation",
  startDate: from,
  endDate: to,
  startTime: null,
  endTime: null,
});

export const customHours = (date: string, hours: string): ScheduleException => {
  const { start, end } = span(hours);
  return { kind: "custom_hours", startDate: date, endDate: date, startTime: start, endTime: end };
};

/** Busy interval from ISO times with explicit offsets, stored as UTC like the database does. */
export const booking = (start: string, end: string): BusyInterval => ({
  start: new Date(start).toISOString(),
  end: new Date(end).toISOString(),
});

export interface Ask {
  date: string;
  duration?: number;
  buffer?: number;
  now?: string;
  step?: number;
  grid?: SlotRules["grid"];
  notice?: number;
  horizon?: number;
  zone?: string;
}

/** Friday before the test week, early morning in Moscow. */
export const EARLY = "2026-11-20T09:00:00+03:00";

export function rulesOf(ask: Omit<Ask, "date">): SlotRules {
  return {
    timeZone: ask.zone ?? "Europe/Moscow",
    stepMin: ask.step ?? 30,
    grid: ask.grid,
    minNoticeMin: ask.notice ?? 0,
    horizonDays: ask.horizon ?? 30,
  };
}

export function plan(staff: StaffSchedule, ask: Ask): DayPlan {
  return daySlots(rulesOf(ask), staff, {
    date: ask.date,
    durationMin: ask.duration ?? 60,
    bufferAfterMin: ask.buffer ?? 0,
    now: new Date(ask.now ?? EARLY),
  });
}

export const offered = (p: { slots: Slot[] }): string[] => p.slots.filter((s) => s.available).map((s) => s.time);
export const times = (p: { slots: Slot[] }): string[] => p.slots.map((s) => s.time);

export function slotAt<S extends Slot>(p: { slots: S[] }, time: string): S {
  const slot = p.slots.find((s) => s.time === time);
  if (!slot) throw new Error(`no slot at ${time}; have ${times(p).join(", ")}`);
  return slot;
}

/** "ok" for an available slot, otherwise its reason. */
export const verdict = (p: { slots: Slot[] }, time: string): SlotReason | "ok" => slotAt(p, time).reason ?? "ok";
