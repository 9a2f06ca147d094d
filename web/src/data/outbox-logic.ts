// The offline outbox as a pure state machine, so its rules are unit-tested
// under Node. Each entry is one request (a new booking or a change) with the
// Idempotency-Key it keeps for every retry: a replay that reached the server
// before the connection dropped returns the first result instead of booking twice.
//
//   queued ──claim──▶ sending ──ok──▶ sent (becomes a real booking)
//     ▲                  │ network / 5xx / 429: back to queued
//     └──────────────────┤ 409 slot_taken: conflict (alternatives kept;
//                        │   a new booking or a reschedule)
//                        └ other 4xx: failed (the code is shown)
import * as v from "valibot";
import { AlternativeSlot, CreateBookingBody, UpdateBookingBody } from "../../../worker/contracts/bookings";
import { BookSeatBody, ClassSession } from "../../../worker/contracts/classes";
import { offeredTimes } from "./alternatives";

export const OutboxState = v.picklist(["queued", "sending", "sent", "conflict", "failed"]);
export type OutboxState = v.InferOutput<typeof OutboxState>;

const Summary = v.object({
  serviceName: v.string(),
  staffName: v.nullable(v.string()),
  date: v.string(),
  time: v.string(),
});

const Common = {
  id: v.string(),
  userId: v.number(),
  state: OutboxState,
  createdAt: v.number(),
  attempts: v.number(),
  lastAttemptAt: v.nullable(v.number()),
  error: v.nullable(v.object({ code: v.string(), message: v.string() })),
  summary: Summary,
};

export const OutboxEntry = v.variant("kind", [
  v.object({
    ...Common,
    kind: v.literal("create"),
    body: CreateBookingBody,
    bookingId: v.nullable(v.number()),
    alternatives: v.nullable(v.array(AlternativeSlot)),
  }),
  v.object({ ...Common, kind: v.literal("update"), body: UpdateBookingBody, bookingId: v.number(), alternatives: v.nullable(v.array(AlternativeSlot)) }),
  // A seat in a class session; a full (or cancelled) session on replay keeps the later sessions with seats it offered.
  v.object({ ...Common, kind: v.literal("seat"), classId: v.number(), serviceId: v.number(), body: BookSeatBody, bookingId: v.nullable(v.number()), alternatives: v.null(), next: v.nullable(v.array(ClassSession)) }),
]);
export type OutboxEntry = v.InferOutput<typeof OutboxEntry>;
export type Summary = v.InferOutput<typeof Summary>;

/** A request still "sending" after this long was cut off (tab closed, worker killed). */
export const LEASE_MS = 30_000;

export type Outcome =
  | { ok: true; bookingId: number }
  | { ok: false; status: number; code: string; message: string; details?: unknown };

export function newCreateEntry(id: string, userId: number, body: CreateBookingBody, summary: Summary, now: number): OutboxEntry {
  return { id, kind: "create", userId, body, summary, state: "queued", createdAt: now, attempts: 0, lastAttemptAt: null, error: null, bookingId: null, alternatives: null };
}

export function newUpdateEntry(id: string, userId: number, bookingId: number, body: UpdateBookingBody, summary: Summary, now: number): OutboxEntry {
  return { id, kind: "update", userId, bookingId, body, summary, state: "queued", createdAt: now, attempts: 0, lastAttemptAt: null, error: null, alternatives: null };
}

export function newSeatEntry(id: string, userId: number, session: { classId: number; serviceId: number }, summary: Summary, now: number): OutboxEntry {
  return { id, kind: "seat", userId, classId: session.classId, serviceId: session.serviceId, body: {}, summary, state: "queued", createdAt: now, attempts: 0, lastAttemptAt: null, error: null, bookingId: null, alternatives: null, next: null };
}

/** The later sessions a full session's refusal offered (none when the answer had none). */
function nextSessions(details: unknown): ClassSession[] {
  const next = (details as { next?: unknown } | undefined)?.next;
  const parsed = v.safeParse(v.array(ClassSession), next);
  return parsed.success ? parsed.output : [];
}

