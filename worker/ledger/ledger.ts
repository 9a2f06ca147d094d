// The ledger: one Durable Object per owner of time (today: a master), the
// only writer of that owner's occupancy. It holds intervals with keys and
// answers claim / release / move atomically; it decides nothing about who
// waits or who is told (see worker/booking/README.md, "Concurrency rules").
import { DurableObject } from "cloudflare:workers";
import * as v from "valibot";
import type { Env } from "../env.js";
import { log } from "../lib/log.js";
import { activeIntervalsOf, type BookingRow, type NewBooking, transitionBooking, isActive } from "../repo/bookings.js";
import { activeBlocksOf, type NewBlock } from "../repo/blocks.js";
import { claimBlock, moveBlock, unblock, type UnblockResult } from "./blocks.js";
import { LedgerCore, type HoldEvents } from "./core.js";
import { applyExternalRecord, type ExternalResult } from "./external-apply.js";
import { ExternalBooking } from "./external-booking.js";
import { expireHolds } from "./hold-expiry.js";
import { blockKey, type Interval } from "./intervals.js";
import { MoveDesk } from "./move.js";
import { bookingsBehind, changeSeats, type ClassStanding, loadClass, type SeatsResult } from "./seats.js";
import { ReserveDesk } from "./reserve.js";
import type { AuditResult, BlockResult, MoveResult, ReserveResult, TransitionResult } from "./results.js";
import { type Grant, HOLD_STATUS, type Span, type Wish } from "./standing.js";
import { auditIntervals } from "./verify.js";
import { type UnitAsk, UnitDesk, type UnitResult } from "./unit-desk.js";

export type { HoldEvents } from "./core.js";

const now = () => new Date().toISOString();
const unavailable = { ok: false, reason: "unavailable" } as const;

