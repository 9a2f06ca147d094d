// The ledger's own storage: one row per interval a master is busy, in the
// Durable Object's SQLite. Every method is synchronous, which is what lets the
// ledger check and claim without anything interleaving.

export interface Interval {
  key: string;
  bookingId: number | null;
  start: string;
  end: string;
  status: string;
  holdExpiresAt: string | null;
}

interface Row extends Record<string, SqlStorageValue> {
  key: string;
  booking_id: number | null;
  start: string;
  end: string;
  status: string;
  hold_expires_at: string | null;
}

const toInterval = (r: Row): Interval => ({
  key: r.key,
  bookingId: r.booking_id,
  start: r.start,
  end: r.end,
  status: r.status,
  holdExpiresAt: r.hold_expires_at,
});

/** The key of an interval that belongs to a saved booking. */
export const bookingKey = (bookingId: number) => `b${bookingId}`;

/** The key of an interval that belongs to a time block (no booking id; status "block"). */
export const blockKey = (blockId: number) => `t${blockId}`;

export class IntervalStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`
      create table if not exists intervals (
        key text primary key,
        booking_id integer unique,
        start text not null,
        "end" text not null,
        status text not null,
        hold_expires_at text
      );
      create index if not exists intervals_start on intervals (start);
      create table if not exists meta (name text primary key, value text not null);
    `);
  }

  /** The master this ledger serves; null until it was first loaded. */
  staffId(): number | null {
    const value = this.sql.exec<{ value: string }>(`select value from meta where name = 'staff_id'`).toArray()[0]?.value;
    return value === undefined ? null : Number(value);
  }

  markLoaded(staffId: number): void {
    this.sql.exec(`insert or replace into meta (name, value) values ('staff_id', ?)`, String(staffId));
  }

  /**
   * How many intervals may overlap before a time is full: 1 for a master (any
   * overlap refuses), a session's seats for a class, whose seats all span the
   * session, so counting the overlapping intervals counts the seats taken.
   */
  capacity(): number {
    const value = this.sql.exec<{ value: string }>(`select value from meta where name = 'capacity'`).toArray()[0]?.value;
    return value === undefined ? 1 : Number(value);
  }

  /** The class session this ledger counts the seats of; null for a master's ledger. */
  classId(): number | null {
    const value = this.sql.exec<{ value: string }>(`select value from meta where name = 'class_id'`).toArray()[0]?.value;
    return value === undefined ? null : Number(value);
  }

  markClass(classId: number, capacity: number): void {
    this.sql.exec(`insert or replace into meta (name, value) values ('class_id', ?), ('capacity', ?)`, String(classId), String(capacity));
  }

  /** Whether these overlapping intervals leave no room for one more. */
  full(overlap: Interval[]): boolean {
    return overlap.length >= this.capacity();
  }

  /** The generation of the database this ledger was loaded from; null if not known. */
  generation(): string | null {
    return this.sql.exec<{ value: string }>(`select value from meta where name = 'generation'`).toArray()[0]?.value ?? null;
  }

  setGeneration(generation: string): void {
    this.sql.exec(`insert or replace into meta (name, value) values ('generation', ?)`, generation);
  }

  /** Forgets every interval of a saved booking; claims whose write is still in flight stay. */
  dropBound(): void {
    this.sql.exec(`delete from intervals where booking_id is not null`);
  }

  /** Intervals of saved bookings that end after `instant`. */
  boundEndingAfter(instant: string): Interval[] {
    return this.sql
      .exec<Row>(`select * from intervals where booking_id is not null and "end" > ? order by start`, instant)
      .toArray()
      .map(toInterval);
  }

  /** Sets a saved booking's interval to what the database says, replacing any it had. */
  putBooking(b: { bookingId: number; start: string; end: string; status: string; holdExpiresAt: string | null }): void {
    this.drop(b.bookingId);
    this.claim({ key: bookingKey(b.bookingId), ...b });
  }

  /**
   * Intervals overlapping [start, end) (half-open), other than those excepted.
   * A waitlist hold that ran out blocks nobody, even before the alarm removes it.
   */
  overlapping(start: string, end: string, except: { bookingId?: number | null; key?: string } = {}): Interval[] {
    return this.sql
      .exec<Row>(
        `select * from intervals where start < ? and "end" > ? and (booking_id is null or booking_id is not ?) and key is not ?
          and not (status = 'waitlist' and hold_expires_at <= ?)`,
        end, start, except.bookingId ?? null, except.key ?? null, new Date().toISOString(),
      )
      .toArray()
      .map(toInterval);
  }

  /** Claims [start, end); a claim under an existing key replaces it. */
  claim(i: Omit<Interval, "key" | "bookingId"> & { key?: string; bookingId?: number | null }): string {
    const key = i.key ?? crypto.randomUUID();
    this.sql.exec(
      `insert or replace into intervals (key, booking_id, start, "end", status, hold_expires_at) values (?, ?, ?, ?, ?, ?)`,
      key, i.bookingId ?? null, i.start, i.end, i.status, i.holdExpiresAt,
    );
    return key;
  }

  /** Ties a claim to the booking the database saved for it. */
  bind(key: string, bookingId: number, state?: { status: string; holdExpiresAt: string | null }): void {
    // The database just gave this id to the claim, so an older interval under
    // the same id is a leftover of a booking that is gone (a database reset or
    // restore reuses ids) and must not block the bind.
    this.sql.exec(`delete from intervals where (booking_id = ? or key = ?) and key <> ?`, bookingId, bookingKey(bookingId), key);
    if (state) {
      this.sql.exec(
        `update intervals set booking_id = ?, key = ?, status = ?, hold_expires_at = ? where key = ?`,
        bookingId, bookingKey(bookingId), state.status, state.holdExpiresAt, key,
      );
    } else {
      this.sql.exec(`update intervals set booking_id = ?, key = ? where key = ?`, bookingId, bookingKey(bookingId), key);
    }
  }

  /** Forgets every time block (they are reloaded from their rows). */
  dropBlocks(): void {
    this.sql.exec(`delete from intervals where status = 'block'`);
  }

  /** Gives a claim its final key once the row it stands for is saved. */
  rekey(key: string, next: string): void {
    this.sql.exec(`update intervals set key = ? where key = ?`, next, key);
  }

  release(key: string): void {
    this.sql.exec(`delete from intervals where key = ?`, key);
  }

  drop(bookingId: number): void {
    this.sql.exec(`delete from intervals where booking_id = ?`, bookingId);
  }

  setState(bookingId: number, status: string, holdExpiresAt: string | null): void {
    this.sql.exec(`update intervals set status = ?, hold_expires_at = ? where booking_id = ?`, status, holdExpiresAt, bookingId);
  }

  byKey(key: string): Interval | undefined {
    const row = this.sql.exec<Row>(`select * from intervals where key = ?`, key).toArray()[0];
    return row && toInterval(row);
  }

  ofBooking(bookingId: number): Interval | undefined {
    const row = this.sql.exec<Row>(`select * from intervals where booking_id = ?`, bookingId).toArray()[0];
    return row && toInterval(row);
  }

  /** Forgets intervals that ended before `instant`; they can never conflict again. */
  pruneEndedBefore(instant: string): void {
    this.sql.exec(`delete from intervals where "end" < ?`, instant);
  }

  earliestHoldExpiry(): string | null {
    return this.sql.exec<{ at: string | null }>(`select min(hold_expires_at) as at from intervals where status in ('held', 'waitlist')`).toArray()[0]?.at ?? null;
  }

  expiredHolds(now: string): Interval[] {
    return this.sql
      .exec<Row>(`select * from intervals where status = 'held' and hold_expires_at <= ? and booking_id is not null`, now)
      .toArray()
      .map(toInterval);
  }

  all(): Interval[] {
    return this.sql.exec<Row>(`select * from intervals order by start`).toArray().map(toInterval);
  }
}
