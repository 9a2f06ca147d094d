// One Durable Object per master: the only writer of that master's occupancy.
// See worker/booking/README.md for the concurrency rules this implements.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.js";
import {
  activeIntervalsOf,
  type BookingRow,
  bookingStates,
  findBooking,
  findByIdempotencyKey,
  clearFlagExcept,
  flagBookings,
  insertBooking,
  isActive,
  moveBooking,
  type NewBooking,
  transitionBooking,
} from "../repo/bookings.js";
import { activeBlocksOf, type BlockRow, insertBlock, type NewBlock, removeBlock } from "../repo/blocks.js";
import { openDb } from "../repo/db.js";
import * as v from "valibot";
import { findByRecordId, upsertExternal } from "../repo/external-bookings.js";
import { ExternalBooking } from "./external-booking.js";
import { blockKey, bookingKey, type Interval, IntervalStore } from "./intervals.js";
import { auditIntervals, type ConflictRead, type Repair, sharedConflictRead, verifyConflicts } from "./verify.js";
import { log } from "../lib/log.js";
import { holdKey, WaitlistHolds } from "./waitlist-holds.js";

export type ReserveResult =
  | { ok: true; booking: BookingRow; replayed: boolean }
  | { ok: false; reason: "overlap"; conflicts: { start: string; end: string }[] }
  | { ok: false; reason: "unavailable" }
  /** The waitlist hold the booking was to take over has lapsed or was declined. */
  | { ok: false; reason: "hold_gone" };

export type TransitionResult =
  | { ok: true; booking: BookingRow }
  | { ok: false; reason: "wrong_state" | "unavailable" };

export type ExternalResult =
  | { ok: true; booking: BookingRow; applied: boolean }
  | { ok: false; reason: "unavailable" };

export type BlockResult =
  | { ok: true; block: BlockRow }
  | { ok: false; reason: "overlap"; conflicts: { start: string; end: string }[] }
  | { ok: false; reason: "unavailable" };

export type MoveResult =
  | { ok: true; booking: BookingRow }
  | { ok: false; reason: "overlap"; conflicts: { start: string; end: string }[] }
  | { ok: false; reason: "stale" | "unavailable" };

export interface AuditResult {
  staff_id: number;
  /** True when the ledger had met another database and was reloaded from this one. */
  rebuilt: boolean;
  repairs: Repair[];
}

type Conflicts = { start: string; end: string }[];

const now = () => new Date().toISOString();

