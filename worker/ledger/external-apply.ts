// A YClients record (or any outside system's) brought into a ledger.
// YClients is the truth for its own records: an overlap with another booking
// is flagged in needs_attention, never refused. The row only takes a newer
// state (YClients' change time decides, see upsertExternal); then the
// ledger's interval follows the row as the database has it, so calling it on
// a master the record left removes the interval there.
import { type BookingRow, clearFlagExcept, flagBookings, isActive } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { findByRecordId, upsertExternal } from "../repo/external-bookings.js";
import { log } from "../lib/log.js";
import type { ExternalBooking } from "./external-booking.js";
import { bookingKey, type Interval, type IntervalStore } from "./intervals.js";
import type { Span } from "./standing.js";

export type ExternalResult =
  | { ok: true; booking: BookingRow; applied: boolean }
  | { ok: false; reason: "unavailable" };

export interface ExternalDeps {
  intervals: IntervalStore;
  db: Db;
  /** The contended path's check of intervals against the database (false: it could not be read). */
  verify(conflicts: Interval[]): Promise<boolean>;
  /** Told, in the same synchronous step, of the time the record left. */
  freed(span: Span): void;
}

export async function applyExternalRecord(deps: ExternalDeps, staffId: number, booking: ExternalBooking): Promise<ExternalResult> {
  const { intervals, db } = deps;
  const claim = `y${booking.recordId}`;
  let flag = booking.needsAttention;
  let overlapping: number[] = [];
  if (booking.staffId === staffId && isActive(booking.status)) {
    const self = (await findByRecordId(db, booking.recordId))?.id ?? null;
    // Check and claim with no await in between, as in reserve().
    let others = intervals.overlapping(booking.startAt, booking.endAt, { bookingId: self, key: claim });
    intervals.claim({ key: claim, start: booking.startAt, end: booking.endAt, status: booking.status, holdExpiresAt: null });
    // Only overlaps the database backs are flagged; the others are dropped.
    if (others.length > 0 && (await deps.verify(others))) {
      others = intervals.overlapping(booking.startAt, booking.endAt, { bookingId: self, key: claim });
    }
    overlapping = others.map((r) => r.bookingId).filter((id): id is number => id !== null);
    if (others.length > 0) flag = [flag, `overlaps_booking:${overlapping.join(",") || "pending"}`].filter(Boolean).join("; ");
  }
  let result: Awaited<ReturnType<typeof upsertExternal>>;
  try {
    result = await upsertExternal(db, { ...booking, needsAttention: flag });
    if (result.applied) {
      const note = `overlaps_yclients_record:${booking.recordId}`;
      await flagBookings(db, overlapping, note);
      // A deleted or moved record no longer overlaps what it flagged here.
      await clearFlagExcept(db, staffId, note, overlapping);
    }
  } catch (error) {
    intervals.release(claim);
    log("error", "ledger: external write failed", { record: booking.recordId, error: String(error) });
    return { ok: false, reason: "unavailable" };
  }
  const { row, applied } = result;
  intervals.release(claim);
  const before = intervals.ofBooking(row.id);
  intervals.drop(row.id);
  const here = row.staffId === staffId && isActive(row.status);
  if (here) intervals.claim({ key: bookingKey(row.id), bookingId: row.id, start: row.startAt, end: row.endAt, status: row.status, holdExpiresAt: null });
  if (before && !(here && row.startAt === before.start && row.endAt === before.end)) deps.freed(before);
  return { ok: true, booking: row, applied };
}