/** Ready to send now: queued, or "sending" with an expired lease. */
export function isDue(entry: OutboxEntry, now: number): boolean {
  if (entry.state === "queued") return true;
  return entry.state === "sending" && (entry.lastAttemptAt ?? 0) + LEASE_MS <= now;
}

/** Still waiting to reach the server (what the UI calls "waiting to send"). */
export const isPending = (entry: OutboxEntry) => entry.state === "queued" || entry.state === "sending";

export function claim(entry: OutboxEntry, now: number): OutboxEntry {
  return { ...entry, state: "sending", attempts: entry.attempts + 1, lastAttemptAt: now };
}

/** Errors worth retrying later without asking the user. */
export function isRetryable(status: number, code: string): boolean {
  return code === "network" || status === 0 || status >= 500 || status === 429 || status === 401;
}

export function settle(entry: OutboxEntry, outcome: Outcome): OutboxEntry {
  if (outcome.ok) return { ...entry, state: "sent", bookingId: outcome.bookingId, error: null } as OutboxEntry;
  const error = { code: outcome.code, message: outcome.message };
  if (isRetryable(outcome.status, outcome.code)) return { ...entry, state: "queued", error };
  if (entry.kind === "seat") {
    if (outcome.code === "class_full" || outcome.code === "class_cancelled") return { ...entry, state: "conflict", error, next: nextSessions(outcome.details) };
    return { ...entry, state: "failed", error };
  }
  if (outcome.code === "slot_taken" && (entry.kind === "create" || entry.body.action === "reschedule")) {
    return { ...entry, state: "conflict", error, alternatives: offeredTimes(outcome.details) } as OutboxEntry;
  }
  return { ...entry, state: "failed", error } as OutboxEntry;
}

/**
 * The user picked an alternative for a conflicted booking or reschedule: a
 * new request (new key, since the body changed) replaces the old entry.
 */
export function retarget(entry: Exclude<OutboxEntry, { kind: "seat" }>, alt: AlternativeSlot, newId: string, now: number): OutboxEntry {
  const summary = { ...entry.summary, staffName: alt.staff_name, date: alt.date, time: alt.time };
  // The instant, not the wall time: where the clocks go back, the second 02:30 is only its instant.
  const appointment_datetime = alt.start_at;
  if (entry.kind === "create") {
    return newCreateEntry(newId, entry.userId, { ...entry.body, staff_id: alt.staff_id, appointment_datetime }, summary, now);
  }
  return newUpdateEntry(newId, entry.userId, entry.bookingId, { action: "reschedule", appointment_datetime, staff_id: alt.staff_id }, summary, now);
}

/** Alternatives for moving a booking, without the time it already has (the server offers it: it is free for that booking). */
export function otherTimes(alternatives: AlternativeSlot[], current: { staffId: number | null; startAt: string }): AlternativeSlot[] {
  const at = Date.parse(current.startAt);
  return alternatives.filter((a) => !(a.staff_id === current.staffId && Date.parse(a.start_at) === at));
}

/** The change still on its way for a booking (a cancel or a reschedule), if any. */
export function pendingChange(entries: OutboxEntry[], bookingId: number): Extract<OutboxEntry, { kind: "update" }> | undefined {
  return entries.find((e): e is Extract<OutboxEntry, { kind: "update" }> => e.kind === "update" && e.bookingId === bookingId && e.state !== "sent");
}

/** Parses rows read from IndexedDB; rows of an older shape are dropped. */
export function parseEntries(rows: unknown[]): OutboxEntry[] {
  const out: OutboxEntry[] = [];
  for (const row of rows) {
    const parsed = v.safeParse(OutboxEntry, row);
    if (parsed.success) out.push(parsed.output);
  }
  return out.sort((a, b) => a.createdAt - b.createdAt);
}