export class StaffLedger extends DurableObject<Env> {
  private readonly intervals: IntervalStore;
  private readonly holds: WaitlistHolds;
  /** Reservations whose database write is still in flight, by idempotency key. */
  private readonly inflight = new Map<string, Promise<ReserveResult>>();
  /** YClients events of one record, in the order they arrived. */
  private readonly externalQueue = new Map<number, Promise<ExternalResult>>();
  /** Reads of the bookings behind conflicts, shared by the checks that meet the same ones at once. */
  private readonly conflictRead: ConflictRead = sharedConflictRead((ids) => bookingStates(openDb(this.env), ids));

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.intervals = new IntervalStore(ctx.storage.sql);
    this.holds = new WaitlistHolds(ctx.storage.sql, this.intervals, env);
  }

  /**
   * Before a move or reinstatement checks [start, end) for real: when it
   * meets intervals of saved bookings, drops those the database does not back.
   * False when the database cannot be read. The caller then checks and claims
   * with no await in between.
   */
  private async dropUnbacked(staffId: number, start: string, end: string, except: number): Promise<boolean> {
    const found = this.intervals.overlapping(start, end, { bookingId: except });
    return found.length === 0 || this.verify(staffId, found);
  }

  private conflicts(start: string, end: string, except: number): Conflicts {
    return this.intervals.overlapping(start, end, { bookingId: except }).map(({ start, end }) => ({ start, end }));
  }

  private needsLoad(generation: string | null): boolean {
    if (this.intervals.staffId() === null) return true;
    return generation !== null && this.intervals.generation() !== generation;
  }

  /**
   * Fills an empty ledger (new deploy, reset storage) from the database before
   * serving, and reloads one that was filled from another database than the
   * caller's (`generation`, from the settings row the caller read anyway;
   * null when the caller does not know it). Returns whether it (re)loaded.
   */
  private async ensureLoaded(staffId: number, generation: string | null = null): Promise<boolean> {
    if (!this.needsLoad(generation)) return false;
    let loaded = false;
    await this.ctx.blockConcurrencyWhile(async () => {
      if (!this.needsLoad(generation)) return;
      const db = openDb(this.env);
      const [rows, blocks] = await Promise.all([activeIntervalsOf(db, staffId, now()), activeBlocksOf(db, staffId, now()), this.holds.reload(staffId, db, now())]);
      // Claims whose database write is in flight stay: their rows are being
      // written to the database the caller reads now. Blocks come back from their rows.
      this.intervals.dropBound();
      this.intervals.dropBlocks();
      for (const r of rows) {
        this.intervals.putBooking({ bookingId: r.id, start: r.startAt, end: r.endAt, status: r.status, holdExpiresAt: r.holdExpiresAt });
      }
      for (const b of blocks) this.intervals.claim({ key: blockKey(b.id), start: b.startAt, end: b.endAt, status: "block", holdExpiresAt: null });
      this.intervals.markLoaded(staffId);
      if (generation !== null) this.intervals.setGeneration(generation);
      loaded = true;
      await this.scheduleHoldAlarm();
    });
    return loaded;
  }

  /**
   * The contended path: before a conflict is believed, the bookings behind it
   * are read from the database and intervals it does not back are dropped or
   * corrected (one read, only when there is a conflict). Returns false when
   * the database cannot be read. Intervals without a booking yet are claims
   * in flight and need no check.
   */
  private async verify(staffId: number, conflicts: Interval[]): Promise<boolean> {
    let repairs: Repair[];
    try {
      repairs = await verifyConflicts(this.intervals, staffId, conflicts, this.conflictRead);
    } catch (error) {
      log("error", "ledger: conflict check failed", { staff_id: staffId, error: String(error) });
      return false;
    }
    for (const repair of repairs) log("warn", "ledger: dropped an interval the database does not back", { staff_id: staffId, ...repair });
    if (repairs.length > 0) await this.scheduleHoldAlarm();
    return true;
  }

  private async scheduleHoldAlarm(): Promise<void> {
    const hold = this.intervals.earliestHoldExpiry();
    const uncertain = this.uncertainClaims().length + this.uncertainMoves().length > 0;
    const next = Math.min(hold ? Date.parse(hold) : Infinity, uncertain ? Date.now() + UNCERTAIN_RECHECK_MS : Infinity, this.holds.nextWork());
    if (next < Infinity) await this.ctx.storage.setAlarm(next);
  }

  /** Claims of reservations whose write outcome is unknown (not in flight, not bound to a booking). */
  private uncertainClaims() {
    return this.intervals.all().flatMap((interval) => {
      const request = interval.bookingId === null ? parseRequestKey(interval.key) : null;
      return request && !this.inflight.has(request.idemKey) ? [{ key: interval.key, ...request }] : [];
    });
  }

  /** Claims of moves whose write outcome is unknown. */
  private uncertainMoves(): { key: string; bookingId: number }[] {
    return this.intervals.all().flatMap((i) => {
      const match = i.bookingId === null ? /^m:(\d+)$/.exec(i.key) : null;
      return match ? [{ key: i.key, bookingId: Number(match[1]) }] : [];
    });
  }

  /** `holdOf`: the waitlist entry whose held time this booking takes over. */
  async reserve(booking: NewBooking, generation: string | null = null, holdOf: number | null = null): Promise<ReserveResult> {
    await this.ensureLoaded(booking.staffId, generation);
    const first = this.tryReserve(booking, holdOf);
    if (!("overlap" in first)) return first.outcome;
    // Retried once, after dropping what the database does not back; the
    // check and the claim of the retry again run without an await between.
    if (!(await this.verify(booking.staffId, first.overlap))) return { ok: false, reason: "unavailable" };
    const second = this.tryReserve(booking, holdOf);
    if ("overlap" in second) return { ok: false, reason: "overlap", conflicts: second.overlap.map(({ start, end }) => ({ start, end })) };
    return second.outcome;
  }

  /** Check and claim with no await in between: this is what makes double booking impossible. */
  private tryReserve(booking: NewBooking, holdOf: number | null): { outcome: Promise<ReserveResult> } | { overlap: Interval[] } {
    const idemKey = `${booking.userId ?? "-"}:${booking.idempotencyKey}`;
    const pending = this.inflight.get(idemKey);
    // A retry while the first attempt is still being written shares its outcome, as a replay.
    if (pending) return { outcome: pending.then((r) => (r.ok ? { ...r, replayed: true } : r)) };
    // Intervals that ended a day ago can never conflict again.
    this.intervals.pruneEndedBefore(new Date(Date.now() - 86_400_000).toISOString());
    // Check and claim with no await in between. The claim is named after the
    // request, so a retry adopts a claim an outage left unresolved instead of
    // running into it.
    const claimKey = requestKey(idemKey);
    const hold = holdOf === null ? null : holdKey(holdOf);
    if (holdOf !== null && !this.holds.isLive(holdOf, now())) return { outcome: Promise.resolve({ ok: false, reason: "hold_gone" }) };
    const overlap = this.intervals.overlapping(booking.startAt, booking.endAt, { key: claimKey }).filter((i) => i.key !== hold);
    if (overlap.length > 0) return { overlap };
    // The held time becomes the holder's booking in the same synchronous step.
    if (hold) this.intervals.release(hold);
    const key = this.intervals.claim({ key: claimKey, start: booking.startAt, end: booking.endAt, status: booking.status, holdExpiresAt: booking.holdExpiresAt });
    const work = this.persist(key, booking);
    this.inflight.set(idemKey, work);
    return { outcome: work.finally(() => this.inflight.delete(idemKey)) };
  }

  private async persist(key: string, booking: NewBooking): Promise<ReserveResult> {
    const db = openDb(this.env);
    let result: Awaited<ReturnType<typeof insertBooking>>;
    try {
      result = await insertBooking(db, booking);
    } catch (error) {
      log("error", "ledger: booking write failed", { error: String(error) });
      await this.settleUncertain(key, booking.userId, booking.idempotencyKey);
      return { ok: false, reason: "unavailable" };
    }
    const { row, replayed } = result;
    if (replayed) this.adoptReplay(key, row);
    else {
      this.intervals.bind(key, row.id);
      if (row.status === "held") await this.scheduleHoldAlarm();
    }
    return { ok: true, booking: row, replayed };
  }

  /** Blocks [start, end) of this master's time, refused like a booking when it overlaps anything. */
  async block(input: NewBlock): Promise<BlockResult> {
    await this.ensureLoaded(input.staffId);
    // Check and claim with no await in between, as in reserve().
    const conflicts = this.conflicts(input.startAt, input.endAt, 0);
    if (conflicts.length > 0) return { ok: false, reason: "overlap", conflicts };
    const key = this.intervals.claim({ start: input.startAt, end: input.endAt, status: "block", holdExpiresAt: null });
    try {
      const block = await insertBlock(openDb(this.env), input);
      this.intervals.rekey(key, blockKey(block.id));
      return { ok: true, block };
    } catch (error) {
      this.intervals.release(key);
      log("error", "ledger: block write failed", { error: String(error) });
      return { ok: false, reason: "unavailable" };
    }
  }

  /** Removes a block: the row is kept (removed_at), the time is free again. */
  async unblock(staffId: number, blockId: number): Promise<{ ok: true; block: BlockRow | null } | { ok: false; reason: "unavailable" }> {
    await this.ensureLoaded(staffId);
    try {
      const block = await removeBlock(openDb(this.env), blockId, now());
      this.intervals.release(blockKey(blockId));
      return { ok: true, block };
    } catch (error) {
      log("error", "ledger: unblock failed", { error: String(error) });
      return { ok: false, reason: "unavailable" };
    }
  }

  /**
   * A replay's booking was saved by an earlier attempt. Our claim gives way to
   * that booking's own interval, which we put back from the row if an outage
   * kept the earlier attempt from binding it.
   */
  private adoptReplay(key: string, row: BookingRow): void {
    this.intervals.release(key);
    if (row.staffId === this.intervals.staffId() && isActive(row.status) && !this.intervals.ofBooking(row.id)) {
      this.intervals.claim({ key: bookingKey(row.id), bookingId: row.id, start: row.startAt, end: row.endAt, status: row.status, holdExpiresAt: row.holdExpiresAt });
    }
  }

  /**
   * A move's write failed, but maybe only its answer was lost: the claim
   * becomes the booking's interval if the row is now where the claim is, is
   * given back if it is not, and stays (alarm asks again) if the database
   * cannot say. Returns the moved row when the move did land.
   */
  private async settleUncertainMove(key: string, bookingId: number): Promise<BookingRow | null> {
    const claim = this.intervals.all().find((i) => i.key === key);
    if (!claim) return null;
    let row: BookingRow | null;
    try {
      row = await findBooking(openDb(this.env), bookingId);
    } catch {
      await this.recheckLater();
      return null;
    }
    if (row && row.staffId === this.intervals.staffId() && row.startAt === claim.start && isActive(row.status)) {
      this.intervals.drop(bookingId);
      this.intervals.bind(key, bookingId, { status: row.status, holdExpiresAt: row.holdExpiresAt });
      return row;
    }
    this.intervals.release(key);
    return null;
  }

  private async recheckLater(): Promise<void> {
    const recheck = Date.now() + UNCERTAIN_RECHECK_MS;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > recheck) await this.ctx.storage.setAlarm(recheck);
  }

  /**
   * A booking write failed, but its answer may be what was lost, not the
   * write. Ask the database: the claim follows what it says. If it cannot say
   * either, the claim stays (releasing it could double-book the time) and the
   * alarm asks again until it can.
   */
  private async settleUncertain(key: string, userId: number | null, idempotencyKey: string): Promise<void> {
    let saved: BookingRow | null;
    try {
      saved = await findByIdempotencyKey(openDb(this.env), userId, idempotencyKey);
    } catch {
      await this.recheckLater();
      return;
    }
    if (saved) this.adoptReplay(key, saved);
    else this.intervals.release(key);
  }

  /**
   * Changes the status of a booking of this master. Leaving the active states
   * frees its interval once the database agrees.
   */
  async transition(
    staffId: number,
    bookingId: number,
    from: BookingRow["status"][],
    to: BookingRow["status"],
    cancelReason?: string | null,
    generation: string | null = null,
  ): Promise<TransitionResult> {
    await this.ensureLoaded(staffId, generation);
    let row: BookingRow | null;
    try {
      row = await transitionBooking(openDb(this.env), bookingId, from, to, { cancelReason });
    } catch (error) {
      log("error", "ledger: transition failed", { error: String(error) });
      return { ok: false, reason: "unavailable" };
    }
    if (!row) return { ok: false, reason: "wrong_state" };
    if (isActive(to)) this.intervals.setState(bookingId, to, row.holdExpiresAt);
    else await this.free(bookingId);
    return { ok: true, booking: row };
  }

  /**
   * Moves a booking to [start, end) of this master: the new interval is
   * claimed before the old one is released, so a failed move loses nothing.
   * When the booking comes from another master, the caller then tells that
   * master's ledger to `forget` it.
   */
  async moveIn(
    staffId: number,
    bookingId: number,
    expected: { staffId: number; startAt: string },
    next: { startAt: string; endAt: string },
    generation: string | null = null,
  ): Promise<MoveResult> {
    await this.ensureLoaded(staffId, generation);
    if (!(await this.dropUnbacked(staffId, next.startAt, next.endAt, bookingId))) return { ok: false, reason: "unavailable" };
    // Named after the booking, so a retry adopts a claim an outage left unresolved.
    const moveKey = `m:${bookingId}`;
    const conflicts = this.intervals.overlapping(next.startAt, next.endAt, { bookingId, key: moveKey }).map(({ start, end }) => ({ start, end }));
    if (conflicts.length > 0) return { ok: false, reason: "overlap", conflicts };
    const old = this.intervals.ofBooking(bookingId);
    const key = this.intervals.claim({ key: moveKey, start: next.startAt, end: next.endAt, status: old?.status ?? "pending", holdExpiresAt: old?.holdExpiresAt ?? null });
    let row: BookingRow | null;
    try {
      row = await moveBooking(openDb(this.env), bookingId, expected, { staffId, ...next });
    } catch (error) {
      log("error", "ledger: move failed", { error: String(error) });
      const moved = await this.settleUncertainMove(key, bookingId);
      return moved ? { ok: true, booking: moved } : { ok: false, reason: "unavailable" };
    }
    if (!row) {
      this.intervals.release(key);
      return { ok: false, reason: "stale" };
    }
    this.intervals.drop(bookingId);
    // Status and hold expiry come from the database: a booking moving in from
    // another master has no interval here to copy them from.
    this.intervals.bind(key, bookingId, { status: row.status, holdExpiresAt: row.holdExpiresAt });
    // The time it left is free for the waitlist (what it still covers stays busy).
    if (old) this.holds.freed(old);
    if (row.status === "held" || old) await this.scheduleHoldAlarm();
    return { ok: true, booking: row };
  }

  /**
   * Brings back a booking whose hold expired before its payment arrived, if its
   * time is still free; the caller refunds the payment otherwise.
   */
  async reinstate(staffId: number, bookingId: number): Promise<MoveResult> {
    await this.ensureLoaded(staffId);
    const db = openDb(this.env);
    const row = await findBooking(db, bookingId);
    if (!row || row.staffId !== staffId) return { ok: false, reason: "stale" };
    if (isActive(row.status)) return { ok: true, booking: row };
    if (row.status !== "cancelled" || row.cancelReason !== "hold_expired") return { ok: false, reason: "stale" };
    if (!(await this.dropUnbacked(staffId, row.startAt, row.endAt, bookingId))) return { ok: false, reason: "unavailable" };
    const conflicts = this.conflicts(row.startAt, row.endAt, bookingId);
    if (conflicts.length > 0) return { ok: false, reason: "overlap", conflicts };
    const key = this.intervals.claim({ start: row.startAt, end: row.endAt, status: "confirmed", holdExpiresAt: null });
    let back: BookingRow | null;
    try {
      back = await transitionBooking(db, bookingId, ["cancelled"], "confirmed", { cancelReason: null });
    } catch (error) {
      this.intervals.release(key);
      log("error", "ledger: reinstate failed", { error: String(error) });
      return { ok: false, reason: "unavailable" };
    }
    if (!back) {
      this.intervals.release(key);
      return { ok: false, reason: "stale" };
    }
    this.intervals.bind(key, bookingId);
    return { ok: true, booking: back };
  }

  /**
   * Brings a YClients record into this ledger (webhook, reconciliation).
   * YClients is the truth for its own records: an overlap with another
   * booking is flagged in needs_attention, never refused. The row only takes
   * a newer state (YClients' change time decides, see upsertExternal); then
   * this ledger's interval follows the row as the database has it, so calling
   * it on a master the record left removes the interval there.
   */
  async applyExternal(staffId: number, input: ExternalBooking): Promise<ExternalResult> {
    await this.ensureLoaded(staffId);
    const booking = v.parse(ExternalBooking, input);
    // Events of one record take turns here, so each syncs the interval from
    // the row its own write left, not from one overtaken meanwhile.
    const previous = this.externalQueue.get(booking.recordId) ?? Promise.resolve();
    const turn = previous.catch(() => undefined).then(() => this.applyExternalNow(staffId, booking));
    this.externalQueue.set(booking.recordId, turn);
    try {
      return await turn;
    } finally {
      if (this.externalQueue.get(booking.recordId) === turn) this.externalQueue.delete(booking.recordId);
    }
  }

  private async applyExternalNow(staffId: number, booking: ExternalBooking): Promise<ExternalResult> {
    const db = openDb(this.env);
    const claim = `y${booking.recordId}`;
    let flag = booking.needsAttention;
    let overlapping: number[] = [];
    if (booking.staffId === staffId && isActive(booking.status)) {
      const self = (await findByRecordId(db, booking.recordId))?.id ?? null;
      // Check and claim with no await in between, as in reserve().
      let others = this.intervals.overlapping(booking.startAt, booking.endAt, { bookingId: self, key: claim });
      this.intervals.claim({ key: claim, start: booking.startAt, end: booking.endAt, status: booking.status, holdExpiresAt: null });
      // Only overlaps the database backs are flagged; the others are dropped.
      if (others.length > 0 && (await this.verify(staffId, others))) {
        others = this.intervals.overlapping(booking.startAt, booking.endAt, { bookingId: self, key: claim });
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
      this.intervals.release(claim);
      log("error", "ledger: external write failed", { record: booking.recordId, error: String(error) });
      return { ok: false, reason: "unavailable" };
    }
    const { row, applied } = result;
    this.intervals.release(claim);
    const before = this.intervals.ofBooking(row.id);
    this.intervals.drop(row.id);
    if (row.staffId === staffId && isActive(row.status)) {
      this.intervals.claim({ key: bookingKey(row.id), bookingId: row.id, start: row.startAt, end: row.endAt, status: row.status, holdExpiresAt: null });
    }
    if (before && !(row.staffId === staffId && isActive(row.status) && row.startAt === before.start && row.endAt === before.end)) {
      this.holds.freed(before);
      await this.scheduleHoldAlarm();
    }
    return { ok: true, booking: row, applied };
  }

  /** Drops a booking that moved to another master. */
  async forget(staffId: number, bookingId: number): Promise<void> {
    await this.ensureLoaded(staffId);
    await this.free(bookingId);
  }

  /** Frees a booking's interval and offers the time to the waitlist (from the alarm). */
  private async free(bookingId: number): Promise<void> {
    this.holds.freed(this.intervals.ofBooking(bookingId));
    this.intervals.drop(bookingId);
    await this.scheduleHoldAlarm();
  }

  /** The customer declined the time held for them (or left the waitlist): it passes to the next one. */
  async declineHold(staffId: number, entryId: number, to: "declined" | "cancelled" = "declined"): Promise<void> {
    await this.ensureLoaded(staffId);
    await this.holds.decline(entryId, to);
    await this.scheduleHoldAlarm();
  }

  /** The holder's booking took over the held time. */
  async holdBooked(staffId: number, entryId: number, bookingId: number): Promise<void> {
    await this.ensureLoaded(staffId);
    await this.holds.booked(entryId, bookingId);
  }

  /**
   * Compares this ledger with the master's active future bookings in the
   * database and repairs every difference (cron, admin rebuild). Intervals a
   * request changes while the database is read are left for the next audit.
   */
  async audit(staffId: number, generation: string | null = null): Promise<AuditResult> {
    const rebuilt = await this.ensureLoaded(staffId, generation);
    const cutoff = now();
    const repairs = await auditIntervals(this.intervals, staffId, cutoff, async () =>
      (await activeIntervalsOf(openDb(this.env), staffId, cutoff)).map((r) => ({ ...r, staffId })),
    );
    for (const repair of repairs) log("warn", "ledger: audit repaired an interval", { staff_id: staffId, ...repair });
    // Always: a waitlist hold or freed time whose alarm was lost is picked up here (the cron is the backstop).
    await this.scheduleHoldAlarm();
    return { staff_id: staffId, rebuilt, repairs };
  }

  /** What this ledger holds, for tests and diagnostics. */
  async snapshot(staffId: number): Promise<{ bookingId: number | null; start: string; end: string; status: string }[]> {
    await this.ensureLoaded(staffId);
    return this.intervals.all().map(({ bookingId, start, end, status }) => ({ bookingId, start, end, status }));
  }

  /** Releases holds that were not paid in time. Safe to run twice. */
  override async alarm(): Promise<void> {
    const staffId = this.intervals.staffId();
    if (staffId === null) return;
    const db = openDb(this.env);
    for (const claim of this.uncertainClaims()) await this.settleUncertain(claim.key, claim.userId, claim.idempotencyKey);
    for (const move of this.uncertainMoves()) await this.settleUncertainMove(move.key, move.bookingId);
    const at = now();
    for (const interval of this.intervals.expiredHolds(at)) {
      const id = interval.bookingId!;
      // Only a row that is this master's and expired by its own clock is
      // released: after a database reset the same id can be another booking.
      const row = await findBooking(db, id);
      const expired: boolean = !!row && row.staffId === staffId && row.status === "held" && row.holdExpiresAt !== null && row.holdExpiresAt <= at;
      const released = expired ? await transitionBooking(db, id, ["held"], "cancelled", { cancelReason: "hold_expired" }) : null;
      if (released) {
        this.holds.freed(interval);
        this.intervals.drop(id);
        continue;
      }
      // Paid or cancelled meanwhile, or not the booking we thought: take the database's word for it.
      const current: BookingRow | null = expired ? await findBooking(db, id) : row;
      if (current && current.staffId === staffId && isActive(current.status)) this.intervals.putBooking({ bookingId: id, start: current.startAt, end: current.endAt, status: current.status, holdExpiresAt: current.holdExpiresAt });
      else this.intervals.drop(id);
    }
    try {
      await this.holds.run(staffId);
    } catch (error) {
      log("error", "ledger: waitlist offers failed", { staff_id: staffId, error: String(error) });
      this.holds.failed();
    }
    await this.scheduleHoldAlarm();
  }
}

const UNCERTAIN_RECHECK_MS = 30_000;

/** The claim key of a reservation request: "r:" + user id ("-" for none) + ":" + its Idempotency-Key. */
const requestKey = (idemKey: string) => `r:${idemKey}`;

function parseRequestKey(key: string): { idemKey: string; userId: number | null; idempotencyKey: string } | null {
  const match = /^r:(-|\d+):(.+)$/s.exec(key);
  if (!match) return null;
  return { idemKey: `${match[1]}:${match[2]}`, userId: match[1] === "-" ? null : Number(match[1]), idempotencyKey: match[2]! };
}

export function ledgerFor(env: Env, staffId: number): DurableObjectStub<StaffLedger> {
  return env.STAFF_LEDGER.get(env.STAFF_LEDGER.idFromName(`staff:${staffId}`));
}
