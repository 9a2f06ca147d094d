// Waitlist and Web Push requests and answers, shared by the worker and the PWA.
import * as v from "valibot";
import { BodyId, CalendarDate } from "./common.js";

const PositiveId = BodyId;
/** A wall time on the salon's grid of the day, 00:00–23:59. */
const Time = (what: string) => v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${what} looks like 09:30`));

export const JoinWaitlistBody = v.object({
  service_id: PositiveId,
  /** A salon date, today or later. */
  date: CalendarDate,
  staff_id: v.optional(PositiveId),
  /** Earliest start the customer accepts (salon wall time). */
  from_time: v.optional(Time("from_time")),
  /** Latest end of the visit the customer accepts (salon wall time). */
  to_time: v.optional(Time("to_time")),
});
export type JoinWaitlistBody = v.InferOutput<typeof JoinWaitlistBody>;

export const WaitlistState = v.picklist(["waiting", "offered", "booked", "declined", "lapsed", "cancelled"]);

export const WaitlistOffer = v.object({
  staff: v.object({ id: v.number(), name: v.string() }),
  start_at: v.string(),
  end_at: v.string(),
  local_date: v.string(),
  local_time: v.string(),
  /** The hold ends here; after it the time passes to the next customer. */
  expires_at: v.string(),
});

export const WaitlistEntry = v.object({
  id: v.number(),
  service: v.object({ id: v.number(), name: v.string() }),
  staff: v.nullable(v.object({ id: v.number(), name: v.string() })),
  date: v.string(),
  from_time: v.nullable(v.string()),
  to_time: v.nullable(v.string()),
  state: WaitlistState,
  /** The time held for this customer while `state` is `offered`. */
  offer: v.nullable(WaitlistOffer),
  booking_id: v.nullable(v.number()),
  /** classes: the session whose seat the entry waits for. */
  class_id: v.optional(v.nullable(v.number())),
  created_at: v.string(),
});
export type WaitlistEntry = v.InferOutput<typeof WaitlistEntry>;

export const WaitlistEntryEnvelope = v.object({ entry: WaitlistEntry });
export const WaitlistList = v.object({ entries: v.array(WaitlistEntry) });

/** PushSubscription.toJSON() of the browser. */
export const PushSubscriptionBody = v.object({
  endpoint: v.pipe(v.string(), v.url("endpoint must be a URL"), v.regex(/^https?:\/\//, "endpoint must be an http(s) URL"), v.maxLength(1000)),
  keys: v.object({
    p256dh: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/, "keys.p256dh is a base64url P-256 public key")),
    auth: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,32}={0,2}$/, "keys.auth is a base64url secret")),
  }),
});
export type PushSubscriptionBody = v.InferOutput<typeof PushSubscriptionBody>;
