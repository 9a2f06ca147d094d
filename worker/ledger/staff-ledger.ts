// One Durable Object per master: the only writer of that master's occupancy.
// See worker/booking/README.md for the concurrency rules this implements.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.js";
import {
  activeIntervalsOf,
  type BookingRow,
  findBooking,
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
import { ExternalBooking } from "../yclients/external.js";
import { findByRecordId, upsertExternal } from "../yclients/store.js";
import { blockKey, bookingKey, IntervalStore } from "./intervals.js";
import { log } from "../lib/log.js";

export type ReserveResult =
  | { ok: true; booking: BookingRow; replayed: boolean }
  | { ok: false; reason: "overlap"; conflicts: { start: string; end: string }[] }
  | { ok: false; reason: "unavailable" };

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

const now = () => new Date().toISOString();

export class StaffLedger extends DurableObject<Env> {
  private readonly intervals: IntervalStore;
  /** Reservations whose database write is still in flight, by idempotency key. */
  private readonly inflight = new Map<string, Promise<ReserveResult>>();
  /** YClients events of one record, in the order they arrived. */
  private readonly externalQueue = new Map<number, Promise<ExternalResult>>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.intervals = new IntervalStore(ctx.storage.sql);
  }

  private conflicts(start: string, end: string, except: number | null = null) {
    return this.intervals.overlapping(start, end, { bookingId: except }).map(({ start, end }) => ({ start, end }));
  }

  /** Fills an empty ledger (new deploy, reset storage) from the database before serving. */
  private async ensureLoaded(staffId: number): Promise<void> {
    if (this.intervals.staffId() !== null) return;
    await this.ctx.blockConcurrencyWhile(async () => {
      if (this.intervals.staffId() !== null) return;
      const db = openDb(this.env);
      const [bookings, blocks] = await Promise.all([activeIntervalsOf(db, staffId, now()), activeBlocksOf(db, staffId, now())]);
      for (const r of bookings) {
        this.intervals.claim({ key: bookingKey(r.id), bookingId: r.id, start: r.startAt, end: r.endAt, status: r.status, holdExpiresAt: r.holdExpiresAt });
      }
      for (const b of blocks) this.intervals.claim({ key: blockKey(b.id), start: b.startAt, end: b.endAt, status: "block", holdExpiresAt: null });
      this.intervals.markLoaded(staffId);
      await this.scheduleHoldAlarm();
    });
  }

  private async scheduleHoldAlarm(): Promise<void> {
    const next = this.intervals.earliestHoldExpiry();
    if (next) await this.ctx.storage.setAlarm(Date.parse(next));
  }

  async reserve(booking: NewBooking): Promise<ReserveResult> {
    await this.ensureLoaded(booking.staffId);
    const idemKey = `${booking.userId ?? "-"}:${booking.idempotencyKey}`;
    const pending = this.inflight.get(idemKey);
    // A retry while the first attempt is still being written shares its outcome, as a replay.
    if (pending) return pending.then((r) => (r.ok ? { ...r, replayed: true } : r));
    // Intervals that ended a day ago can never conflict again.
    this.intervals.pruneEndedBefore(new Date(Date.now() - 86_400_000).toISOString());
    // Check and claim with no await in between: this is what makes double
    // booking impossible while the database write below is in flight.
    const conflicts = this.conflicts(booking.startAt, booking.endAt);
    if (conflicts.length > 0) return { ok: false, reason: "overlap", conflicts };
    const key = this.intervals.claim({ start: booking.startAt, end: booking.endAt, status: booking.status, holdExpiresAt: booking.holdExpiresAt });
    const work = this.persist(key, booking);
    this.inflight.set(idemKey, work);
    try {
      return await work;
    } finally {
      this.inflight.delete(idemKey);
    }
  }

  private async persist(key: string, booking: NewBooking): Promise<ReserveResult> {
    let result: Awaited<ReturnType<typeof insertBooking>>;
    try {
      result = await insertBooking(openDb(this.env), booking);
    } catch (error) {
      this.intervals.release(key);
      log("error", "ledger: booking write failed", { error: String(error) });
      return { ok: false, reason: "unavailable" };
    }
    const { row, replayed } = result;
    if (replayed) {
      // The first request already holds its own interval; drop our claim.
      this.intervals.release(key);
    } else {
      this.intervals.bind(key, row.id);
      if (row.status === "held") await this.scheduleHoldAlarm();
    }
    return { ok: true, booking: row, replayed };
  }

  /** Blocks [start, end) of this master's time, refused like a booking when it overlaps anything. */
  async block(input: NewBlock): Promise<BlockResult> {
    await this.ensureLoaded(input.staffId);
    // Check and claim with no await in between, as in reserve().
    const conflicts = this.conflicts(input.startAt, input.endAt);
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
   * Changes the status of a booking of this master. Leaving the active states
   * frees its interval once the database agrees.
   */
  async transition(
    staffId: number,
    bookingId: number,
    from: BookingRow["status"][],
    to: BookingRow["status"],
    cancelReason?: string | null,
  ): Promise<TransitionResult> {
    await this.ensureLoaded(staffId);
    let row: BookingRow | null;
    try {
      row = await transitionBooking(openDb(this.env), bookingId, from, to, { cancelReason });
    } catch (error) {
      log("error", "ledger: transition failed", { error: String(error) });
      return { ok: false, reason: "unavailable" };
    }
    if (!row) return { ok: false, reason: "wrong_state" };
    if (isActive(to)) this.intervals.setState(bookingId, to, row.holdExpiresAt);
    else this.intervals.drop(bookingId);
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
  ): Promise<MoveResult> {
    await this.ensureLoaded(staffId);
    const conflicts = this.conflicts(next.startAt, next.endAt, bookingId);
    if (conflicts.length > 0) return { ok: false, reason: "overlap", conflicts };
    const old = this.intervals.ofBooking(bookingId);
    const key = this.intervals.claim({ start: next.startAt, end: next.endAt, status: old?.status ?? "pending", holdExpiresAt: old?.holdExpiresAt ?? null });
    let row: BookingRow | null;
    try {
      row = await moveBooking(openDb(this.env), bookingId, expected, { staffId, ...next });
    } catch (error) {
      this.intervals.release(key);
      log("error", "ledger: move failed", { error: String(error) });
      return { ok: false, reason: "unavailable" };
    }
    if (!row) {
      this.intervals.release(key);
      return { ok: false, reason: "stale" };
    }
    this.intervals.drop(bookingId);
    // Status and hold expiry come from the database: a booking moving in from
    // another master has no interval here to copy them from.
    this.intervals.bind(key, bookingId, { status: row.status, holdExpiresAt: row.holdExpiresAt });
    if (row.status === "held") await this.scheduleHoldAlarm();
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
      const others = this.intervals.overlapping(booking.startAt, booking.endAt, { bookingId: self, key: claim });
      this.intervals.claim({ key: claim, start: booking.startAt, end: booking.endAt, status: booking.status, holdExpiresAt: null });
      overlapping = others.map((r) => r.bookingId).filter((id): id is number => id !== null);
      if (others.length > 0) flag = [flag, `overlaps_booking:${overlapping.join(",") || "pending"}`].filter(Boolean).join("; ");
    }
    let result: Awaited<ReturnType<typeof upsertExternal>>;
    try {
      result = await upsertExternal(db, { ...booking, needsAttention: flag });
      if (result.applied && overlapping.length > 0) await flagBookings(db, overlapping, `overlaps_yclients_record:${booking.recordId}`);
    } catch (error) {
      this.intervals.release(claim);
      log("error", "ledger: external write failed", { record: booking.recordId, error: String(error) });
      return { ok: false, reason: "unavailable" };
    }
    const { row, applied } = result;
    this.intervals.release(claim);
    this.intervals.drop(row.id);
    if (row.staffId === staffId && isActive(row.status)) {
      this.intervals.claim({ key: bookingKey(row.id), bookingId: row.id, start: row.startAt, end: row.endAt, status: row.status, holdExpiresAt: null });
    }
    return { ok: true, booking: row, applied };
  }

  /** Drops a booking that moved to another master. */
  async forget(staffId: number, bookingId: number): Promise<void> {
    await this.ensureLoaded(staffId);
    this.intervals.drop(bookingId);
    await this.scheduleHoldAlarm();
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
    for (const interval of this.intervals.expiredHolds(now())) {
      const id = interval.bookingId!;
      const released = await transitionBooking(db, id, ["held"], "cancelled", { cancelReason: "hold_expired" });
      if (released) {
        this.intervals.drop(id);
        continue;
      }
      // Paid or cancelled meanwhile: take the database's word for it.
      const current = await findBooking(db, id);
      if (current && current.staffId === staffId && isActive(current.status)) this.intervals.setState(id, current.status, current.holdExpiresAt);
      else this.intervals.drop(id);
    }
    await this.scheduleHoldAlarm();
  }
}

export function ledgerFor(env: Env, staffId: number): DurableObjectStub<StaffLedger> {
  return env.STAFF_LEDGER.get(env.STAFF_LEDGER.idFromName(`staff:${staffId}`));
}
