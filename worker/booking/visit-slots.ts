// Several services in one visit: where a whole sequence fits. Pure, on top of
// the slot engine: the first item starts on its masters' grid (daySlots), each
// later item starts exactly when the one before it ends, its clean-up buffer
// included (startChecker checks such off-grid starts with the same rules).
//
// The search tries each item's masters in order and backtracks when a later
// item cannot follow. Whether items i.. fit from an instant depends only on
// (i, instant): items follow one another, so a master placed earlier in the
// visit is free again by then. Each (i, instant) is therefore worked out once
// per search and remembered, which makes a request cost
// items × distinct instants × masters checks instead of masters^items; a
// step budget bounds even that (a request past it is refused as
// `visit_search_too_large` rather than allowed to eat the Worker's CPU).
import { AppError } from "../errors.js";
import { anyStaffGrid, startChecker, type SlotReason, type SlotRules, type StaffSchedule } from "./slots.js";
import { instantToWall } from "./zoned-time.js";

const MINUTE_MS = 60_000;

/**
 * Candidate checks one request may make. The worst realistic request (5 items
 * × 50 masters each × 31 days, every master free, the last item never
 * fitting: tests/booking/visit-search-budget.test.ts) needs about 0.4 million;
 * a check costs well under a microsecond, so the cap keeps a request within a
 * second of CPU.
 */
export const VISIT_SEARCH_MAX_STEPS = 1_000_000;

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

type Checker = ReturnType<typeof startChecker>;
type Failure = { item: number; reason: SlotReason };
/** What placing items i.. from one instant came to; a failure keeps the deepest refusal seen on the way. */
type Outcome = { ok: true; items: PlacedItem[] } | { ok: false; failure: Failure | null };

/**
 * The deepest item that could not be placed wins; at that item, a reason a
 * person can act on (a taken time: 409 with alternatives) beats a rule,
 * otherwise the first reason met stands. Associative, so a remembered
 * outcome merges in exactly as re-exploring it would.
 */
function merge(a: Failure | null, b: Failure | null): Failure | null {
  if (!a || !b) return a ?? b;
  if (b.item > a.item) return b;
  if (b.item < a.item || a.reason === "booked" || b.reason !== "booked") return a;
  return b;
}

function checkDuration(durationMin: number, bufferAfterMin: number): void {
  if (!Number.isInteger(durationMin) || durationMin < 1) throw new RangeError("durationMin must be an integer >= 1");
  if (!Number.isInteger(bufferAfterMin) || bufferAfterMin < 0) throw new RangeError("bufferAfterMin must be an integer >= 0");
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

export interface VisitSlot {
  /** HH:MM salon wall time of the first item */
  time: string;
  start: string;
  items: PlacedItem[];
}

/** One request's search over one visit: remembers what it worked out and counts its steps. */
export class VisitSearch {
  /** Candidate checks made so far. */
  steps = 0;
  private readonly outcomes: Map<number, Outcome>[];
  private readonly dates = new Map<number, string>();
  private readonly checkers = new Map<StaffSchedule, Map<string, Checker>>();

  constructor(
    private readonly rules: SlotRules,
    private readonly items: VisitItemInput[],
    private readonly now: Date,
    private readonly maxSteps = VISIT_SEARCH_MAX_STEPS,
  ) {
    this.outcomes = items.map(() => new Map());
    for (const item of items) for (const c of item.candidates) checkDuration(c.durationMin, item.bufferAfterMin);
  }

  /** The masters for each item when the visit starts at `startIso`; or the first item that cannot be placed and why. */
  fit(startIso: string): SequenceFit {
    const outcome = this.place(0, Date.parse(startIso));
    if (outcome.ok) return outcome;
    return { ok: false, ...(outcome.failure ?? { item: 0, reason: "outside_hours" as SlotReason }) };
  }

  /** One day's start times where the whole visit fits. */
  day(date: string): VisitDay {
    const first = this.items[0]!;
    const { status, points } = anyStaffGrid(this.rules, first.candidates, { date, bufferAfterMin: first.bufferAfterMin, now: this.now });
    const grid = points.map((p) => ({ time: p.time, start: new Date(p.start).toISOString() }));
    const slots: VisitSlot[] = [];
    points.forEach((p, i) => {
      // The first item's own grid already refuses this start for everyone.
      if (!p.available) return;
      const outcome = this.place(0, p.start);
      if (outcome.ok) slots.push({ ...grid[i]!, items: outcome.items });
    });
    return { date, status, grid, slots };
  }

  private place(index: number, startMs: number): Outcome {
    if (index === this.items.length) return { ok: true, items: [] };
    const known = this.outcomes[index]!.get(startMs);
    if (known) return known;
    const item = this.items[index]!;
    const date = this.dateOf(startMs);
    const later = this.outcomes[index + 1];
    let failure: Failure | null = null;
    let outcome: Outcome | undefined;
    for (const c of item.candidates) {
      if (++this.steps > this.maxSteps) {
        throw new AppError("visit_search_too_large", "This visit has too many services and masters to search over so many days; ask for fewer days or choose the masters", { max_steps: this.maxSteps });
      }
      const endMs = startMs + c.durationMin * MINUTE_MS;
      const occupiedEnd = endMs + item.bufferAfterMin * MINUTE_MS;
      // When the next item is already known not to fit after this master and
      // a deeper failure stands that neither this master's own refusal nor
      // that outcome could change, checking this master cannot alter the answer.
      const next = later?.get(occupiedEnd);
      if (next && !next.ok && failure && failure.item > index && merge(failure, next.failure) === failure) continue;
      const reason = this.checker(c.schedule, date)(startMs, occupiedEnd - startMs);
      if (reason) {
        if (!failure || failure.item < index || (failure.item === index && reason === "booked" && failure.reason !== "booked")) failure = { item: index, reason };
        continue;
      }
      const rest = next ?? this.place(index + 1, occupiedEnd);
      if (rest.ok) {
        const placed = { staffId: c.staffId, start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString(), occupiedEnd: new Date(occupiedEnd).toISOString(), durationMin: c.durationMin };
        outcome = { ok: true, items: [placed, ...rest.items] };
        break;
      }
      failure = merge(failure, rest.failure);
    }
    outcome ??= { ok: false, failure };
    this.outcomes[index]!.set(startMs, outcome);
    return outcome;
  }

  private dateOf(ms: number): string {
    let date = this.dates.get(ms);
    if (date === undefined) {
      date = instantToWall(new Date(ms), this.rules.timeZone).date;
      this.dates.set(ms, date);
    }
    return date;
  }

  /** One master's rules for one date, shared by every item that master may do. */
  private checker(schedule: StaffSchedule, date: string): Checker {
    let byDate = this.checkers.get(schedule);
    if (!byDate) this.checkers.set(schedule, (byDate = new Map()));
    let check = byDate.get(date);
    if (!check) byDate.set(date, (check = startChecker(this.rules, schedule, this.now, date)));
    return check;
  }
}

/** fitSequence for one start, on a search of its own. */
export function fitSequence(rules: SlotRules, items: VisitItemInput[], startIso: string, now: Date): SequenceFit {
  return new VisitSearch(rules, items, now).fit(startIso);
}

/** One day's start times where the whole visit fits, on a search of its own. */
export function visitDaySlots(rules: SlotRules, items: VisitItemInput[], date: string, now: Date): VisitDay {
  return new VisitSearch(rules, items, now).day(date);
}
