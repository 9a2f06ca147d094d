// The ledger: one Durable Object per owner of time (today: a master), the
// only writer of that owner's occupancy. It holds intervals with keys and
// answers claim / release / move atomically; it decides nothing about who
// waits or who is told (see worker/booking/README.md, "Concurrency rules").
import { DurableObject } from "cloudflare:workers";
import * as v from "valibot";
import type { Env } from "../env.js";
import { log } from "../lib/log.js";
import { activeIntervalsOf, type BookingRow, bookingStates, findBooking, insertBooking, isActive, moveBooking, type NewBooking, transitionBooking } from "../repo/bookings.js";
import { activeBlocksOf, type BlockRow, insertBlock, type NewBlock, removeBlock } from "../repo/blocks.js";
import { openDb } from "../repo/db.js";
import { Claims, type InFlight, moveKey, requestKey } from "./claims.js";
import { applyExternalRecord, type ExternalResult } from "./external-apply.js";
import { ExternalBooking } from "./external-booking.js";
import { expireHolds } from "./hold-expiry.js";
import { blockKey, type Interval, IntervalStore } from "./intervals.js";
import type { AuditResult, BlockResult, Conflicts, MoveResult, ReserveResult, TransitionResult } from "./results.js";
import { type Grant, HOLD_STATUS, type Span, StandingClaims, type Wish } from "./standing.js";
import { auditIntervals, type ConflictRead, type Repair, sharedConflictRead, verifyConflicts } from "./verify.js";

/** What happened to holds, for the layer above to record: holds taken for wishes, and holds that ran out. */
export interface HoldEvents {
  granted: Grant[];
  lapsed: (Span & { key: string })[];
}

const UNCERTAIN_RECHECK_MS = 30_000;
const now = () => new Date().toISOString();
const unavailable = { ok: false, reason: "unavailable" } as const;

