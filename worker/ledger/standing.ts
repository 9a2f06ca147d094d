// Standing claims: wishes for time the owner's calendar does not have free
// yet, registered by the layer above (today: the waitlist). The ledger knows
// nothing of who wishes or why; it keeps each wish's candidate spans and its
// priority, and when an interval is freed it turns the first wish a freed
// span fits into a held interval in the same synchronous step that freed it.
// So no instant exists in which anyone else can take a time somebody waits
// for, and a time freed while nobody wishes for it is simply free.
import type { IntervalStore } from "./intervals.js";

/** The status of an interval held for a wish; it blocks everyone else until it expires. */
export const HOLD_STATUS = "waitlist";

export type Span = { start: string; end: string };

export interface Wish {
  /** The key the hold will carry (the layer above names its owner in it, e.g. "w<entry id>"). */
  key: string;
  /** Lower sorts first: the first wish a freed span fits gets it. */
  priority: string;
  /** How long a hold lasts once taken. */
  holdMs: number;
  /** A span is not held when it starts sooner than this from now. */
  noticeMs: number;
  /** Where the wish could be met, each span a whole interval to claim. */
  spans: Span[];
}

/** A hold the ledger took for a wish, until the layer above has recorded it. */
export interface Grant extends Span {
  key: string;
  expiresAt: string;
}

export class StandingClaims {
  constructor(
    private readonly sql: SqlStorage,
    private readonly intervals: IntervalStore,
  ) {
    sql.exec(`
      drop table if exists freed;
      create table if not exists wishes (key text primary key, priority text not null, hold_ms integer not null, notice_ms integer not null, registered_at integer not null);
      create table if not exists wish_spans (key text not null, start text not null, "end" text not null);
      create index if not exists wish_spans_start on wish_spans (start);
      create table if not exists grants (key text primary key, start text not null, "end" text not null, expires_at text not null);
    `);
  }

  /** Registers (or replaces) a wish. A time already free is not held for it: only a later freeing is. */
  put(wish: Wish, now = Date.now()): void {
    this.remove(wish.key);
    this.sql.exec(`insert into wishes (key, priority, hold_ms, notice_ms, registered_at) values (?, ?, ?, ?, ?)`, wish.key, wish.priority, wish.holdMs, wish.noticeMs, now);
    for (const s of wish.spans) this.sql.exec(`insert into wish_spans (key, start, "end") values (?, ?, ?)`, wish.key, s.start, s.end);
  }

  remove(key: string): void {
    this.sql.exec(`delete from wishes where key = ?`, key);
    this.sql.exec(`delete from wish_spans where key = ?`, key);
  }

  /**
   * Brings the wishes in line with a full list read at `since`: listed ones
   * are put (unless already held), unlisted ones registered before the read
   * began are removed. Ones registered after it are newer than the list and stay.
   */
  sync(wishes: Wish[], since: number): void {
    const listed = new Set(wishes.map((w) => w.key));
    const old = this.sql.exec<{ key: string }>(`select key from wishes where registered_at < ?`, since).toArray();
    for (const { key } of old) if (!listed.has(key)) this.remove(key);
    for (const wish of wishes) if (!this.intervals.byKey(wish.key)) this.put(wish);
  }

  dropAll(): void {
    this.sql.exec(`delete from wishes; delete from wish_spans; delete from grants;`);
  }

  /**
   * Call in the same synchronous stretch that freed `freed`: holds it (or the
   * part a wish needs) for the first wishes it fits, each at most once, and
   * returns the holds taken. Spans inside the freed time come first: one only
   * touching it would take free time nobody was waiting for.
   */
  grantFrom(freed: Span | undefined, now = Date.now()): Grant[] {
    if (!freed) return [];
    const rows = this.sql
      .exec<{ key: string; hold_ms: number; notice_ms: number; start: string; end: string }>(
        `select w.key, w.hold_ms, w.notice_ms, s.start, s."end" from wish_spans s join wishes w on w.key = s.key
          where s.start < ? and s."end" > ? order by w.priority, w.key, s.start`,
        freed.end, freed.start,
      )
      .toArray();
    const grants: Grant[] = [];
    const byWish = new Map<string, typeof rows>();
    for (const r of rows) byWish.set(r.key, [...(byWish.get(r.key) ?? []), r]);
    for (const [key, spans] of byWish) {
      const inside = (s: Span) => s.start >= freed.start && s.end <= freed.end;
      const ordered = [...spans].sort((a, b) => Number(!inside(a)) - Number(!inside(b)));
      const fit = ordered.find((s) => Date.parse(s.start) - s.notice_ms > now && !this.intervals.full(this.intervals.overlapping(s.start, s.end)));
      if (!fit) continue;
      const grant = { key, start: fit.start, end: fit.end, expiresAt: new Date(now + fit.hold_ms).toISOString() };
      this.intervals.claim({ key, start: grant.start, end: grant.end, status: HOLD_STATUS, holdExpiresAt: grant.expiresAt });
      this.sql.exec(`insert or replace into grants (key, start, "end", expires_at) values (?, ?, ?, ?)`, key, grant.start, grant.end, grant.expiresAt);
      this.remove(key);
      grants.push(grant);
    }
    return grants;
  }

  /** Holds taken but not yet recorded by the layer above (its answer was lost, or it has not run yet). */
  pending(): Grant[] {
    return this.sql
      .exec<{ key: string; start: string; end: string; expires_at: string }>(`select key, start, "end", expires_at from grants order by key`)
      .toArray()
      .map((r) => ({ key: r.key, start: r.start, end: r.end, expiresAt: r.expires_at }));
  }

  /** The layer above recorded this hold (or refused it). */
  settled(key: string): void {
    this.sql.exec(`delete from grants where key = ?`, key);
  }

  /** Whether the hold under `key` is in the ledger and has not run out. */
  isLive(key: string, now: string): boolean {
    const hold = this.intervals.byKey(key);
    return !!hold && hold.status === HOLD_STATUS && hold.holdExpiresAt !== null && hold.holdExpiresAt > now;
  }

  /** Holds whose time ran out (they already block nobody; they are passed on by the next claim or the alarm). */
  lapsed(now: string): (Span & { key: string })[] {
    return this.sql
      .exec<{ key: string; start: string; end: string }>(`select key, start, "end" from intervals where status = ? and hold_expires_at <= ?`, HOLD_STATUS, now)
      .toArray()
      .map((r) => ({ key: r.key, start: r.start, end: r.end }));
  }

  /** Forgets every hold (a reload puts the recorded ones back). */
  dropHolds(): void {
    for (const i of this.intervals.all()) if (i.status === HOLD_STATUS) this.intervals.release(i.key);
    this.sql.exec(`delete from grants`);
  }
}
