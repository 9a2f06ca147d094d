// Time slots for the booking screens, network first and saved in IndexedDB
// for offline reading (rules in slot-cache-logic.ts): the days a customer
// looked at, and a few days ahead for their favourite master, fetched while
// online so that a booking can be started with no network.
import * as v from "valibot";
import { DayCounts, DaySlots } from "../../../worker/contracts/slots";
import { addDays, todayIn } from "../format";
import { ApiRequestError } from "./api";
import { cachedRead, type Loaded } from "./cached";
import { deleteSnapshots, kvGet, kvSet, listSnapshots } from "./db";
import { getDayCounts, getDaySlots } from "./endpoints";
import { FALLBACK_TIME_ZONE } from "./salon";
import {
  SLOT_PREFIX,
  asOfNow,
  countsFrom,
  dayCountsKey,
  daySlotsKey,
  hasFreeTime,
  PREFETCH_DAYS,
  PREFETCH_LOOKAHEAD,
  isExpired,
  keysToPrune,
  newerFavourite,
  type Favourite,
  type SlotQuery,
} from "./slot-cache-logic";

let pruning: Promise<void> | null = null;

/** Keeps the cache bounded; runs after each fresh save, one at a time. */
function prune(): void {
  pruning ??= listSnapshots(SLOT_PREFIX)
    .then((rows) => deleteSnapshots(keysToPrune(rows, Date.now())))
    .finally(() => (pruning = null));
}

/** A saved copy past its TTL reads as no copy: the caller shows "no connection" instead of stale times. */
async function read<T>(load: () => Promise<Loaded<T>>, fresh: (data: T) => T): Promise<Loaded<T>> {
  const loaded = await load();
  if (loaded.source === "network") {
    prune();
    return loaded;
  }
  if (isExpired(loaded, Date.now())) throw new ApiRequestError("network", "saved slots are too old to show", 0);
  return { ...loaded, data: fresh(loaded.data) };
}

export function loadDaySlots(serviceId: number, q: SlotQuery & { date: string }): Promise<Loaded<DaySlots>> {
  return read(
    () => cachedRead(daySlotsKey(serviceId, q), DaySlots, () => getDaySlots(serviceId, q)),
    (day) => asOfNow(day, Date.now()),
  );
}

/** Counts per day of `days` days from `from` (default today): a month of the calendar. */
export function loadDayCounts(serviceId: number, q: SlotQuery & { from?: string; days: number }): Promise<Loaded<DayCounts>> {
  return read(
    () => cachedRead(dayCountsKey(serviceId, q), DayCounts, () => getDayCounts(serviceId, q)),
    (counts) => countsFrom(counts, todayIn(counts.time_zone ?? FALLBACK_TIME_ZONE)),
  );
}

// ---- the favourite master --------------------------------------------------

const FAVOURITE_KV = "favourite.master";
const StoredFavourite = v.object({ staffId: v.number(), at: v.number() });

export async function favouriteMaster(): Promise<Favourite | null> {
  const parsed = v.safeParse(StoredFavourite, await kvGet(FAVOURITE_KV));
  return parsed.success ? parsed.output : null;
}

/** Keeps `candidate` as the favourite unless a newer one is saved (a later pick or booking). */
export async function rememberMaster(candidate: Favourite | null): Promise<void> {
  const saved = await favouriteMaster();
  const next = newerFavourite(saved, candidate);
  if (next && next !== saved) await kvSet(FAVOURITE_KV, next);
}

// ---- prefetch ----------------------------------------------------------------

const PREFETCH_EVERY_MS = 10 * 60_000;
const prefetched = new Map<string, number>();

/**
 * While online, saves the next free days of the favourite master for this
 * service (if they do it), at most every ten minutes per service and master.
 * One request at a time: it must not compete with what the screen loads.
 */
export async function prefetchFavourite(serviceId: number, staffIds: number[]): Promise<void> {
  if (typeof navigator === "undefined" || !navigator.onLine) return;
  const fav = await favouriteMaster();
  if (!fav || !staffIds.includes(fav.staffId)) return;
  const mark = `${serviceId}:${fav.staffId}`;
  if ((prefetched.get(mark) ?? 0) + PREFETCH_EVERY_MS > Date.now()) return;
  prefetched.set(mark, Date.now());
  try {
    // Day by day from today (no counts request: the calendar asks for its own months).
    const q = { staffId: fav.staffId, addons: [] };
    let date = todayIn(FALLBACK_TIME_ZONE);
    let found = 0;
    for (let i = 0; i < PREFETCH_LOOKAHEAD && found < PREFETCH_DAYS; i++, date = addDays(date, 1)) {
      const day = await loadDaySlots(serviceId, { ...q, date });
      if (day.source !== "network") return;
      if (hasFreeTime(day.data)) found++;
    }
  } catch {
    // a prefetch that fails leaves the cache as it was; the next visit tries again
    prefetched.delete(mark);
  }
}
