// A resource's ledger (owner `resource:<id>`): hands out units of a room or a
// machine. A booking that needs the resource claims a unit here before its
// master's ledger writes the row (owners in the fixed order: resources, then
// masters; see "All or nothing across objects" in worker/booking/README.md);
// the row's `booking_resources` entries are written in the same batch as the
// booking, so the claim is then bound to it. Nothing here writes a booking.
import { log } from "../lib/log.js";
import { findBooking, findByIdempotencyKey, isActive } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { activeUnitsOf, findResource, setBookingUnit, unitStates } from "../repo/resources.js";
import { moveKey, parseRequestKey } from "./claims.js";
import { auditUnits } from "./unit-audit.js";
import { type UnitClaim, UnitStore, unitBookingKey } from "./units.js";
import type { Repair } from "./verify.js";

/**
 * A claim without a booking younger than this belongs to a request that may
 * still be writing its booking (a database write times out after 10 s): it is
 * trusted. An older one is settled by asking the database, as is a visit.
 */
export const UNIT_SETTLE_MS = 30_000;

export type UnitResult =
  | { ok: true; unit: number }
  | { ok: false; reason: "taken"; conflicts: { start: string; end: string; unit: number }[] }
  | { ok: false; reason: "unavailable" };

export interface UnitAsk {
  /** The request's claim key (`r:<user>:<Idempotency-Key>`, or `m:<booking id>` for a move). */
  key: string;
  start: string;
  end: string;
  /** The resource's unit count as the caller read it. */
  units: number;
  /** A unit to take if it is free (a move keeps its room where it can; the admin picks one). */
  preferred?: number;
}

const moveBookingId = (key: string) => (/^m:(\d+)$/.exec(key) ? Number(key.slice(2)) : null);

export class UnitDesk {
  readonly store: UnitStore;

  constructor(
    sql: SqlStorage,
    private readonly db: () => Db,
    private readonly exclusive: (fn: () => Promise<void>) => Promise<void>,
  ) {
    this.store = new UnitStore(sql);
  }

  private needsLoad(resourceId: number, generation: string | null): boolean {
    if (this.store.resourceId() !== resourceId) return true;
    return generation !== null && this.store.generation() !== generation;
  }

  /** Rule 7: an empty ledger, or one filled from another database, loads the resource's held units first. */
  async ensureLoaded(resourceId: number, generation: string | null, units?: number): Promise<void> {
    if (!this.needsLoad(resourceId, generation)) return;
    await this.exclusive(async () => {
      if (!this.needsLoad(resourceId, generation)) return;
      const db = this.db();
      const [rows, resource] = await Promise.all([activeUnitsOf(db, resourceId, new Date().toISOString()), units === undefined ? findResource(db, resourceId) : null]);
      this.store.dropBound();
      for (const r of rows) this.store.put({ key: unitBookingKey(r.bookingId), bookingId: r.bookingId, unit: r.unit, start: r.start, end: r.end, claimedAt: 0 });
      this.store.markLoaded(resourceId, units ?? resource?.units ?? 1);
      if (generation !== null) this.store.setGeneration(generation);
    });
  }

  /**
   * Takes the lowest free unit for [start, end) under the request's key (a
   * retry gets the unit its first attempt took). Check and claim run with no
   * await in between; a conflict is first checked against the database once.
   */
  async claim(resourceId: number, ask: UnitAsk, generation: string | null): Promise<UnitResult> {
    await this.ensureLoaded(resourceId, generation, ask.units);
    this.store.setUnits(ask.units);
    this.store.pruneEndedBefore(new Date(Date.now() - 86_400_000).toISOString());
    const first = this.tryClaim(ask);
    if (first.ok) return first;
    if (!(await this.resolve(resourceId, this.store.overlapping(ask.start, ask.end, this.except(ask.key))))) return { ok: false, reason: "unavailable" };
    return this.tryClaim(ask);
  }

  private except(key: string) {
    const moving = moveBookingId(key);
    return moving === null ? { key } : { key, bookingId: moving };
  }

  private tryClaim(ask: UnitAsk): { ok: true; unit: number } | { ok: false; reason: "taken"; conflicts: { start: string; end: string; unit: number }[] } {
    const mine = this.store.byKey(ask.key);
    if (mine && mine.start === ask.start && mine.end === ask.end) return { ok: true, unit: mine.unit };
    const unit = this.store.freeUnit(ask.start, ask.end, this.except(ask.key), ask.preferred);
    if (unit === null) {
      const conflicts = this.store.overlapping(ask.start, ask.end, this.except(ask.key)).map(({ start, end, unit }) => ({ start, end, unit }));
      return { ok: false, reason: "taken", conflicts };
    }
    this.store.put({ key: ask.key, bookingId: null, unit, start: ask.start, end: ask.end });
    return { ok: true, unit };
  }

  /**
   * The contended path (rule 8): units of saved bookings are checked against
   * the database, and claims of requests that are surely gone are settled by
   * asking it what became of them. False when the database cannot answer.
   */
  private async resolve(resourceId: number, conflicts: UnitClaim[]): Promise<boolean> {
    const now = Date.now();
    const bound = conflicts.filter((c) => c.bookingId !== null);
    const stale = conflicts.filter((c) => c.bookingId === null && now - c.claimedAt > UNIT_SETTLE_MS);
    try {
      await Promise.all([this.verify(resourceId, bound), ...stale.map((c) => this.settle(resourceId, c))]);
      return true;
    } catch (error) {
      log("error", "resource ledger: conflict check failed", { resource_id: resourceId, error: String(error) });
      return false;
    }
  }

