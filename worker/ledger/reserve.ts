// Reserving a booking in a ledger: check and claim without an await in
// between, then write the row (rules 2–4 in worker/booking/README.md).
import { log } from "../lib/log.js";
import { insertBooking, type NewBooking } from "../repo/bookings.js";
import { isCertificateRefusal } from "../repo/certificates.js";
import { isAbonementRefusal } from "../repo/abonements.js";
import { requestKey } from "./claims.js";
import type { LedgerCore } from "./core.js";
import type { Interval } from "./intervals.js";
import type { ReserveResult } from "./results.js";

const unavailable = { ok: false, reason: "unavailable" } as const;

export class ReserveDesk {
  /** Reservations whose database write is still in flight, by idempotency key. */
  private readonly inflight = new Map<string, Promise<ReserveResult>>();

  constructor(private readonly core: LedgerCore) {}

  inFlight(idemKey: string): boolean {
    return this.inflight.has(idemKey);
  }

  /** `holdKey`: the hold whose time this booking takes over (it is not in the way, and it goes in the same step). */
  async reserve(booking: NewBooking, holdKey: string | null): Promise<ReserveResult> {
    const first = this.tryReserve(booking, holdKey);
    if (!("overlap" in first)) return first.outcome;
    // Retried once, after resolving what the conflict is made of; the check
    // and the claim of the retry again run without an await between.
    if (!(await this.core.resolve(booking.staffId, first.overlap))) return unavailable;
    const second = this.tryReserve(booking, holdKey);
    if ("overlap" in second) return { ok: false, reason: "overlap", conflicts: second.overlap.map(({ start, end }) => ({ start, end })) };
    return second.outcome;
  }

  /** Check and claim with no await in between: this is what makes double booking impossible. */
  private tryReserve(booking: NewBooking, holdKey: string | null): { outcome: Promise<ReserveResult> } | { overlap: Interval[] } {
    const { intervals, standing } = this.core;
    const idemKey = `${booking.userId ?? "-"}:${booking.idempotencyKey}`;
    const pending = this.inflight.get(idemKey);
    // A retry while the first attempt is still being written shares its outcome, as a replay.
    if (pending) return { outcome: pending.then((r) => (r.ok ? { ...r, replayed: true } : r)) };
    // Intervals that ended a day ago can never conflict again.
    intervals.pruneEndedBefore(new Date(Date.now() - 86_400_000).toISOString());
    this.core.passOnLapsed();
    // The claim is named after the request, so a retry adopts a claim an
    // outage left unresolved instead of running into it.
    const claimKey = requestKey(idemKey);
    if (holdKey !== null && !standing.isLive(holdKey, new Date().toISOString())) return { outcome: Promise.resolve({ ok: false, reason: "hold_gone" }) };
    const overlap = intervals.overlapping(booking.startAt, booking.endAt, { key: claimKey }).filter((i) => i.key !== holdKey);
    // A master's time takes one claim; a class's session as many as it has seats.
    if (intervals.full(overlap)) return { overlap };
    // The held time becomes the holder's booking in the same synchronous step.
    if (holdKey) intervals.release(holdKey);
    const key = intervals.claim({ key: claimKey, start: booking.startAt, end: booking.endAt, status: booking.status, holdExpiresAt: booking.holdExpiresAt });
    const work = this.persist(key, booking);
    this.inflight.set(idemKey, work);
    return { outcome: work.finally(() => this.inflight.delete(idemKey)) };
  }

  private async persist(key: string, booking: NewBooking): Promise<ReserveResult> {
    const { intervals, claims } = this.core;
    let result: Awaited<ReturnType<typeof insertBooking>>;
    try {
      result = await insertBooking(this.core.db(), booking);
    } catch (error) {
      // certificates: a refused spend rolled the whole batch back, so the time is free again.
      if (isCertificateRefusal(error)) {
        intervals.release(key);
        return { ok: false, reason: "certificate_refused" };
      }
      // abonements: no visit was left to reserve (raced, frozen, ended): nothing was written.
      if (isAbonementRefusal(error)) {
        intervals.release(key);
        return { ok: false, reason: "abonement_refused" };
      }
      log("error", "ledger: booking write failed", { error: String(error) });
      // The write may have landed with only its answer lost: the database says which.
      if (!(await claims.settleRequest(key, booking.userId, booking.idempotencyKey))) await this.core.recheckLater();
      return unavailable;
    }
    if ("refused" in result) {
      // Nothing was written: the claim goes back at once.
      intervals.release(key);
      return { ok: false, reason: "promo_refused" };
    }
    const { row, replayed } = result;
    if (replayed) claims.adoptReplay(key, row);
    else {
      intervals.bind(key, row.id);
      if (row.status === "held") await this.core.scheduleAlarm();
    }
    return { ok: true, booking: row, replayed };
  }
}
