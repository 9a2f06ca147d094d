// Waitlist holds inside a master's ledger. A time freed by any channel
// (cancel, move, an unpaid hold running out, YClients) is queued in the
// ledger's own storage and, from the alarm, held for the first waiting
// customer it fits: an interval "w<entry id>" with status "waitlist" and an
// expiry, which blocks everyone else exactly like a booking until it lapses.
// The check and the claim run with no await in between, as in reserve().
import { overlaps } from "../booking/slots.js";
import { addDays, instantToWall, minutesOf } from "../booking/zoned-time.js";
import type { Env } from "../env.js";
import { log } from "../lib/log.js";
import { type Db, openDb } from "../repo/db.js";
import { loadSettings, type SalonSettings } from "../repo/settings.js";
import { endEntry, lapsedOffersOf, liveOffersOf, markOffered, waitingFor, type WaitlistRow } from "../repo/waitlist.js";
import { plansFor, readSchedules, rulesOf, schedulesFor } from "../reservations/availability.js";
import { type BookingContext, loadBookingContext, planQueryOf, quoteFor } from "../reservations/context.js";
import { notifyOffer } from "../reservations/waitlist-notify.js";
import type { Interval, IntervalStore } from "./intervals.js";

const OFFER_DELAY_MS = 1000;
const RETRY_MS = 30_000;

export const holdKey = (entryId: number) => `w${entryId}`;
export const HOLD_STATUS = "waitlist";

type Span = { start: string; end: string };

export class WaitlistHolds {
  private retryAt = 0;
  constructor(
    private readonly sql: SqlStorage,
    private readonly intervals: IntervalStore,
    private readonly env: Env,
  ) {
    sql.exec(`create table if not exists freed (id integer primary key autoincrement, start text not null, "end" text not null)`);
  }

  /** Queues a freed time for the waitlist; the caller schedules the alarm (hasWork). */
  freed(span: Span | undefined): void {
    if (span) this.sql.exec(`insert into freed (start, "end") values (?, ?)`, span.start, span.end);
  }

  hasWork(): boolean {
    return this.sql.exec(`select 1 from freed limit 1`).toArray().length > 0;
  }

  /** Whether the hold of this entry is in the ledger and has not run out. */
  isLive(entryId: number, now: string): boolean {
    const hold = this.intervals.byKey(holdKey(entryId));
    return !!hold && hold.holdExpiresAt !== null && hold.holdExpiresAt > now;
  }

  /** Puts the live offers of the database back after the ledger (re)loaded. */
  async reload(staffId: number, db: Db, now: string): Promise<void> {
    const [offers, lapsed] = await Promise.all([liveOffersOf(db, staffId, now), lapsedOffersOf(db, staffId, now)]);
    for (const i of this.intervals.all()) if (i.status === HOLD_STATUS) this.intervals.release(i.key);
    for (const o of offers) this.claim(o.id, o.offerStartAt!, o.offerEndAt!, o.offerExpiresAt!);
    // Offers that ran out while nobody watched: the alarm records them and passes their time on.
    for (const o of lapsed) this.freed({ start: o.offerStartAt!, end: o.offerEndAt! });
  }

  /** The customer said no (or left the waitlist): the time passes on. Null when the entry held nothing (any more). */
  async decline(entryId: number, to: "declined" | "cancelled"): Promise<WaitlistRow | null> {
    const row = await endEntry(openDb(this.env), entryId, ["offered"], to);
    this.passOn(entryId);
    return row;
  }

  /** The holder booked the time: the hold became their booking (reserve released it). */
  async booked(entryId: number, bookingId: number): Promise<void> {
    await endEntry(openDb(this.env), entryId, ["offered"], "booked", bookingId);
  }

  /**
   * From the alarm: offers that ran out lapse and their time passes on, then
   * every queued freed time is offered. One read batch when nobody waits; a
   * freed time stays queued when the database cannot be read, for the next
   * alarm (or the cron's audit, which re-arms it).
   */
  async run(staffId: number): Promise<void> {
    const hasHolds = this.intervals.all().some((i) => i.status === HOLD_STATUS);
    if (!this.hasWork() && !hasHolds) return;
    const db = openDb(this.env);
    const now = new Date().toISOString();
    const first = this.queued();
    const [settings, lapsed, waiting] = await Promise.all([
      loadSettings(db),
      lapsedOffersOf(db, staffId, now),
      first.length > 0 ? waitingFor(db, staffId, roughDates(first)) : Promise.resolve([]),
    ]);
    for (const entry of lapsed) {
      if (await endEntry(db, entry.id, ["offered"], "lapsed")) this.passOn(entry.id, { start: entry.offerStartAt!, end: entry.offerEndAt! });
    }
    for (const i of this.intervals.all()) {
      if (i.status === HOLD_STATUS && i.holdExpiresAt !== null && i.holdExpiresAt <= now) this.passOn(Number(i.key.slice(1)));
    }
    const queue = this.queued();
    if (queue.length === 0) return;
    const read = new Set(roughDates(first));
    const entries = roughDates(queue).every((d) => read.has(d)) ? waiting : await waitingFor(db, staffId, roughDates(queue));
    const offered = new Set<number>();
    for (const span of queue) {
      await this.offer(db, staffId, span, settings, entries.filter((e) => !offered.has(e.id)), offered);
      this.sql.exec(`delete from freed where id = ?`, span.id);
    }
  }

