// The notification outbox: producers insert rows, the dispatcher sends them.
import { and, asc, desc, eq, lte, sql } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";
import { param, prepared } from "./prepared.js";

export type OutboxRow = typeof s.notificationOutbox.$inferSelect;
export type NewMessage = Pick<OutboxRow, "channel" | "recipient" | "kind" | "body"> & {
  subject?: string | null;
  dedupeKey?: string | null;
};

/**
 * A message about a booking that is being written: the insert fills in the
 * booking's id between the two halves of the dedupe key (see insertBooking).
 */
export type BookingBoundMessage = Omit<NewMessage, "dedupeKey"> & {
  dedupeAround: [before: string, after: string];
  /** When it is due: the request's "now", so the dispatch the request starts after its answer finds it due. */
  dueAt: string;
};

export async function enqueue(db: Db, message: NewMessage, now: Date): Promise<OutboxRow> {
  const [row] = await db
    .insert(s.notificationOutbox)
    .values({ ...message, nextAttemptAt: now.toISOString() })
    .onConflictDoNothing({ target: s.notificationOutbox.dedupeKey })
    .returning();
  if (row) return row;
  const [existing] = await db
    .select()
    .from(s.notificationOutbox)
    .where(eq(s.notificationOutbox.dedupeKey, message.dedupeKey!))
    .limit(1);
  return existing!;
}

/**
 * Enqueues a sign-in code by SMS only while the salon's sign-in SMS of the
 * last hour are under its budget, in one conditional statement so parallel
 * senders cannot all pass. Null when the budget is spent. (Booking messages
 * are bounded by the per-account caps instead, and a day's reminders must
 * not starve sign-in.)
 */
export async function enqueueCodeSmsWithinBudget(db: Db, message: Pick<NewMessage, "recipient" | "body">, budget: { perHour: number; hourAgo: string }, now: Date): Promise<OutboxRow | null> {
  const t = s.notificationOutbox;
  const at = now.toISOString();
  const rows = await db.all<{ id: number }>(sql`
    insert into ${t} (channel, recipient, kind, body, next_attempt_at, created_at)
    select 'sms', ${message.recipient}, 'otp', ${message.body}, ${at}, ${at}
    where (select count(*) from ${t} where ${t.kind} = 'otp' and ${t.channel} = 'sms' and ${t.createdAt} > ${budget.hourAgo}) < ${budget.perHour}
    returning id`);
  if (!rows[0]) return null;
  const [row] = await db.select().from(t).where(eq(t.id, rows[0].id));
  return row!;
}

/** When the oldest sign-in SMS of the last hour was written: the budget frees a message an hour after it. */
export async function oldestCodeSmsSince(db: Db, hourAgo: string): Promise<string | null> {
  const t = s.notificationOutbox;
  const [row] = await db.all<{ at: string | null }>(sql`select min(${t.createdAt}) as at from ${t} where ${t.kind} = 'otp' and ${t.channel} = 'sms' and ${t.createdAt} > ${hourAgo}`);
  return row?.at ?? null;
}

/** The read of findByDedupeKey, for a batch that writes first. */
export const byDedupeKey = (db: Db, key: string) => db.select().from(s.notificationOutbox).where(eq(s.notificationOutbox.dedupeKey, key)).limit(1);

export async function findByDedupeKey(db: Db, key: string): Promise<OutboxRow | null> {
  const [row] = await byDedupeKey(db, key);
  return row ?? null;
}

export function dueMessages(db: Db, now: Date, limit: number) {
  return db
    .select()
    .from(s.notificationOutbox)
    .where(and(eq(s.notificationOutbox.status, "pending"), lte(s.notificationOutbox.nextAttemptAt, now.toISOString())))
    .orderBy(asc(s.notificationOutbox.nextAttemptAt))
    .limit(limit);
}

/**
 * Takes a due message for sending. Two dispatchers running at once (a request's
 * waitUntil and the cron) cannot both take it; if the sender dies mid-way the
 * message becomes due again after the lease.
 */
const claim = prepared((db) =>
  db
    .update(s.notificationOutbox)
    .set({ nextAttemptAt: sql`${param("leaseUntil")}` })
    .where(and(eq(s.notificationOutbox.id, param("id")), eq(s.notificationOutbox.status, "pending"), eq(s.notificationOutbox.nextAttemptAt, param("seen"))))
    .returning({ id: s.notificationOutbox.id })
    .prepare(),
);

export async function claimMessage(db: Db, row: OutboxRow, now: Date, leaseMs: number): Promise<boolean> {
  const claimed = await claim(db).all({ id: row.id, seen: row.nextAttemptAt, leaseUntil: new Date(now.getTime() + leaseMs).toISOString() });
  return claimed.length === 1;
}

const sent = prepared((db) =>
  db
    .update(s.notificationOutbox)
    .set({ status: "sent", transport: sql`${param("transport")}`, body: sql`${param("body")}`, sentAt: sql`${param("at")}` })
    .where(eq(s.notificationOutbox.id, param("id")))
    .prepare(),
);

export async function markSent(db: Db, id: number, transport: string, body: string, at: Date): Promise<void> {
  await sent(db).run({ id, transport, body, at: at.toISOString() });
}

export async function markFailedAttempt(
  db: Db,
  row: OutboxRow,
  error: string,
  next: Date | null,
): Promise<void> {
  await db
    .update(s.notificationOutbox)
    .set({
      attempts: row.attempts + 1,
      lastError: error.slice(0, 500),
      status: next ? "pending" : "failed",
      nextAttemptAt: next ? next.toISOString() : row.nextAttemptAt,
    })
    .where(eq(s.notificationOutbox.id, row.id));
}

/** Why a claimed message was not sent; it stays pending and comes due again when the claim's lease ends. */
export async function markHeld(db: Db, id: number, reason: string): Promise<void> {
  await db.update(s.notificationOutbox).set({ lastError: `held: ${reason}` }).where(eq(s.notificationOutbox.id, id));
}

/** An advertising message that must not go any more (its recipient withdrew consent): kept, never sent. */
export async function markSkipped(db: Db, id: number, reason: string): Promise<void> {
  await db.update(s.notificationOutbox).set({ status: "skipped", lastError: reason }).where(eq(s.notificationOutbox.id, id));
}

export function recentMessages(db: Db, recipient: string | undefined, limit: number) {
  return db
    .select()
    .from(s.notificationOutbox)
    .where(recipient ? eq(s.notificationOutbox.recipient, recipient) : undefined)
    .orderBy(desc(s.notificationOutbox.id))
    .limit(limit);
}