export class Ledger extends DurableObject<Env> {
  protected readonly intervals: IntervalStore;
  private readonly standing: StandingClaims;
  private readonly claims: Claims;
  /** Reservations whose database write is still in flight, by idempotency key. */
  private readonly inflight = new Map<string, Promise<ReserveResult>>();
  /** Moves whose database write is still in flight, by booking id. */
  private readonly moving = new Set<number>();
  private readonly inFlight: InFlight = { request: (k) => this.inflight.has(k), move: (id) => this.moving.has(id) };
  /** YClients events of one record, in the order they arrived. */
  private readonly externalQueue = new Map<number, Promise<ExternalResult>>();
  /** Reads of the bookings behind conflicts, shared by the checks that meet the same ones at once. */
  private readonly conflictRead: ConflictRead = sharedConflictRead((ids) => bookingStates(openDb(this.env), ids));

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.intervals = new IntervalStore(ctx.storage.sql);
    this.standing = new StandingClaims(ctx.storage.sql, this.intervals);
    this.claims = new Claims(this.intervals, () => openDb(this.env));
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
      const [rows, blocks, holds] = await Promise.all([activeIntervalsOf(db, staffId, now()), activeBlocksOf(db, staffId, now()), this.savedHolds(staffId, now())]);
      // Claims whose database write is in flight stay: their rows are being
      // written to the database the caller reads now. Blocks and holds come
      // back from their rows; wishes of another database are void (the cron
      // registers this one's again).
      this.intervals.dropBound();
      this.intervals.dropBlocks();
      this.standing.dropHolds();
      this.standing.dropAll();
      for (const r of rows) this.intervals.putBooking({ bookingId: r.id, start: r.startAt, end: r.endAt, status: r.status, holdExpiresAt: r.holdExpiresAt });
      for (const b of blocks) this.intervals.claim({ key: blockKey(b.id), start: b.startAt, end: b.endAt, status: "block", holdExpiresAt: null });
      for (const h of holds) this.intervals.claim({ key: h.key, start: h.start, end: h.end, status: HOLD_STATUS, holdExpiresAt: h.expiresAt });
      this.intervals.markLoaded(staffId);
      if (generation !== null) this.intervals.setGeneration(generation);
      loaded = true;
      await this.scheduleAlarm();
    });
    return loaded;
  }

  /**
   * The contended path: before a conflict is believed, the bookings behind it
   * are checked against the database (intervals it does not back are dropped
   * or corrected), and claims of requests that are gone are settled by asking
   * it what became of them. Reads started together share one round trip.
   * False when the database cannot answer.
   */
  private async resolve(staffId: number, conflicts: Interval[]): Promise<boolean> {
    const gone = this.claims.uncertain(this.inFlight, conflicts);
    const [verified, settled] = await Promise.all([this.verify(staffId, conflicts), gone.length > 0 ? this.claims.settle(gone) : true]);
    if (!settled) await this.recheckLater();
    return verified && settled;
  }

  private async verify(staffId: number, conflicts: Interval[]): Promise<boolean> {
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
  private async scheduleAlarm(): Promise<void> {
    const hold = this.intervals.earliestHoldExpiry();
    const unsettled = this.claims.uncertain(this.inFlight).length + this.standing.pending().length > 0;
    const next = Math.min(hold ? Date.parse(hold) : Infinity, unsettled ? Date.now() + UNCERTAIN_RECHECK_MS : Infinity);
    if (next < Infinity) await this.ctx.storage.setAlarm(next);
  }

  private async recheckLater(): Promise<void> {
    const recheck = Date.now() + UNCERTAIN_RECHECK_MS;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > recheck) await this.ctx.storage.setAlarm(recheck);
  }

  /**
   * Has the layer above record the holds just taken (and those that lapsed);
   * a hold it refuses is released and passed on to the next wish in the same
   * synchronous step. Never throws: unrecorded holds stay and the alarm asks again.
   */
  private async settleHolds(staffId: number, granted: Grant[], lapsed: HoldEvents["lapsed"] = []): Promise<void> {
    let events: HoldEvents = { granted, lapsed };
    while (events.granted.length + events.lapsed.length > 0) {
      let refused: string[];
      try {
        refused = await this.onHolds(staffId, events);
      } catch (error) {
        log("error", "ledger: recording holds failed", { staff_id: staffId, error: String(error) });
        await this.recheckLater();
        return;
      }
      for (const g of events.granted) this.standing.settled(g.key);
      const next: Grant[] = [];
      for (const key of refused) {
        const hold = this.intervals.byKey(key);
        if (hold?.status !== HOLD_STATUS) continue;
        this.intervals.release(key);
        next.push(...this.standing.grantFrom(hold));
      }
      events = { granted: next, lapsed: [] };
    }
    await this.scheduleAlarm();
  }

  /** `holdKey`: the hold whose time this booking takes over (it is not in the way, and it goes in the same step). */
  async reserve(booking: NewBooking, generation: string | null = null, holdKey: string | null = null): Promise<ReserveResult> {
    await this.ensureLoaded(booking.staffId, generation);
    const first = this.tryReserve(booking, holdKey);
    if (!("overlap" in first)) return first.outcome;
    // Retried once, after resolving what the conflict is made of; the check
    // and the claim of the retry again run without an await between.
    if (!(await this.resolve(booking.staffId, first.overlap))) return unavailable;
    const second = this.tryReserve(booking, holdKey);
    if ("overlap" in second) return { ok: false, reason: "overlap", conflicts: spansOf(second.overlap) };
    return second.outcome;
  }

  /** Check and claim with no await in between: this is what makes double booking impossible. */
  private tryReserve(booking: NewBooking, holdKey: string | null): { outcome: Promise<ReserveResult> } | { overlap: Interval[] } {
    const idemKey = `${booking.userId ?? "-"}:${booking.idempotencyKey}`;
    const pending = this.inflight.get(idemKey);
    // A retry while the first attempt is still being written shares its outcome, as a replay.
    if (pending) return { outcome: pending.then((r) => (r.ok ? { ...r, replayed: true } : r)) };
    // Intervals that ended a day ago can never conflict again.
    this.intervals.pruneEndedBefore(new Date(Date.now() - 86_400_000).toISOString());
    // The claim is named after the request, so a retry adopts a claim an
    // outage left unresolved instead of running into it.
    const claimKey = requestKey(idemKey);
    if (holdKey !== null && !this.standing.isLive(holdKey, now())) return { outcome: Promise.resolve({ ok: false, reason: "hold_gone" }) };
    const overlap = this.intervals.overlapping(booking.startAt, booking.endAt, { key: claimKey }).filter((i) => i.key !== holdKey);
    if (overlap.length > 0) return { overlap };
    // The held time becomes the holder's booking in the same synchronous step.
    if (holdKey) this.intervals.release(holdKey);
    const key = this.intervals.claim({ key: claimKey, start: booking.startAt, end: booking.endAt, status: booking.status, holdExpiresAt: booking.holdExpiresAt });
    const work = this.persist(key, booking);
    this.inflight.set(idemKey, work);
    return { outcome: work.finally(() => this.inflight.delete(idemKey)) };
  }

  private async persist(key: string, booking: NewBooking): Promise<ReserveResult> {
    let result: Awaited<ReturnType<typeof insertBooking>>;
    try {
      result = await insertBooking(openDb(this.env), booking);
    } catch (error) {
      log("error", "ledger: booking write failed", { error: String(error) });
      // The write may have landed with only its answer lost: the database says which.
      if (!(await this.claims.settleRequest(key, booking.userId, booking.idempotencyKey))) await this.recheckLater();
      return unavailable;
    }
    const { row, replayed } = result;
    if (replayed) this.claims.adoptReplay(key, row);
    else {
      this.intervals.bind(key, row.id);
      if (row.status === "held") await this.scheduleAlarm();
    }
    return { ok: true, booking: row, replayed };
  }

  /** Blocks [start, end) of this master's time, refused like a booking when it overlaps anything. */
  async block(input: NewBlock): Promise<BlockResult> {
    await this.ensureLoaded(input.staffId);
    // Check and claim with no await in between, as in reserve().
    const conflicts = spansOf(this.intervals.overlapping(input.startAt, input.endAt));
    if (conflicts.length > 0) return { ok: false, reason: "overlap", conflicts };
    const key = this.intervals.claim({ start: input.startAt, end: input.endAt, status: "block", holdExpiresAt: null });
    try {
      const block = await insertBlock(openDb(this.env), input);
      this.intervals.rekey(key, blockKey(block.id));
      return { ok: true, block };
    } catch (error) {
      this.intervals.release(key);
      log("error", "ledger: block write failed", { error: String(error) });
      return unavailable;
    }
  }

  /** Removes a block: the row is kept (removed_at), the time is free again (or held for the first wish it fits). */
  async unblock(staffId: number, blockId: number): Promise<{ ok: true; block: BlockRow | null } | { ok: false; reason: "unavailable" }> {
    await this.ensureLoaded(staffId);
    let block: BlockRow | null;
    try {
      block = await removeBlock(openDb(this.env), blockId, now());
    } catch (error) {
      log("error", "ledger: unblock failed", { error: String(error) });
      return unavailable;
    }
    await this.settleHolds(staffId, this.release(blockKey(blockId)));
    return { ok: true, block };
  }

  /** Releases an interval and, in the same synchronous step, holds its time for the first wishes it fits. */
  private release(key: string): Grant[] {
    const interval = this.intervals.byKey(key);
    this.intervals.release(key);
    return this.standing.grantFrom(interval);
  }

  /** Drops a booking's interval and, in the same synchronous step, holds its time for the first wishes it fits. */
  private free(bookingId: number): Grant[] {
    const interval = this.intervals.ofBooking(bookingId);
    this.intervals.drop(bookingId);
    return this.standing.grantFrom(interval);
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
      row = await transitionBooking(openDb(this.env), bookingId, from, to, { cancelReason });
    } catch (error) {
      log("error", "ledger: transition failed", { error: String(error) });
      return unavailable;
    }
    if (!row) return { ok: false, reason: "wrong_state" };
    if (isActive(to)) this.intervals.setState(bookingId, to, row.holdExpiresAt);
    else await this.settleHolds(staffId, this.free(bookingId));
    return { ok: true, booking: row };
  }

  /**
   * Moves a booking to [start, end) of this master: the new interval is
   * claimed before the old one is released, so a failed move loses nothing.
   * When the booking comes from another master, the caller then tells that
   * master's ledger to `forget` it.
   */
  async moveIn(staffId: number, bookingId: number, expected: { staffId: number; startAt: string }, next: { startAt: string; endAt: string }, generation: string | null = null): Promise<MoveResult> {
    await this.ensureLoaded(staffId, generation);
    // Named after the booking, so a retry adopts a claim an outage left unresolved.
    const key = moveKey(bookingId);
    const found = this.intervals.overlapping(next.startAt, next.endAt, { bookingId, key });
    if (found.length > 0 && !(await this.resolve(staffId, found))) return unavailable;
    const conflicts = spansOf(this.intervals.overlapping(next.startAt, next.endAt, { bookingId, key }));
    if (conflicts.length > 0) return { ok: false, reason: "overlap", conflicts };
    const old = this.intervals.ofBooking(bookingId);
    this.intervals.claim({ key, start: next.startAt, end: next.endAt, status: old?.status ?? "pending", holdExpiresAt: old?.holdExpiresAt ?? null });
    this.moving.add(bookingId);
    let row: BookingRow | null;
    try {
      row = await moveBooking(openDb(this.env), bookingId, expected, { staffId, ...next });
    } catch (error) {
      log("error", "ledger: move failed", { error: String(error) });
      this.moving.delete(bookingId);
      const moved = await this.claims.settleMove(key, bookingId);
      if (moved === "unknown") await this.recheckLater();
      return moved && moved !== "unknown" ? { ok: true, booking: moved } : unavailable;
    }
    this.moving.delete(bookingId);
    if (!row) {
      this.intervals.release(key);
      return { ok: false, reason: "stale" };
    }
    this.intervals.drop(bookingId);
    // Status and hold expiry come from the database: a booking moving in from
    // another master has no interval here to copy them from.
    this.intervals.bind(key, bookingId, { status: row.status, holdExpiresAt: row.holdExpiresAt });
    // The time it left (what the new interval still covers stays busy) goes to the first wish it fits.
    const granted = this.standing.grantFrom(old);
    if (row.status === "held") await this.scheduleAlarm();
    await this.settleHolds(staffId, granted);
    return { ok: true, booking: row };
  }

  /** Brings back a booking whose hold expired before its payment arrived, if its time is still free; the caller refunds the payment otherwise. */
  async reinstate(staffId: number, bookingId: number): Promise<MoveResult> {
    await this.ensureLoaded(staffId);
    const db = openDb(this.env);
    const row = await findBooking(db, bookingId);
    if (!row || row.staffId !== staffId) return { ok: false, reason: "stale" };
    if (isActive(row.status)) return { ok: true, booking: row };
    if (row.status !== "cancelled" || row.cancelReason !== "hold_expired") return { ok: false, reason: "stale" };
    const found = this.intervals.overlapping(row.startAt, row.endAt, { bookingId });
    if (found.length > 0 && !(await this.resolve(staffId, found))) return unavailable;
    const conflicts = spansOf(this.intervals.overlapping(row.startAt, row.endAt, { bookingId }));
    if (conflicts.length > 0) return { ok: false, reason: "overlap", conflicts };
    const key = this.intervals.claim({ start: row.startAt, end: row.endAt, status: "confirmed", holdExpiresAt: null });
    let back: BookingRow | null;
    try {
      back = await transitionBooking(db, bookingId, ["cancelled"], "confirmed", { cancelReason: null });
    } catch (error) {
      this.intervals.release(key);
      log("error", "ledger: reinstate failed", { error: String(error) });
      return unavailable;
    }
    if (!back) {
      this.intervals.release(key);
      return { ok: false, reason: "stale" };
    }
    this.intervals.bind(key, bookingId);
    return { ok: true, booking: back };
  }

  /** Brings an outside system's record into this ledger (worker/ledger/external-apply.ts); events of one record take turns. */
  async applyExternal(staffId: number, input: ExternalBooking): Promise<ExternalResult> {
    await this.ensureLoaded(staffId);
    const booking = v.parse(ExternalBooking, input);
    const previous = this.externalQueue.get(booking.recordId) ?? Promise.resolve();
    const turn = previous.catch(() => undefined).then(async () => {
      const granted: Grant[] = [];
      const deps = { intervals: this.intervals, db: openDb(this.env), verify: (c: Interval[]) => this.verify(staffId, c), freed: (s: Span) => granted.push(...this.standing.grantFrom(s)) };
      const result = await applyExternalRecord(deps, staffId, booking);
      await this.settleHolds(staffId, granted);
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
    await this.settleHolds(staffId, this.free(bookingId));
  }

  /** Registers (or replaces) a wish for time this ledger does not have free yet. */
  async wish(staffId: number, wish: Wish): Promise<void> {
    await this.ensureLoaded(staffId);
    if (!this.intervals.byKey(wish.key)) this.standing.put(wish);
  }

  /** Withdraws wishes (their owner no longer waits). */
  async withdraw(staffId: number, keys: string[]): Promise<void> {
    await this.ensureLoaded(staffId);
    for (const key of keys) this.standing.remove(key);
  }

  /** Brings the wishes in line with the full list the layer above read at `since` (ms). */
  async syncWishes(staffId: number, wishes: Wish[], since: number, generation: string | null = null): Promise<void> {
    await this.ensureLoaded(staffId, generation);
    this.standing.sync(wishes, since);
  }

  /** Lets a hold go (declined, left): its time passes to the next wish in the same step, or is simply free. */
  async releaseHold(staffId: number, key: string): Promise<void> {
    await this.ensureLoaded(staffId);
    if (this.intervals.byKey(key)?.status !== HOLD_STATUS) return;
    await this.settleHolds(staffId, this.release(key));
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
    // Always: a hold whose alarm was lost is picked up here (the cron is the backstop).
    await this.scheduleAlarm();
    return { staff_id: staffId, rebuilt, repairs };
  }

  /** What this ledger holds, for tests and diagnostics. */
  async snapshot(staffId: number): Promise<{ bookingId: number | null; start: string; end: string; status: string }[]> {
    await this.ensureLoaded(staffId);
    return this.intervals.all().map(({ bookingId, start, end, status }) => ({ bookingId, start, end, status }));
  }

  /** Settles claims left unresolved, releases unpaid holds and lapsed ones. Safe to run twice. */
  override async alarm(): Promise<void> {
    const staffId = this.intervals.staffId();
    if (staffId === null) return;
    await this.claims.settle(this.claims.uncertain(this.inFlight));
    const at = now();
    await expireHolds(this.intervals, staffId, openDb(this.env), at, (span) => this.standing.grantFrom(span));
    const lapsed = this.standing.lapsed(at).map(({ key, start, end }) => ({ key, start, end }));
    for (const hold of lapsed) this.release(hold.key);
    // Every hold not yet recorded: those just taken and any whose recording failed before.
    await this.settleHolds(staffId, this.standing.pending(), lapsed);
  }
}

const spansOf = (intervals: Interval[]): Conflicts => intervals.map(({ start, end }) => ({ start, end }));
