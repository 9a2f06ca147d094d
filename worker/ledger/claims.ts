// Claims whose database write may or may not have landed: a reservation
// (`r:<user>:<Idempotency-Key>`) or a move (`m:<booking id>`) whose request
// failed or died after the claim. The database says what became of each;
// until it can, the claim stays (giving it back could double-book a time a
// landed write holds).
import { type BookingRow, findBooking, findByIdempotencyKey, isActive } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { bookingKey, type Interval, type IntervalStore } from "./intervals.js";

/** The claim key of a reservation request: "r:" + user id ("-" for none) + ":" + its Idempotency-Key. */
export const requestKey = (idemKey: string) => `r:${idemKey}`;

/** The claim key of a move of a booking. */
export const moveKey = (bookingId: number) => `m:${bookingId}`;

export function parseRequestKey(key: string): { idemKey: string; userId: number | null; idempotencyKey: string } | null {
  const match = /^r:(-|\d+):(.+)$/s.exec(key);
  if (!match) return null;
  return { idemKey: `${match[1]}:${match[2]}`, userId: match[1] === "-" ? null : Number(match[1]), idempotencyKey: match[2]! };
}

const parseMoveKey = (key: string): number | null => {
  const match = /^m:(\d+)$/.exec(key);
  return match ? Number(match[1]) : null;
};

/** Which claims belong to a request still running in this object (and so are trusted as they are). */
export interface InFlight {
  request(idemKey: string): boolean;
  move(bookingId: number): boolean;
}

export type Uncertain = { key: string; kind: "request"; userId: number | null; idempotencyKey: string } | { key: string; kind: "move"; bookingId: number };

export class Claims {
  constructor(
    private readonly intervals: IntervalStore,
    private readonly db: () => Db,
  ) {}

  /** Of `among` (all claims when omitted), those of requests that are gone without an answer. */
  uncertain(inFlight: InFlight, among: Interval[] = this.intervals.all()): Uncertain[] {
    return among.flatMap((i): Uncertain[] => {
      if (i.bookingId !== null) return [];
      const request = parseRequestKey(i.key);
      if (request) return inFlight.request(request.idemKey) ? [] : [{ key: i.key, kind: "request", userId: request.userId, idempotencyKey: request.idempotencyKey }];
      const bookingId = parseMoveKey(i.key);
      return bookingId !== null && !inFlight.move(bookingId) ? [{ key: i.key, kind: "move", bookingId }] : [];
    });
  }

  /** Asks the database about each claim and follows its answer; false when it could not answer for some. */
  async settle(claims: Uncertain[]): Promise<boolean> {
    const answers = await Promise.all(
      claims.map((c) => (c.kind === "request" ? this.settleRequest(c.key, c.userId, c.idempotencyKey) : this.settleMove(c.key, c.bookingId).then((r) => r !== "unknown"))),
    );
    return answers.every(Boolean);
  }

  /**
   * A booking write failed, but its answer may be what was lost: the claim
   * becomes the saved booking's interval, or is given back when nothing was
   * saved. False when the database cannot say (the claim stays).
   */
  async settleRequest(key: string, userId: number | null, idempotencyKey: string): Promise<boolean> {
    let saved: BookingRow | null;
    try {
      saved = await findByIdempotencyKey(this.db(), userId, idempotencyKey);
    } catch {
      return false;
    }
    if (!this.intervals.byKey(key)) return true;
    if (saved) this.adoptReplay(key, saved);
    else this.intervals.release(key);
    return true;
  }

  /**
   * A move's write failed, but maybe only its answer was lost: the claim
   * becomes the booking's interval if the row is now where the claim is, and
   * is given back if it is not. Returns the moved row when the move did land.
   */
  async settleMove(key: string, bookingId: number): Promise<BookingRow | null | "unknown"> {
    if (!this.intervals.byKey(key)) return null;
    let row: BookingRow | null;
    try {
      row = await findBooking(this.db(), bookingId);
    } catch {
      return "unknown";
    }
    const claim = this.intervals.byKey(key);
    if (!claim) return null;
    if (row && row.staffId === this.intervals.staffId() && row.startAt === claim.start && isActive(row.status)) {
      this.intervals.drop(bookingId);
      this.intervals.bind(key, bookingId, { status: row.status, holdExpiresAt: row.holdExpiresAt });
      return row;
    }
    this.intervals.release(key);
    return null;
  }

  /**
   * A replay's booking was saved by an earlier attempt. Our claim gives way to
   * that booking's own interval, which we put back from the row if an outage
   * kept the earlier attempt from binding it.
   */
  adoptReplay(key: string, row: BookingRow): void {
    this.intervals.release(key);
    if (row.staffId === this.intervals.staffId() && isActive(row.status) && !this.intervals.ofBooking(row.id)) {
      this.intervals.claim({ key: bookingKey(row.id), bookingId: row.id, start: row.startAt, end: row.endAt, status: row.status, holdExpiresAt: row.holdExpiresAt });
    }
  }
}
