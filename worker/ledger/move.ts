// Moving a booking into a ledger, and bringing back one whose unpaid hold
// ran out: the new interval is claimed before anything is released, so a
// failed move loses nothing (rule 5 in worker/booking/README.md).
import { log } from "../lib/log.js";
import { type BookingRow, findBooking, isActive, moveBooking, transitionBooking } from "../repo/bookings.js";
import { moveKey } from "./claims.js";
import type { LedgerCore } from "./core.js";
import type { Interval } from "./intervals.js";
import type { MoveResult } from "./results.js";

const unavailable = { ok: false, reason: "unavailable" } as const;
const spansOf = (intervals: Interval[]) => intervals.map(({ start, end }) => ({ start, end }));

export class MoveDesk {
  /** Moves whose database write is still in flight, by booking id. */
  private readonly moving = new Set<number>();

  constructor(private readonly core: LedgerCore) {}

  inFlight(bookingId: number): boolean {
    return this.moving.has(bookingId);
  }

  /** Checks [start, end) for real: what is in the way is first resolved against the database. Null when it cannot be. */
  private async conflicts(staffId: number, start: string, end: string, except: { bookingId: number; key?: string }) {
    const { intervals } = this.core;
    const found = intervals.overlapping(start, end, except);
    if (intervals.full(found) && !(await this.core.resolve(staffId, found))) return null;
    this.core.passOnLapsed();
    // A class's seat is in the way only when every seat is taken.
    const now = intervals.overlapping(start, end, except);
    return intervals.full(now) ? spansOf(now) : [];
  }

  /** `next.priceTotalMinor`: the new master's price, when the move changes it. */
  async moveIn(
    staffId: number,
    bookingId: number,
    expected: { staffId: number; startAt: string },
    next: { startAt: string; endAt: string; priceTotalMinor?: number },
  ): Promise<MoveResult> {
    const { intervals, claims } = this.core;
    // Named after the booking, so a retry adopts a claim an outage left unresolved.
    const key = moveKey(bookingId);
    const conflicts = await this.conflicts(staffId, next.startAt, next.endAt, { bookingId, key });
    if (conflicts === null) return unavailable;
    if (conflicts.length > 0) return { ok: false, reason: "overlap", conflicts };
    // Check (above, after the last await) and claim with no await in between.
    const old = intervals.ofBooking(bookingId);
    intervals.claim({ key, start: next.startAt, end: next.endAt, status: old?.status ?? "pending", holdExpiresAt: old?.holdExpiresAt ?? null });
    this.moving.add(bookingId);
    let row: BookingRow | null;
    try {
      row = await moveBooking(this.core.db(), bookingId, expected, { staffId, ...next });
    } catch (error) {
      log("error", "ledger: move failed", { error: String(error) });
      this.moving.delete(bookingId);
      const moved = await claims.settleMove(key, bookingId);
      if (moved === "unknown") await this.core.recheckLater();
      return moved && moved !== "unknown" ? { ok: true, booking: moved } : unavailable;
    }
    this.moving.delete(bookingId);
    if (!row) {
      intervals.release(key);
      return { ok: false, reason: "stale" };
    }
    intervals.drop(bookingId);
    // Status and hold expiry come from the database: a booking moving in from
    // another master has no interval here to copy them from.
    intervals.bind(key, bookingId, { status: row.status, holdExpiresAt: row.holdExpiresAt });
    // The time it left (what the new interval still covers stays busy) goes to the first wish it fits.
    const granted = this.core.standing.grantFrom(old);
    if (row.status === "held") await this.core.scheduleAlarm();
    await this.core.settleHolds(staffId, granted);
    return { ok: true, booking: row };
  }

  async reinstate(staffId: number, bookingId: number): Promise<MoveResult> {
    const { intervals } = this.core;
    const db = this.core.db();
    const row = await findBooking(db, bookingId);
    if (!row || row.staffId !== staffId) return { ok: false, reason: "stale" };
    if (isActive(row.status)) return { ok: true, booking: row };
    if (row.status !== "cancelled" || row.cancelReason !== "hold_expired") return { ok: false, reason: "stale" };
    const conflicts = await this.conflicts(staffId, row.startAt, row.endAt, { bookingId });
    if (conflicts === null) return unavailable;
    if (conflicts.length > 0) return { ok: false, reason: "overlap", conflicts };
    const key = intervals.claim({ start: row.startAt, end: row.endAt, status: "confirmed", holdExpiresAt: null });
    let back: BookingRow | null;
    try {
      back = await transitionBooking(db, bookingId, ["cancelled"], "confirmed", { cancelReason: null });
    } catch (error) {
      intervals.release(key);
      log("error", "ledger: reinstate failed", { error: String(error) });
      return unavailable;
    }
    if (!back) {
      intervals.release(key);
      return { ok: false, reason: "stale" };
    }
    intervals.bind(key, bookingId);
    return { ok: true, booking: back };
  }
}
