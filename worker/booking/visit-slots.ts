// Several services in one visit: where a whole sequence fits. Pure, on top of
// the slot engine: the first item starts on its masters' grid (daySlots), each
// later item starts exactly when the one before it ends, its clean-up buffer
// included (startRefusal checks such off-grid starts with the same rules).
import { daySlots, mergeAnyStaff, startRefusal, type SlotReason, type SlotRules, type StaffSchedule } from "./slots.js";

const MINUTE_MS = 60_000;

export interface VisitItemInput {
  /** Masters who may do this item, in the order to try them, each with their own duration. */
  candidates: { staffId: number; schedule: StaffSchedule; durationMin: number }[];
  bufferAfterMin: number;
}

export interface PlacedItem {
  staffId: number;
  /** UTC ISO */
  start: string;
  /** start + duration: what the customer books */
  end: string;
  /** end + the service's buffer: what the master's calendar is blocked for */
  occupiedEnd: string;
  durationMin: number;
}

export type SequenceFit = { ok: true; items: PlacedItem[] } | { ok: false; item: number; reason: SlotReason };

/** Reasons a person can act on come last: a taken time (409 with alternatives) beats a rule. */
const worse = (a: SlotReason, b: SlotReason) => (a === "booked" ? a : b === "booked" ? b : a);

/**
 * The masters for each item when the visit starts at `startIso`, trying each
 * item's candidates in order (and backtracking when a later item cannot
 * follow); or the first item that cannot be placed and why.
 */
export function fitSequence(rules: SlotRules, items: VisitItemInput[], startIso: string, now: Date): SequenceFit {
  let failure: { item: number; reason: SlotReason } | null = null;
  const placed: PlacedItem[] = [];
  const place = (index: number, startMs: number): boolean => {
    if (index === items.length) return true;
    const item = items[index]!;
    const start = new Date(startMs).toISOString();
    for (const c of item.candidates) {
      // A master already placed earlier in this visit is busy then too.
      const own = placed.filter((p) => p.staffId === c.staffId).map((p) => ({ start: p.start, end: p.occupiedEnd }));
      const schedule = own.length ? { ...c.schedule, busy: [...c.schedule.busy, ...own] } : c.schedule;
      const reason = startRefusal(rules, schedule, { durationMin: c.durationMin, bufferAfterMin: item.bufferAfterMin, now }, start);
      if (reason) {
        if (!failure || index > failure.item) failure = { item: index, reason };
        else if (index === failure.item) failure.reason = worse(failure.reason, reason);
        continue;
      }
      const endMs = startMs + c.durationMin * MINUTE_MS;
      const occupiedEnd = endMs + item.bufferAfterMin * MINUTE_MS;
      placed.push({ staffId: c.staffId, start, end: new Date(endMs).toISOString(), occupiedEnd: new Date(occupiedEnd).toISOString(), durationMin: c.durationMin });
      if (place(index + 1, occupiedEnd)) return true;
      placed.pop();
    }
    return false;
  };
  if (place(0, Date.parse(startIso))) return { ok: true, items: placed };
  return { ok: false, ...(failure ?? { item: 0, reason: "outside_hours" as SlotReason }) };
}

export interface VisitSlot {
  /** HH:MM salon wall time of the first item */
  time: string;
  start: string;
  items: PlacedItem[];
}

export interface VisitDay {
  date: string;
  /** open when a master of the first item works that day */
  status: "open" | "day_off" | "vacation";
  /** Every start on the first item's grid (with its `time` label), fitting or not. */
  grid: { time: string; start: string }[];
  /** The starts where the whole visit fits, in time order. */
  slots: VisitSlot[];
}

/** One day's start times where the whole visit fits. */
export function visitDaySlots(rules: SlotRules, items: VisitItemInput[], date: string, now: Date): VisitDay {
  const first = items[0]!;
  const plans = first.candidates.map((c) => ({
    staffId: c.staffId,
    plan: daySlots(rules, c.schedule, { date, durationMin: c.durationMin, bufferAfterMin: first.bufferAfterMin, now }),
  }));
  const status = plans.some((p) => p.plan.status === "open") ? "open" : (plans[0]?.plan.status ?? "day_off");
  const merged = plans.length ? mergeAnyStaff(plans).slots : [];
  const slots: VisitSlot[] = [];
  for (const slot of merged) {
    // The first item's own grid already refuses this start for everyone.
    if (!slot.available) continue;
    const fit = fitSequence(rules, items, slot.start, now);
    if (fit.ok) slots.push({ time: slot.time, start: slot.start, items: fit.items });
  }
  return { date, status, grid: merged.map(({ time, start }) => ({ time, start })), slots };
}
