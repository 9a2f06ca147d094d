// What every operation of a ledger shares: its stores, the contended-path
// check against the database, the alarm, and handing the holds it took to
// the layer above. The operations themselves live in ledger.ts, reserve.ts
// and move.ts.
import type { Env } from "../env.js";
import { log } from "../lib/log.js";
import { bookingStates } from "../repo/bookings.js";
import { type Db, openDb } from "../repo/db.js";
import { Claims, type InFlight } from "./claims.js";
import { type Interval, IntervalStore } from "./intervals.js";
import { type Grant, HOLD_STATUS, type Span, StandingClaims } from "./standing.js";
import { type ConflictRead, type Repair, sharedConflictRead, verifyConflicts } from "./verify.js";

/** What happened to holds, for the layer above to record: holds taken for wishes, and holds that ran out. */
export interface HoldEvents {
  granted: Grant[];
  lapsed: (Span & { key: string })[];
  /** Bookings whose unpaid hold ran out and were cancelled: the units they held in other ledgers (rooms) are the layer above's to free. */
  expired?: number[];
}

/** Records hold events; returns the keys of holds refused (see Ledger.onHolds). */
export type HoldRecorder = (staffId: number, events: HoldEvents) => Promise<string[]>;

const UNCERTAIN_RECHECK_MS = 30_000;

export class LedgerCore {
  readonly intervals: IntervalStore;
  readonly standing: StandingClaims;
  readonly claims: Claims;
  /** Reads of the bookings behind conflicts, shared by the checks that meet the same ones at once. */
  private readonly conflictRead: ConflictRead = sharedConflictRead((ids) => bookingStates(this.db(), ids));

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly inFlight: InFlight,
    private readonly record: HoldRecorder,
  ) {
    this.intervals = new IntervalStore(ctx.storage.sql);
    this.standing = new StandingClaims(ctx.storage.sql, this.intervals);
    this.claims = new Claims(this.intervals, () => this.db());
  }

  db(): Db {
    return openDb(this.env);
  }

  /** Claims of requests that are gone without an answer (all of them, or those among `conflicts`). */
  uncertain(conflicts?: Interval[]) {
    return this.claims.uncertain(this.inFlight, conflicts);
  }

  /**
   * The contended path: before a conflict is believed, the bookings behind it
   * are checked against the database (intervals it does not back are dropped
   * or corrected), and claims of requests that are gone are settled by asking
   * it what became of them. Reads started together share one round trip.
   * False when the database cannot answer.
   */
  async resolve(staffId: number, conflicts: Interval[]): Promise<boolean> {
    const gone = this.uncertain(conflicts);
    const [verified, settled] = await Promise.all([this.verify(staffId, conflicts), gone.length > 0 ? this.claims.settle(gone) : true]);
    if (!settled) await this.recheckLater();
    return verified && settled;
  }

  async verify(staffId: number, conflicts: Interval[]): Promise<boolean> {
    let repairs: Repair[];
    try {
      repairs = await verifyConflicts(this.intervals, staffId, conflicts, this.conflictRead);
    } catch (error) {
      log("error", "ledger: conflict check failed", { staff_id: staffId, error: String(error) });
      return false;
    }
    for (const repair of repairs) log("warn", "ledger: dropped an interval the database does not back", { staff_id: staffId, ...repair });
    if (repairs.length > 0) await this.scheduleAlarm();
    return true;
  }

  /** The alarm: at the earliest hold expiry, or soon when a claim or a hold is still unsettled. */
  async scheduleAlarm(): Promise<void> {
    const hold = this.intervals.earliestHoldExpiry();
    const unsettled = this.uncertain().length + this.standing.pending().length > 0;
    const next = Math.min(hold ? Date.parse(hold) : Infinity, unsettled ? Date.now() + UNCERTAIN_RECHECK_MS : Infinity);
    if (next < Infinity) await this.ctx.storage.setAlarm(next);
  }

  async recheckLater(): Promise<void> {
    const recheck = Date.now() + UNCERTAIN_RECHECK_MS;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > recheck) await this.ctx.storage.setAlarm(recheck);
  }

  /** Releases an interval and, in the same synchronous step, holds its time for the first wishes it fits. */
  release(key: string): Grant[] {
    const interval = this.intervals.byKey(key);
    this.intervals.release(key);
    return this.standing.grantFrom(interval);
  }

  /** Drops a booking's interval and, in the same synchronous step, holds its time for the first wishes it fits. */
  free(bookingId: number): Grant[] {
    const interval = this.intervals.ofBooking(bookingId);
    this.intervals.drop(bookingId);
    return this.standing.grantFrom(interval);
  }

  /**
   * Passes every lapsed hold on to the next wish it fits, in the caller's
   * synchronous step: a claim about to check a time never finds a lapsed
   * hold's time free while someone else waits for it. Recording follows in
   * the background.
   */
  passOnLapsed(): void {
    const staffId = this.intervals.staffId();
    const lapsed = this.standing.lapsed(new Date().toISOString());
    if (staffId === null || lapsed.length === 0) return;
    const granted = lapsed.flatMap((hold) => this.release(hold.key));
    this.ctx.waitUntil(this.settleHolds(staffId, granted, lapsed));
  }

  /**
   * Has the layer above record the holds just taken (and those that lapsed);
   * a hold it refuses is released and passed on to the next wish in the same
   * synchronous step. Never throws: unrecorded holds stay and the alarm asks again.
   */
  async settleHolds(staffId: number, granted: Grant[], lapsed: HoldEvents["lapsed"] = [], expired: number[] = []): Promise<void> {
    let events: HoldEvents = { granted, lapsed, expired };
    while (events.granted.length + events.lapsed.length + (events.expired?.length ?? 0) > 0) {
      let refused: string[];
      try {
        refused = await this.record(staffId, events);
      } catch (error) {
        log("error", "ledger: recording holds failed", { staff_id: staffId, error: String(error) });
        await this.recheckLater();
        return;
      }
      for (const g of events.granted) this.standing.settled(g.key);
      const next: Grant[] = [];
      for (const key of refused) if (this.intervals.byKey(key)?.status === HOLD_STATUS) next.push(...this.release(key));
      events = { granted: next, lapsed: [] };
    }
    await this.scheduleAlarm();
  }
}
