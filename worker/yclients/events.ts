// Raw YClients webhook events: stored first (deduplicated by source and
// external id), processed after the answer, retried by the cron on failure.
import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import { sha256Hex } from "../lib/digest.js";
import { type Db, schema as s } from "../repo/db.js";

export const SOURCE = "yclients";
/** A failing event is retried by the cron this many times in all. */
export const MAX_ATTEMPTS = 6;

export type EventRow = typeof s.webhookEvents.$inferSelect;

/**
 * resource:id:status:last_change_date:content-hash when the event carries
 * them, else a hash of the body. The change date reads well in logs but has
 * one-second resolution: the hash of `data` keeps two different changes in
 * the same second apart, while a repeated delivery still maps to one key.
 */
export async function externalIdOf(raw: string, event: { resource?: unknown; resource_id?: unknown; status?: unknown; data?: unknown } | null): Promise<string> {
  const change = (event?.data as { last_change_date?: unknown } | undefined)?.last_change_date;
  if (event && typeof event.resource === "string" && event.resource_id != null && typeof event.status === "string") {
    const content = (await sha256Hex(JSON.stringify(event.data ?? null))).slice(0, 16);
    return `${event.resource}:${String(event.resource_id)}:${event.status}:${change == null ? "-" : String(change)}:${content}`;
  }
  return `sha256:${await sha256Hex(raw)}`;
}

/** Stores an event once; null when it was already there. */
export async function storeEvent(db: Db, externalId: string, payload: string): Promise<EventRow | null> {
  const [row] = await db.insert(s.webhookEvents).values({ source: SOURCE, externalId, payload }).onConflictDoNothing().returning();
  return row ?? null;
}

export async function findEvent(db: Db, externalId: string): Promise<EventRow | null> {
  const [row] = await db
    .select()
    .from(s.webhookEvents)
    .where(and(eq(s.webhookEvents.source, SOURCE), eq(s.webhookEvents.externalId, externalId)))
    .limit(1);
  return row ?? null;
}

export async function finishEvent(db: Db, id: number, status: "processed" | "ignored" | "failed", error: string | null = null): Promise<void> {
  await db
    .update(s.webhookEvents)
    .set({
      status,
      attempts: sql`${s.webhookEvents.attempts} + 1`,
      lastError: error,
      processedAt: status === "failed" ? null : new Date().toISOString(),
    })
    .where(eq(s.webhookEvents.id, id));
}

/**
 * Events to (re)process: failed ones with attempts left, and received ones
 * older than `staleBefore` (their waitUntil died with the isolate).
 */
export function dueEvents(db: Db, staleBefore: string, limit = 50) {
  return db
    .select()
    .from(s.webhookEvents)
    .where(
      and(
        eq(s.webhookEvents.source, SOURCE),
        or(
          and(eq(s.webhookEvents.status, "failed"), lt(s.webhookEvents.attempts, MAX_ATTEMPTS)),
          and(inArray(s.webhookEvents.status, ["received"]), lt(s.webhookEvents.receivedAt, staleBefore)),
        ),
      ),
    )
    .orderBy(s.webhookEvents.id)
    .limit(limit);
}

/**
 * A processed event about a record whose person deleted their account (its
 * booking was imported without contact data, see apply.ts) keeps no payload:
 * the raw record would hold their phone and name again.
 */
export async function forgetErasedPayload(db: Db, event: EventRow, erasedPhone: string): Promise<void> {
  const [resource, id] = event.externalId.split(":");
  if (resource !== "record" || !/^\d+$/.test(id ?? "")) return;
  await db
    .update(s.webhookEvents)
    .set({ payload: JSON.stringify({ erased: "account_deleted" }) })
    .where(and(eq(s.webhookEvents.id, event.id), sql`exists (select 1 from ${s.bookings} where ${s.bookings.yclientsRecordId} = ${Number(id)} and ${s.bookings.phone} = ${erasedPhone})`));
}
