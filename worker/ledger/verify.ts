// A ledger trusts an interval of a saved booking only as far as the database
// backs it. A database restored, wiped or edited by hand leaves intervals of
// bookings that are gone; these functions bring the ledger's intervals of
// given bookings back in line with the rows the database holds for them.
// Synchronous: the caller reads the rows, then repairs without awaiting.
import { isActive } from "../repo/bookings.js";
import type { Interval, IntervalStore } from "./intervals.js";

export interface BookingState {
  id: number;
  staffId: number | null;
  startAt: string;
  endAt: string;
  status: string;
  holdExpiresAt: string | null;
}

export interface Repair {
  booking_id: number;
  change: "added" | "removed" | "updated";
  /** Why an interval was removed: the row is missing, not active, or another master's. */
  reason?: "missing" | "inactive" | "other_master";
  start: string;
  end: string;
}

const sameAs = (i: Interval, r: BookingState) =>
  i.start === r.startAt && i.end === r.endAt && i.status === r.status && i.holdExpiresAt === r.holdExpiresAt;

/**
 * Makes the intervals of `ids` match `rows` (a missing row means the booking is
 * gone). Returns what changed; an empty list means the ledger was right.
 */
export function repairBookings(store: IntervalStore, staffId: number, ids: Iterable<number>, rows: BookingState[]): Repair[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const repairs: Repair[] = [];
  for (const id of new Set(ids)) {
    const held = store.ofBooking(id);
    const row = byId.get(id);
    if (!row || row.staffId !== staffId || !isActive(row.status)) {
      if (!held) continue;
      store.drop(id);
      const reason = !row ? "missing" : row.staffId !== staffId ? "other_master" : "inactive";
      repairs.push({ booking_id: id, change: "removed", reason, start: held.start, end: held.end });
      continue;
    }
    if (held && sameAs(held, row)) continue;
    store.putBooking({ bookingId: id, start: row.startAt, end: row.endAt, status: row.status, holdExpiresAt: row.holdExpiresAt });
    repairs.push({ booking_id: id, change: held ? "updated" : "added", start: row.startAt, end: row.endAt });
  }
  return repairs;
}

/** Booking ids whose interval differs between two readings of the ledger: changed by a request meanwhile. */
export function changedBetween(before: Interval[], after: Interval[]): Set<number> {
  const key = (i: Interval) => `${i.key}|${i.start}|${i.end}|${i.status}|${i.holdExpiresAt}`;
  const a = new Map(before.map((i) => [i.bookingId!, key(i)]));
  const b = new Map(after.map((i) => [i.bookingId!, key(i)]));
  const changed = new Set<number>();
  for (const id of new Set([...a.keys(), ...b.keys()])) if (a.get(id) !== b.get(id)) changed.add(id);
  return changed;
}

/**
 * Reads the rows of bookings behind a conflict. `since` is the ledger's view
 * of those bookings' intervals when the read began: an interval that differs
 * from it afterwards was changed by a request meanwhile.
 */
export type ConflictRead = (ids: number[], before: Interval[]) => Promise<{ since: Interval[]; rows: BookingState[] }>;

/**
 * The contended path: reads the bookings behind the conflicting intervals and
 * repairs the ones the database does not back. An interval a request changed
 * since the read began was written after the database, so it is newer than
 * our reading and stays. Throws when the database cannot be read.
 */
export async function verifyConflicts(
  store: IntervalStore,
  staffId: number,
  conflicts: Interval[],
  read: ConflictRead,
): Promise<Repair[]> {
  const before = conflicts.filter((c) => c.bookingId !== null);
  if (before.length === 0) return [];
  const ids = before.map((c) => c.bookingId!);
  const { since, rows } = await read(ids, before);
  const after = ids.map((id) => store.ofBooking(id)).filter((i): i is Interval => i !== undefined);
  const busy = changedBetween(since, after);
  return repairBookings(store, staffId, ids.filter((id) => !busy.has(id)), rows);
}

/**
 * A ConflictRead that concurrent checks of the same bookings share: when 200
 * requests race for one slot, the losers that meet the winner's booking wait
 * for one read of its row instead of making 199. A check that joins a read
 * already under way judges changes since that read began (its `since`), so it
 * repairs nothing a request changed after the rows were read.
 */
export function sharedConflictRead(read: (ids: number[]) => Promise<BookingState[]>): ConflictRead {
  const pending = new Map<string, { since: Interval[]; rows: Promise<BookingState[]> }>();
  return (ids, before) => {
    const key = [...new Set(ids)].sort((a, b) => a - b).join(",");
    let entry = pending.get(key);
    if (!entry) {
      const started = { since: before, rows: read(ids) };
      const done = () => {
        if (pending.get(key) === started) pending.delete(key);
      };
      started.rows.then(done, done);
      pending.set(key, started);
      entry = started;
    }
    const { since, rows } = entry;
    return rows.then((r) => ({ since, rows: r }));
  };
}

/**
 * The audit: every saved booking's interval ending after `cutoff` against the
 * master's active rows ending after it. Intervals a request changes while the
 * rows are read are left for the next audit.
 */
export async function auditIntervals(
  store: IntervalStore,
  staffId: number,
  cutoff: string,
  read: () => Promise<BookingState[]>,
): Promise<Repair[]> {
  const before = store.boundEndingAfter(cutoff);
  const rows = await read();
  const after = store.boundEndingAfter(cutoff);
  const busy = changedBetween(before, after);
  const ids = [...rows.map((r) => r.id), ...after.map((i) => i.bookingId!)].filter((id) => !busy.has(id));
  return repairBookings(store, staffId, ids, rows);
}
