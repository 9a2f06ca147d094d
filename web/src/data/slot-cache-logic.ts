// Rules of the offline slot cache, pure so that they are unit-tested under
// Node (the IndexedDB side is data/slots.ts). A saved day of slots is only a
// hint of what was free "as of" its time: it is shown with that time, the
// times that have passed since are greyed, and a copy older than a day is
// not shown at all (the salon's day will have filled up by then).
import type { Booking } from "../../../worker/contracts/bookings";
import type { DayCounts, DaySlots } from "../../../worker/contracts/slots";

/** Prefix of every slot-cache snapshot (days and day counts), so one prune covers both. */
export const SLOT_PREFIX = "slots:";
/** Older than this, a saved copy is dropped instead of shown. */
export const SLOT_TTL_MS = 24 * 3600_000;
/** At most this many saved snapshots (≈ a few masters × two weeks); the oldest go first. */
export const SLOT_CACHE_MAX = 48;
/** Days of the favourite master fetched ahead, the first ones with free times. */
export const PREFETCH_DAYS = 3;

export type SlotQuery = { staffId: number | "any"; addons: number[] };

const addonPart = (addons: number[]) => [...addons].sort((a, b) => a - b).join(",");

/** The key of one day's slots: service, master ("any" too), add-ons (they change the duration), date. */
export function daySlotsKey(serviceId: number, q: SlotQuery & { date: string }): string {
  return `${SLOT_PREFIX}day:${serviceId}:${q.staffId}:${addonPart(q.addons)}:${q.date}`;
}

/** The key of the per-day counts (the calendar) of `days` days from `from` (default today). */
export function dayCountsKey(serviceId: number, q: SlotQuery & { from?: string; days: number }): string {
  return `${SLOT_PREFIX}days:${serviceId}:${q.staffId}:${addonPart(q.addons)}:${q.from ?? "today"}:${q.days}`;
}

export type SavedEntry = { key: string; fetchedAt: number; data: unknown };

/** True when nothing in a saved day can still be booked: every start has passed. */
function allPassed(data: unknown, now: number): boolean {
  const slots = (data as Partial<DaySlots> | null)?.slots;
  if (!Array.isArray(slots) || slots.length === 0) return false;
  return slots.every((s) => Date.parse((s as { start_at?: string }).start_at ?? "") <= now);
}

export const isExpired = (entry: Pick<SavedEntry, "fetchedAt">, now: number): boolean => entry.fetchedAt + SLOT_TTL_MS <= now;

/**
 * Keys to delete: copies past their TTL, days whose every time has passed,
 * then the oldest beyond `max`.
 */
export function keysToPrune(entries: SavedEntry[], now: number, max = SLOT_CACHE_MAX): string[] {
  const drop = new Set<string>();
  for (const e of entries) if (isExpired(e, now) || allPassed(e.data, now)) drop.add(e.key);
  const kept = entries.filter((e) => !drop.has(e.key)).sort((a, b) => b.fetchedAt - a.fetchedAt);
  for (const e of kept.slice(max)) drop.add(e.key);
  return [...drop];
}

/** A saved day as it reads now: times that have passed since it was saved are no longer free. */
export function asOfNow(day: DaySlots, now: number): DaySlots {
  return {
    ...day,
    slots: day.slots.map((s) => (s.available && Date.parse(s.start_at) <= now ? { ...s, available: false, reason: "past" } : s)),
  };
}

/** Saved day counts without the days that are over (`today` is the salon's date). */
export function countsFrom(counts: DayCounts, today: string): DayCounts {
  return { ...counts, days: counts.days.filter((d) => d.date >= today) };
}

/** Days looked at, from today, to find the favourite master's next free days. */
export const PREFETCH_LOOKAHEAD = 7;

/** True when a day has a time still free (a day worth counting as fetched ahead). */
export const hasFreeTime = (day: DaySlots): boolean => day.slots.some((s) => s.available);

export type Favourite = { staffId: number; at: number };

/** The master of the customer's most recently made booking, with when it was made. */
export function lastBookedMaster(bookings: Pick<Booking, "staff" | "created_at">[]): Favourite | null {
  let best: Favourite | null = null;
  for (const b of bookings) {
    const at = Date.parse(b.created_at);
    if (!b.staff || Number.isNaN(at)) continue;
    if (!best || at > best.at) best = { staffId: b.staff.id, at };
  }
  return best;
}

/** The newer of the saved favourite and a candidate (a pick, or the last booking's master). */
export function newerFavourite(saved: Favourite | null, candidate: Favourite | null): Favourite | null {
  if (!candidate) return saved;
  if (!saved) return candidate;
  return candidate.at >= saved.at ? candidate : saved;
}