  private async verify(resourceId: number, bound: UnitClaim[]): Promise<void> {
    if (bound.length === 0) return;
    const rows = await unitStates(this.db(), resourceId, bound.map((c) => c.bookingId!));
    const byId = new Map(rows.map((r) => [r.bookingId, r]));
    for (const claim of bound) {
      const row = byId.get(claim.bookingId!);
      const now = this.store.ofBooking(claim.bookingId!);
      if (!now || now.key !== claim.key) continue;
      if (!row || !isActive(row.status) || row.unit === null) {
        log("warn", "resource ledger: dropped a unit the database does not back", { resource_id: resourceId, booking_id: claim.bookingId });
        this.store.drop(claim.bookingId!);
      } else if (row.start !== claim.start || row.end !== claim.end || row.unit !== claim.unit) {
        this.store.put({ ...claim, unit: row.unit, start: row.start, end: row.end });
      }
    }
  }

  /** A claim of a request that is gone: bound to its booking if the booking landed with this unit, given back if not. */
  private async settle(resourceId: number, claim: UnitClaim): Promise<void> {
    const request = parseRequestKey(claim.key);
    const moving = moveBookingId(claim.key);
    const db = this.db();
    const row = request ? await findByIdempotencyKey(db, request.userId, request.idempotencyKey) : moving !== null ? await findBooking(db, moving) : null;
    if (this.store.byKey(claim.key)?.claimedAt !== claim.claimedAt) return;
    if (!row || !isActive(row.status) || row.startAt !== claim.start || row.endAt !== claim.end) {
      this.store.release(claim.key);
      return;
    }
    const [state] = await unitStates(db, resourceId, [row.id]);
    if (state?.unit === null || state?.unit === undefined) {
      this.store.release(claim.key);
      return;
    }
    // A move whose booking landed at the new time keeps the unit it claimed there.
    if (moving !== null && state.unit !== claim.unit) await setBookingUnit(db, row.id, resourceId, claim.unit);
    this.store.bind(claim.key, row.id);
  }

  /** The booking was saved with this claim's unit: the claim becomes the booking's. */
  async bind(resourceId: number, key: string, bookingId: number): Promise<void> {
    await this.ensureLoaded(resourceId, null);
    this.store.bind(key, bookingId);
  }

  /** The claim is not needed (another owner refused the request): the unit is free again. */
  async release(resourceId: number, key: string): Promise<void> {
    await this.ensureLoaded(resourceId, null);
    this.store.release(key);
  }

  /** The booking left the active states (cancel, no-show, hold expiry): its unit is free. */
  async free(resourceId: number, bookingId: number): Promise<void> {
    await this.ensureLoaded(resourceId, null);
    this.store.drop(bookingId);
  }

  /**
   * A move of the booking landed (its master's ledger rewrote the row): the
   * unit claimed at the new time under `m:<id>` becomes the booking's, and the
   * row learns the unit when it differs.
   */
  async commitMove(resourceId: number, bookingId: number, previousUnit: number | null): Promise<UnitResult> {
    await this.ensureLoaded(resourceId, null);
    const claim = this.store.byKey(moveKey(bookingId));
    if (!claim) return { ok: false, reason: "unavailable" };
    try {
      if (claim.unit !== previousUnit) await setBookingUnit(this.db(), bookingId, resourceId, claim.unit);
    } catch (error) {
      log("error", "resource ledger: unit write failed", { resource_id: resourceId, booking_id: bookingId, error: String(error) });
      return { ok: false, reason: "unavailable" };
    }
    this.store.bind(moveKey(bookingId), bookingId);
    return { ok: true, unit: claim.unit };
  }

  /** The admin moves a booking to another unit: checked and claimed at once, then written. */
  async reassign(resourceId: number, bookingId: number, unit: number, units: number, generation: string | null): Promise<UnitResult> {
    await this.ensureLoaded(resourceId, generation, units);
    this.store.setUnits(units);
    const held = this.store.ofBooking(bookingId);
    if (!held) return { ok: false, reason: "unavailable" };
    if (held.unit === unit) return { ok: true, unit };
    const ask = { key: moveKey(bookingId), start: held.start, end: held.end, units, preferred: unit };
    let claimed = this.tryClaim(ask);
    if (!claimed.ok || claimed.unit !== unit) {
      if (claimed.ok) this.store.release(ask.key);
      if (!(await this.resolve(resourceId, this.store.overlapping(held.start, held.end, this.except(ask.key))))) return { ok: false, reason: "unavailable" };
      claimed = this.tryClaim(ask);
      if (claimed.ok && claimed.unit !== unit) {
        this.store.release(ask.key);
        return { ok: false, reason: "taken", conflicts: this.store.overlapping(held.start, held.end, this.except(ask.key)).filter((c) => c.unit === unit).map(({ start, end, unit }) => ({ start, end, unit })) };
      }
      if (!claimed.ok) return claimed;
    }
    return this.commitMove(resourceId, bookingId, held.unit);
  }

  /** Rule 9 for a resource: its bound units against the database (unit-audit.ts), each repair logged. */
  async audit(resourceId: number, generation: string | null): Promise<{ rebuilt: boolean; repairs: Repair[] }> {
    const rebuilt = this.needsLoad(resourceId, generation);
    await this.ensureLoaded(resourceId, generation);
    const cutoff = new Date().toISOString();
    const repairs = await auditUnits(this.store, cutoff, () => activeUnitsOf(this.db(), resourceId, cutoff));
    for (const repair of repairs) log("warn", "resource ledger: audit repaired a unit", { resource_id: resourceId, ...repair });
    return { rebuilt, repairs };
  }

  async snapshot(resourceId: number): Promise<{ key: string; bookingId: number | null; unit: number; start: string; end: string }[]> {
    await this.ensureLoaded(resourceId, null);
    return this.store.all().map(({ key, bookingId, unit, start, end }) => ({ key, bookingId, unit, start, end }));
  }
}
