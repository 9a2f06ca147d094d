// A resource's ledger storage: which unit (room 1, room 2, the laser) each
// booking or claim holds, and when. Every method is synchronous, so a claim
// checks which units are free and takes the lowest one with nothing
// interleaving (rule 2 of worker/booking/README.md, per unit).

export interface UnitClaim {
  key: string;
  bookingId: number | null;
  unit: number;
  start: string;
  end: string;
  /** When the claim was taken (ms): a claim without a booking older than the settle delay may be a dead request's. */
  claimedAt: number;
}

interface Row extends Record<string, SqlStorageValue> {
  key: string;
  booking_id: number | null;
  unit: number;
  start: string;
  end: string;
  claimed_at: number;
}

const toClaim = (r: Row): UnitClaim => ({ key: r.key, bookingId: r.booking_id, unit: r.unit, start: r.start, end: r.end, claimedAt: r.claimed_at });

/** The key of a unit held by a saved booking. */
export const unitBookingKey = (bookingId: number) => `b${bookingId}`;

export class UnitStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`
      create table if not exists unit_claims (
        key text primary key,
        booking_id integer unique,
        unit integer not null,
        start text not null,
        "end" text not null,
        claimed_at integer not null
      );
      create index if not exists unit_claims_start on unit_claims (start);
      create table if not exists unit_meta (name text primary key, value text not null);
    `);
  }

  private meta(name: string): string | null {
    return this.sql.exec<{ value: string }>(`select value from unit_meta where name = ?`, name).toArray()[0]?.value ?? null;
  }

  private setMeta(name: string, value: string): void {
    this.sql.exec(`insert or replace into unit_meta (name, value) values (?, ?)`, name, value);
  }

  /** The resource this ledger serves; null until first loaded. */
  resourceId(): number | null {
    const value = this.meta("resource_id");
    return value === null ? null : Number(value);
  }

  markLoaded(resourceId: number, units: number): void {
    this.setMeta("resource_id", String(resourceId));
    this.setUnits(units);
  }

  units(): number {
    return Number(this.meta("units") ?? 1);
  }

  /** The count of units, as the caller read it (the admin may change it; units already held stay held). */
  setUnits(units: number): void {
    this.setMeta("units", String(units));
  }

  generation(): string | null {
    return this.meta("generation");
  }

  setGeneration(generation: string): void {
    this.setMeta("generation", generation);
  }

  /** Claims overlapping [start, end) (half-open), other than the one under `exceptKey` or of `exceptBooking`. */
  overlapping(start: string, end: string, except: { key?: string; bookingId?: number } = {}): UnitClaim[] {
    return this.sql
      .exec<Row>(
        `select * from unit_claims where start < ? and "end" > ? and key is not ? and (booking_id is null or booking_id is not ?)`,
        end, start, except.key ?? null, except.bookingId ?? null,
      )
      .toArray()
      .map(toClaim);
  }

  /** The lowest unit free for [start, end) (or `preferred` when it is free), or null when every unit is taken. */
  freeUnit(start: string, end: string, except: { key?: string; bookingId?: number }, preferred?: number): number | null {
    const taken = new Set(this.overlapping(start, end, except).map((c) => c.unit));
    const units = this.units();
    if (preferred !== undefined && preferred >= 1 && preferred <= units && !taken.has(preferred)) return preferred;
    for (let unit = 1; unit <= units; unit++) if (!taken.has(unit)) return unit;
    return null;
  }

  put(c: Omit<UnitClaim, "claimedAt"> & { claimedAt?: number }): void {
    if (c.bookingId !== null) this.sql.exec(`delete from unit_claims where booking_id = ? and key <> ?`, c.bookingId, c.key);
    this.sql.exec(
      `insert or replace into unit_claims (key, booking_id, unit, start, "end", claimed_at) values (?, ?, ?, ?, ?, ?)`,
      c.key, c.bookingId, c.unit, c.start, c.end, c.claimedAt ?? Date.now(),
    );
  }

  /** Ties a claim to the booking saved for it (an older claim under the same id is a leftover of a reset database). */
  bind(key: string, bookingId: number): void {
    const claim = this.byKey(key);
    if (!claim) return;
    this.put({ ...claim, key: unitBookingKey(bookingId), bookingId });
    if (key !== unitBookingKey(bookingId)) this.release(key);
  }

  byKey(key: string): UnitClaim | undefined {
    const row = this.sql.exec<Row>(`select * from unit_claims where key = ?`, key).toArray()[0];
    return row && toClaim(row);
  }

  ofBooking(bookingId: number): UnitClaim | undefined {
    const row = this.sql.exec<Row>(`select * from unit_claims where booking_id = ?`, bookingId).toArray()[0];
    return row && toClaim(row);
  }

  release(key: string): void {
    this.sql.exec(`delete from unit_claims where key = ?`, key);
  }

  drop(bookingId: number): void {
    this.sql.exec(`delete from unit_claims where booking_id = ?`, bookingId);
  }

  /** Forgets every unit of a saved booking; claims whose write is in flight stay. */
  dropBound(): void {
    this.sql.exec(`delete from unit_claims where booking_id is not null`);
  }

  pruneEndedBefore(instant: string): void {
    this.sql.exec(`delete from unit_claims where "end" < ?`, instant);
  }

  all(): UnitClaim[] {
    return this.sql.exec<Row>(`select * from unit_claims order by start, unit`).toArray().map(toClaim);
  }
}
