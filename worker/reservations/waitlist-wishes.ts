// What the waitlist asks of the masters' ledgers: for each waiting entry, a
// wish in the ledger of every master who could serve it, listing the spans
// where the entry could be met (its date's grid within working hours and the
// customer's range, with that master's duration and buffer) and its place in
// the queue (first come, first served). The ledger holds a freed time for
// the first wish it fits in the same step that frees it; the waitlist then
// records the offer and tells the customer (waitlist-offers.ts).
import { minutesOf } from "../booking/zoned-time.js";
import type { Env } from "../env.js";
import { ledgerFor } from "../ledger/staff-ledger.js";
import type { Wish } from "../ledger/standing.js";
import { log } from "../lib/log.js";
import type { Db } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { waitingFrom, type WaitlistRow } from "../repo/waitlist.js";
import { addDays, instantToWall } from "../booking/zoned-time.js";
import { plansFor, readSchedules, rulesOf, schedulesFor } from "./availability.js";
import { type BookingContext, loadBookingContext, planQueryOf, quoteFor } from "./context.js";

/** The key of the hold (and the wish) of a waitlist entry in a ledger. */
export const holdKeyOf = (entryId: number) => `w${entryId}`;

/** The waitlist entry a hold or wish key names; null for keys that are not the waitlist's. */
export function entryIdOf(key: string): number | null {
  const match = /^w(\d+)$/.exec(key);
  return match ? Number(match[1]) : null;
}

/** First come, first served: created_at, then id. */
const priorityOf = (e: WaitlistRow) => `${e.createdAt}#${String(e.id).padStart(12, "0")}`;

/** Whether a start at `time` for `durationMin` keeps within the entry's from/to wish. */
function withinWish(entry: WaitlistRow, time: string, durationMin: number): boolean {
  if (entry.fromTime && minutesOf(time) < minutesOf(entry.fromTime)) return false;
  if (entry.toTime && minutesOf(time) + durationMin > minutesOf(entry.toTime)) return false;
  return true;
}

/** Every master's wishes for these entries (masters with nothing to wish for are left out). */
export async function wishesOf(db: Db, entries: WaitlistRow[], now: Date): Promise<Map<number, Wish[]>> {
  const out = new Map<number, Wish[]>();
  if (entries.length === 0) return out;
  const contexts = new Map<number, BookingContext | null>();
  await Promise.all(
    [...new Set(entries.map((e) => e.serviceId))].map(async (id) => contexts.set(id, await loadBookingContext(db, id, []).catch(() => null))),
  );
  const mastersOf = (e: WaitlistRow) => (contexts.get(e.serviceId)?.staff ?? []).filter((m) => e.staffId === null || m.id === e.staffId).map((m) => m.id);
  const masters = [...new Set(entries.flatMap(mastersOf))];
  if (masters.length === 0) return out;
  const dates = entries.map((e) => e.date).sort();
  const [data, settings] = await Promise.all([readSchedules(db, masters, dates[0]!, dates.at(-1)!), loadSettings(db)]);
  const rules = rulesOf(settings);
  for (const entry of entries) {
    const ctx = contexts.get(entry.serviceId)!;
    for (const staffId of mastersOf(entry)) {
      const { occupiedMin, durationMin } = quoteFor(ctx, staffId);
      // Every start the grid would offer but for other bookings: a freed time can only be one of these.
      const schedule = schedulesFor({ ...data, busy: [], blocks: [], holds: [] }, [staffId]);
      const plan = plansFor(rules, schedule, planQueryOf(ctx, entry.date, now))[0]!.plan;
      const spans = plan.slots
        .filter((s) => s.available && withinWish(entry, s.time, durationMin))
        .map((s) => ({ start: s.start, end: new Date(Date.parse(s.start) + occupiedMin * 60_000).toISOString() }));
      if (spans.length === 0) continue;
      const wish = { key: holdKeyOf(entry.id), priority: priorityOf(entry), holdMs: settings.waitlistHoldMin * 60_000, noticeMs: settings.minNoticeMin * 60_000, spans };
      out.set(staffId, [...(out.get(staffId) ?? []), wish]);
    }
  }
  return out;
}

/** Registers a new entry's wishes with the masters' ledgers (before the join answers). */
export async function registerWishes(db: Db, env: Env, entry: WaitlistRow, now: Date): Promise<void> {
  const wishes = await wishesOf(db, [entry], now);
  await Promise.all([...wishes].flatMap(([staffId, list]) => list.map((w) => ledgerFor(env, staffId).wish(staffId, w))));
}

/** Withdraws an entry's wish from these masters' ledgers (it left the queue, or was offered a time elsewhere). */
export async function withdrawWishes(env: Env, staffIds: number[], entryId: number): Promise<void> {
  await Promise.all(staffIds.map((id) => ledgerFor(env, id).withdraw(id, [holdKeyOf(entryId)])));
}

/**
 * The cron's pass: every master's wishes are brought in line with the
 * waiting entries, so a ledger that was reset or reloaded, a schedule that
 * changed, or an entry that left the queue without telling a ledger is caught
 * up within one run. Returns how many ledgers were synced.
 */
export async function syncAllWishes(db: Db, env: Env, staffIds: number[], now: Date): Promise<number> {
  const since = Date.now();
  const settings = await loadSettings(db);
  const today = instantToWall(now, settings.timeZone).date;
  const wishes = await wishesOf(db, await waitingFrom(db, addDays(today, -1)), now);
  let synced = 0;
  for (const staffId of staffIds) {
    try {
      await ledgerFor(env, staffId).syncWishes(staffId, wishes.get(staffId) ?? [], since, settings.generation);
      synced++;
    } catch (error) {
      log("error", "waitlist: syncing wishes failed", { staff_id: staffId, error: String(error) });
    }
  }
  return synced;
}
