// The plain multi-service search the fast one must agree with: every start,
// every master of every item tried in order with full backtracking, no
// memory, every start checked on its own by startRefusal. Exponential in the
// number of items, so only for small inputs.
import { daySlots, mergeAnyStaff, startRefusal, type SlotReason, type SlotRules } from "../../worker/booking/slots.js";
import type { PlacedItem, SequenceFit, VisitDay, VisitItemInput } from "../../worker/booking/visit-slots.js";

const MINUTE_MS = 60_000;

export function referenceFit(rules: SlotRules, items: VisitItemInput[], startIso: string, now: Date): SequenceFit {
  let failure: { item: number; reason: SlotReason } | null = null;
  const note = (item: number, reason: SlotReason) => {
    if (!failure || item > failure.item) failure = { item, reason };
    else if (item === failure.item && reason === "booked") failure.reason = "booked";
  };
  const placed: PlacedItem[] = [];
  const place = (index: number, startMs: number): boolean => {
    if (index === items.length) return true;
    const item = items[index]!;
    const start = new Date(startMs).toISOString();
    for (const c of item.candidates) {
      // The same master earlier in the visit is busy until that item's clean-up ends.
      const own = placed.filter((p) => p.staffId === c.staffId).map((p) => ({ start: p.start, end: p.occupiedEnd }));
      const reason = startRefusal(rules, { ...c.schedule, busy: [...c.schedule.busy, ...own] }, { durationMin: c.durationMin, bufferAfterMin: item.bufferAfterMin, now }, start);
      if (reason) {
        note(index, reason);
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

export function referenceDay(rules: SlotRules, items: VisitItemInput[], date: string, now: Date): VisitDay {
  const first = items[0]!;
  const plans = first.candidates.map((c) => ({
    staffId: c.staffId,
    plan: daySlots(rules, c.schedule, { date, durationMin: c.durationMin, bufferAfterMin: first.bufferAfterMin, now }),
  }));
  const status = plans.some((p) => p.plan.status === "open") ? "open" : (plans[0]?.plan.status ?? "day_off");
  const merged = plans.length ? mergeAnyStaff(plans).slots : [];
  const slots: VisitDay["slots"] = [];
  for (const slot of merged) {
    if (!slot.available) continue;
    const fit = referenceFit(rules, items, slot.start, now);
    if (fit.ok) slots.push({ time: slot.time, start: slot.start, items: fit.items });
  }
  return { date, status, grid: merged.map(({ time, start }) => ({ time, start })), slots };
}