export class Ledger extends DurableObject<Env> {
  private readonly core: LedgerCore;
  private readonly desk: ReserveDesk;
  private readonly moves: MoveDesk;
  /** YClients events of one record, in the order they arrived. */
  private readonly externalQueue = new Map<number, Promise<ExternalResult>>();
  /** A resource's units (owner kind `resource`), made on first use so masters' ledgers never create its table. */
  private unitDesk?: UnitDesk;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const inFlight = { request: (k: string) => this.desk.inFlight(k), move: (id: number) => this.moves.inFlight(id) };
    this.core = new LedgerCore(ctx, env, inFlight, (staffId, events) => this.onHolds(staffId, events));
    this.desk = new ReserveDesk(this.core);
    this.moves = new MoveDesk(this.core);
  }

  /**
   * The layer above records holds the ledger took or let lapse (and tells
   * people, asynchronously). Returns the keys of holds it refuses (their wish
   * is gone): those are released and passed on. Throwing leaves the holds
   * pending; the alarm asks again.
   */
  protected async onHolds(_staffId: number, _events: HoldEvents): Promise<string[]> {
    return [];
  }

  /** The holds the database records as live, put back when the ledger (re)loads. */
  protected async savedHolds(_staffId: number, _at: string): Promise<Grant[]> {
    return [];
  }

  /** The live waitlist holds on a class session's seats and the wishes of those waiting, put back when its ledger (re)loads. */
  protected async savedClass(_classId: number, _at: string): Promise<ClassStanding> {
    return { holds: [], wishes: [] };
  }

  private needsLoad(generation: string | null): boolean {
    const { intervals } = this.core;
    if (intervals.staffId() === null) return true;
    return generation !== null && intervals.generation() !== generation;
  }

  /**
   * Fills an empty ledger (new deploy, reset storage) from the database before
   * serving, and reloads one that was filled from another database than the
   * caller's (`generation`, from the settings row the caller read anyway;
   * null when the caller does not know it). Returns whether it (re)loaded.
   */
  private async ensureLoaded(staffId: number, generation: string | null = null): Promise<boolean> {
    const classId = this.core.intervals.classId();
    if (classId !== null) return this.openClass(classId, generation);
    if (!this.needsLoad(generation)) return false;
    let loaded = false;
    await this.ctx.blockConcurrencyWhile(async () => {
      if (!this.needsLoad(generation)) return;
      const { intervals, standing } = this.core;
      const db = this.core.db();
      const [rows, blocks, holds] = await Promise.all([activeIntervalsOf(db, staffId, now()), activeBlocksOf(db, staffId, now()), this.savedHolds(staffId, now())]);
      // Claims whose database write is in flight stay: their rows are being
      // written to the database the caller reads now. Blocks and holds come
      // back from their rows; wishes of another database are void (the cron
      // registers this one's again).
      intervals.dropBound();
      intervals.dropBlocks();
      standing.dropHolds();
      standing.dropAll();
      for (const r of rows) intervals.putBooking({ bookingId: r.id, start: r.startAt, end: r.endAt, status: r.status, holdExpiresAt: r.holdExpiresAt });
      for (const b of blocks) intervals.claim({ key: blockKey(b.id), start: b.startAt, end: b.endAt, status: "block", holdExpiresAt: null });
      for (const h of holds) intervals.claim({ key: h.key, start: h.start, end: h.end, status: HOLD_STATUS, holdExpiresAt: h.expiresAt });
      intervals.markLoaded(staffId);
      if (generation !== null) intervals.setGeneration(generation);
      loaded = true;
      await this.core.scheduleAlarm();
    });
    return loaded;
  }

  /**
   * Makes this the ledger of class session `classId` (seats.ts), loading it
   * when empty or met with another database. Callers open a class's ledger
   * before anything else they ask it, so an empty one never loads as a master's.
   */
  async openClass(classId: number, generation: string | null = null, reload = false): Promise<boolean> {
    const { intervals } = this.core;
    if (!reload && intervals.classId() === classId && !this.needsLoad(generation)) return false;
    await this.ctx.blockConcurrencyWhile(async () => {
      await loadClass(this.core, classId, (at) => this.savedClass(classId, at));
      if (generation !== null) intervals.setGeneration(generation);
      await this.core.scheduleAlarm();
    });
    return true;
  }

  /** Sets a class's seat count (refused below the seats taken); added seats go to waiting customers first. */
  async setSeats(classId: number, seats: number, span: Span): Promise<SeatsResult> {
    await this.openClass(classId);
    const result = changeSeats(this.core, classId, seats, span);
    if (result.ok) await this.core.settleHolds(this.core.intervals.staffId()!, this.core.standing.grantFrom(span));
    return result;
  }

  /** `holdKey`: the hold whose time this booking takes over. */
  async reserve(booking: NewBooking, generation: string | null = null, holdKey: string | null = null): Promise<ReserveResult> {
    await this.ensureLoaded(booking.staffId, generation);
    return this.desk.reserve(booking, holdKey);
  }

  /** Blocks [start, end) of this master's time, refused like a booking when it overlaps anything. */
  async block(input: NewBlock): Promise<BlockResult> {
    await this.ensureLoaded(input.staffId);
    return claimBlock(this.core, input);
  }

  /** Moves a block (a class session's time) claiming the new time before giving back the old. */
  async moveBlock(staffId: number, blockId: number, next: Span): Promise<BlockResult> {
    await this.ensureLoaded(staffId);
    const granted: Grant[] = [];
    const result = await moveBlock(this.core, blockId, next, granted);
    await this.core.settleHolds(staffId, granted);
    return result;
  }

  /** Removes a block: the row is kept (removed_at), the time is free again (or held for the first wish it fits). */
  async unblock(staffId: number, blockId: number): Promise<UnblockResult> {
    await this.ensureLoaded(staffId);
    return unblock(this.core, staffId, blockId, now());
  }

  /** Changes the status of a booking of this master. Leaving the active states frees its interval once the database agrees. */
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
      row = await transitionBooking(this.core.db(), bookingId, from, to, { cancelReason });
    } catch (error) {
      log("error", "ledger: transition failed", { error: String(error) });
      return unavailable;
    }
    if (!row) return { ok: false, reason: "wrong_state" };
    if (isActive(to)) this.core.intervals.setState(bookingId, to, row.holdExpiresAt);
    else await this.core.settleHolds(staffId, this.core.free(bookingId));
    return { ok: true, booking: row };
  }

  /**
   * Moves a booking to [start, end) of this master (move.ts). When the
   * booking comes from another master, the caller then tells that master's
   * ledger to `forget` it.
   */
  async moveIn(staffId: number, bookingId: number, expected: { staffId: number; startAt: string }, next: { startAt: string; endAt: string; priceTotalMinor?: number }, generation: string | null = null): Promise<MoveResult> {
    await this.ensureLoaded(staffId, generation);
    return this.moves.moveIn(staffId, bookingId, expected, next);
  }

  /** Brings back a booking whose hold expired before its payment arrived, if its time is still free; the caller refunds the payment otherwise. */
  async reinstate(staffId: number, bookingId: number): Promise<MoveResult> {
    await this.ensureLoaded(staffId);
    return this.moves.reinstate(staffId, bookingId);
  }

  /** Brings an outside system's record into this ledger (external-apply.ts); events of one record take turns. */
  async applyExternal(staffId: number, input: ExternalBooking): Promise<ExternalResult> {
    await this.ensureLoaded(staffId);
    const booking = v.parse(ExternalBooking, input);
    const previous = this.externalQueue.get(booking.recordId) ?? Promise.resolve();
    const turn = previous.catch(() => undefined).then(async () => {
      const granted: Grant[] = [];
      const { intervals, standing } = this.core;
      const deps = { intervals, db: this.core.db(), verify: (c: Interval[]) => this.core.verify(staffId, c), freed: (s: Span) => granted.push(...standing.grantFrom(s)) };
      const result = await applyExternalRecord(deps, staffId, booking);
      await this.core.settleHolds(staffId, granted);
      return result;
    });
    this.externalQueue.set(booking.recordId, turn);
    try {
      return await turn;
    } finally {
      if (this.externalQueue.get(booking.recordId) === turn) this.externalQueue.delete(booking.recordId);
    }
  }

  /** Drops a booking that moved to another master. */
  async forget(staffId: number, bookingId: number): Promise<void> {
    await this.ensureLoaded(staffId);
    await this.core.settleHolds(staffId, this.core.free(bookingId));
  }

  /** Registers (or replaces) a wish for time this ledger does not have free yet. */
  async wish(staffId: number, wish: Wish): Promise<void> {
    await this.ensureLoaded(staffId);
    if (!this.core.intervals.byKey(wish.key)) this.core.standing.put(wish);
  }

  /** Withdraws wishes (their owner no longer waits). */
  async withdraw(staffId: number, keys: string[]): Promise<void> {
    await this.ensureLoaded(staffId);
    for (const key of keys) this.core.standing.remove(key);
  }

  /** Brings the wishes in line with the full list the layer above read at `since` (ms). */
  async syncWishes(staffId: number, wishes: Wish[], since: number, generation: string | null = null): Promise<void> {
    await this.ensureLoaded(staffId, generation);
    this.core.standing.sync(wishes, since);
  }

  /** Lets a hold go (declined, left): its time passes to the next wish in the same step, or is simply free. */
  async releaseHold(staffId: number, key: string): Promise<void> {
    await this.ensureLoaded(staffId);
    if (this.core.intervals.byKey(key)?.status !== HOLD_STATUS) return;
    await this.core.settleHolds(staffId, this.core.release(key));
  }

  /**
   * Compares this ledger with the master's active future bookings (a class
   * session's: its seats; open it first) in the database and repairs every difference (cron, admin rebuild). Intervals a
   * request changes while the database is read are left for the next audit.
   */
  async audit(staffId: number, generation: string | null = null): Promise<AuditResult> {
    const rebuilt = await this.ensureLoaded(staffId, generation);
    const cutoff = now();
    const repairs = await auditIntervals(this.core.intervals, staffId, cutoff, () => bookingsBehind(this.core, staffId, cutoff));
    for (const repair of repairs) log("warn", "ledger: audit repaired an interval", { staff_id: staffId, ...repair });
    // Always: a hold whose alarm was lost is picked up here (the cron is the backstop).
    await this.core.scheduleAlarm();
    return { staff_id: staffId, rebuilt, repairs };
  }

  /** What this ledger holds, for tests and diagnostics. */
  async snapshot(staffId: number): Promise<{ bookingId: number | null; start: string; end: string; status: string }[]> {
    await this.ensureLoaded(staffId);
    return this.core.intervals.all().map(({ bookingId, start, end, status }) => ({ bookingId, start, end, status }));
  }

  private units = (): UnitDesk => (this.unitDesk ??= new UnitDesk(this.ctx.storage.sql, () => this.core.db(), (fn) => this.ctx.blockConcurrencyWhile(fn)));

  /** Resources: the lowest unit free for the whole interval, or a refusal; then bound to its booking, released or freed (unit-desk.ts). */
  claimUnit(resourceId: number, ask: UnitAsk, generation: string | null = null): Promise<UnitResult> {
    return this.units().claim(resourceId, ask, generation);
  }
  bindUnit(resourceId: number, key: string, bookingId: number) { return this.units().bind(resourceId, key, bookingId); }
  releaseUnit(resourceId: number, key: string) { return this.units().release(resourceId, key); }
  freeUnit(resourceId: number, bookingId: number) { return this.units().free(resourceId, bookingId); }
  commitUnitMove(resourceId: number, bookingId: number, previousUnit: number | null) { return this.units().commitMove(resourceId, bookingId, previousUnit); }
  reassignUnit(resourceId: number, bookingId: number, unit: number, units: number, generation: string | null = null) { return this.units().reassign(resourceId, bookingId, unit, units, generation); }
  unitSnapshot(resourceId: number) { return this.units().snapshot(resourceId); }
  auditUnits(resourceId: number, generation: string | null = null) { return this.units().audit(resourceId, generation); }

  /** Settles claims left unresolved, releases unpaid holds and lapsed ones. Safe to run twice. */
  override async alarm(): Promise<void> {
    const { intervals, standing, claims } = this.core;
    const staffId = intervals.staffId();
    if (staffId === null) return;
    await claims.settle(this.core.uncertain());
    const at = now();
    const expired = await expireHolds(intervals, staffId, this.core.db(), at, (span) => standing.grantFrom(span));
    const lapsed = standing.lapsed(at);
    for (const hold of lapsed) this.core.release(hold.key);
    // Every hold not yet recorded: those just taken and any whose recording failed before.
    await this.core.settleHolds(staffId, standing.pending(), lapsed, expired);
  }
}