  private queued() {
    return this.sql.exec<{ id: number; start: string; end: string }>(`select id, start, "end" from freed order by id`).toArray();
  }

  /**
   * Earliest instant the alarm has work for: a queued freed time, a moment
   * after the request that freed it has answered and written its own messages.
   */
  nextWork(): number {
    return this.hasWork() ? Math.max(Date.now() + OFFER_DELAY_MS, this.retryAt) : Infinity;
  }

  /** After a run the database cut short: try again in a while, not every second. */
  failed(): void {
    this.retryAt = Date.now() + RETRY_MS;
  }

  private passOn(entryId: number, fallback?: Span): void {
    const hold = this.intervals.byKey(holdKey(entryId));
    if (hold) this.intervals.release(hold.key);
    this.freed(hold ?? fallback);
  }

  private claim(entryId: number, start: string, end: string, expiresAt: string): string {
    return this.intervals.claim({ key: holdKey(entryId), start, end, status: HOLD_STATUS, holdExpiresAt: expiresAt });
  }

  /** Holds the freed span (or part of it) for the first waiting entries it fits, each at most once. */
  private async offer(db: Db, staffId: number, freed: Span, settings: SalonSettings, waiting: WaitlistRow[], offered: Set<number>): Promise<void> {
    const zone = settings.timeZone;
    const dates = [...new Set([instantToWall(new Date(freed.start), zone).date, instantToWall(new Date(freed.end), zone).date])];
    const entries = waiting.filter((e) => dates.includes(e.date));
    if (entries.length === 0) return;
    const contexts = new Map<number, BookingContext | null>();
    const [data] = await Promise.all([
      readSchedules(db, [staffId], dates[0]!, dates.at(-1)!),
      ...[...new Set(entries.map((e) => e.serviceId))].map(async (id) => {
        contexts.set(id, await loadBookingContext(db, id, []).catch(() => null));
      }),
    ]);
    const rules = rulesOf(settings);
    for (const entry of entries) {
      const ctx = contexts.get(entry.serviceId);
      if (!ctx || !ctx.staff.some((m) => m.id === staffId)) continue;
      const { occupiedMin, durationMin } = quoteFor(ctx, staffId);
      const plan = plansFor(rules, schedulesFor(data, [staffId]), planQueryOf(ctx, entry.date, new Date()))[0]!.plan;
      // Times inside the freed span first: a time only touching it would take free time nobody waited for.
      const inside = (start: string) => start >= freed.start && Date.parse(start) + occupiedMin * 60_000 <= Date.parse(freed.end);
      const slots = [...plan.slots].sort((a, b) => Number(!inside(a.start)) - Number(!inside(b.start)));
      for (const slot of slots) {
        if (!slot.available || !withinWish(entry, slot.time, durationMin)) continue;
        const span = { start: slot.start, end: new Date(Date.parse(slot.start) + occupiedMin * 60_000).toISOString() };
        if (!overlaps(span, freed)) continue;
        const expiresAt = new Date(Date.now() + settings.waitlistHoldMin * 60_000).toISOString();
        // Check and claim with no await in between.
        if (this.intervals.overlapping(span.start, span.end).length > 0) continue;
        this.claim(entry.id, span.start, span.end, expiresAt);
        let marked: boolean;
        try {
          marked = await markOffered(db, entry.id, { staffId, startAt: span.start, endAt: span.end, expiresAt });
        } catch (error) {
          this.intervals.release(holdKey(entry.id));
          throw error;
        }
        if (!marked) {
          this.intervals.release(holdKey(entry.id));
          break;
        }
        data.holds.push({ entryId: entry.id, staffId, startAt: span.start, endAt: span.end });
        offered.add(entry.id);
        const member = ctx.staff.find((m) => m.id === staffId)!;
        await notifyOffer(db, this.env, { entry, service: ctx.service.name, staff: member.name, start: span.start, expiresAt, zone }).catch((error) =>
          log("error", "waitlist: offer notification failed", { entry_id: entry.id, error: String(error) }),
        );
        break;
      }
    }
  }
}

/** Salon dates a span can fall on in any zone: its UTC dates and a day either side. */
function roughDates(spans: Span[]): string[] {
  return [...new Set(spans.flatMap((s) => [addDays(s.start.slice(0, 10), -1), s.start.slice(0, 10), s.end.slice(0, 10), addDays(s.end.slice(0, 10), 1)]))];
}

/** Whether a start at `time` for `durationMin` keeps within the entry's from/to wish. */
function withinWish(entry: WaitlistRow, time: string, durationMin: number): boolean {
  if (entry.fromTime && minutesOf(time) < minutesOf(entry.fromTime)) return false;
  if (entry.toTime && minutesOf(time) + durationMin > minutesOf(entry.toTime)) return false;
  return true;
}

/** A hold that ran out blocks nobody, even before the alarm tidies it up. */
export const isLapsedHold = (i: Interval, now: string) => i.status === HOLD_STATUS && i.holdExpiresAt !== null && i.holdExpiresAt <= now;

