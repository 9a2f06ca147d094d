// A class session's ledger (`class:<id>`): the same intervals as a master's,
// with a capacity. Every seat spans the session, so a claim counts the seats
// taken (bookings, claims in flight, holds for the waitlist) in the same
// synchronous check that takes one (reserve.ts, IntervalStore.full): 50
// customers racing for the last 3 seats give exactly 3 winners. The session's
// master and its seat count come from the class row; the master's own time
// is held once for the whole session, in the master's ledger (a time block).
import { activeSeatsOf, findClass } from "../repo/classes.js";
import { activeIntervalsOf } from "../repo/bookings.js";
import type { LedgerCore } from "./core.js";
import { HOLD_STATUS, type Grant, type Wish } from "./standing.js";

/** What the layer above keeps of a session's waitlist: live holds and the wishes of those waiting. */
export interface ClassStanding {
  holds: Grant[];
  wishes: Wish[];
}

export type SeatsResult = { ok: true; taken: number } | { ok: false; reason: "seats_taken"; taken: number };

/**
 * Fills an empty class ledger, or reloads one met with another database, from
 * the class row, its active seats, the live waitlist holds on it and the
 * wishes of the customers waiting for a seat (`standing`). A
 * session that is gone or cancelled has no seats. Claims whose write is in
 * flight stay, as in a master's ledger.
 */
export async function loadClass(core: LedgerCore, classId: number, standingOf: (at: string) => Promise<ClassStanding>): Promise<void> {
  const { intervals, standing } = core;
  const db = core.db();
  const at = new Date().toISOString();
  const [session, seats, saved] = await Promise.all([findClass(db, classId), activeSeatsOf(db, classId, at), standingOf(at)]);
  intervals.dropBound();
  standing.dropHolds();
  standing.dropAll();
  for (const r of seats) intervals.putBooking({ bookingId: r.id, start: r.startAt, end: r.endAt, status: r.status, holdExpiresAt: r.holdExpiresAt });
  for (const h of saved.holds) intervals.claim({ key: h.key, start: h.start, end: h.end, status: HOLD_STATUS, holdExpiresAt: h.expiresAt });
  for (const w of saved.wishes) if (!intervals.byKey(w.key)) standing.put(w);
  const open = session !== null && session.status === "scheduled";
  intervals.markClass(classId, open ? session.seats : 0);
  // Seat rows name the session's master, which is what the database checks
  // (conflicts, expired holds) compare them with.
  intervals.markLoaded(session?.staffId ?? 0);
}

/** Seats taken now: bookings, claims in flight and live waitlist holds. */
export function seatsTaken(core: LedgerCore, start: string, end: string): number {
  return core.intervals.overlapping(start, end).length;
}

/** Changes the seat count, refused when more seats are taken than the new count, in one synchronous step. */
export function changeSeats(core: LedgerCore, classId: number, seats: number, span: { start: string; end: string }): SeatsResult {
  const taken = seatsTaken(core, span.start, span.end);
  if (taken > seats) return { ok: false, reason: "seats_taken", taken };
  core.intervals.markClass(classId, seats);
  return { ok: true, taken };
}

/** The rows an audit compares a ledger with: a class session's active seats, or a master's active bookings. */
export async function bookingsBehind(core: LedgerCore, staffId: number, cutoff: string) {
  const classId = core.intervals.classId();
  const rows = classId === null ? await activeIntervalsOf(core.db(), staffId, cutoff) : await activeSeatsOf(core.db(), classId, cutoff);
  return rows.map((r) => ({ ...r, staffId }));
}
