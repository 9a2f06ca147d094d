// Sends due outbox messages. A failure is retried with growing pauses; a
// message the provider refuses for good is marked failed and kept for review.
import type { Env } from "../env.js";
import { log } from "../lib/log.js";
import { renderOutboxBody } from "../manage/links.js";
import type { Db } from "../repo/db.js";
import type { BatchItem } from "drizzle-orm/batch";
import { byDedupeKey, claimMessage, dueMessages, findByDedupeKey, markFailedAttempt, markSent, type OutboxRow } from "../repo/outbox.js";
import { emailTransportFor, smsTransportFor, type Transport, TransportError } from "./transports.js";

const RETRY_DELAYS_MIN = [1, 5, 30, 120];
const BATCH = 20;
const LEASE_MS = 5 * 60_000;

function transportFor(env: Env, row: OutboxRow): Transport | null {
  return row.channel === "sms" ? smsTransportFor(env) : emailTransportFor(env);
}

/** A sent message's body with its one-time code hidden, unless the transport is dev. */
function storedBody(row: OutboxRow, transport: Transport): string {
  return transport.keepsBody || row.kind !== "otp" ? row.body : row.body.replace(/\d{6}/g, "••••••");
}

export async function dispatchRow(db: Db, env: Env, stored: OutboxRow, now = new Date()): Promise<boolean> {
  if (!(await claimMessage(db, stored, now, LEASE_MS))) return false;
  // Links are filled into what is sent only (links.ts): the stored body keeps its
  // placeholders, so a database dump or the back office never holds a live link.
  const row = { ...stored, body: await renderOutboxBody(env, stored.body, stored.dedupeKey) };
  const transport = transportFor(env, row);
  if (!transport) {
    await markFailedAttempt(db, row, `no ${row.channel} transport configured`, null);
    return false;
  }
  try {
    await transport.send({ recipient: row.recipient, subject: row.subject, body: row.body });
    await markSent(db, row.id, transport.name, storedBody(stored, transport), now);
    return true;
  } catch (error) {
    const retryable = !(error instanceof TransportError) || error.retryable;
    const delay = RETRY_DELAYS_MIN[row.attempts];
    const next = retryable && delay !== undefined ? new Date(now.getTime() + delay * 60_000) : null;
    await markFailedAttempt(db, row, (error as Error).message, next);
    return false;
  }
}

/**
 * Sends what is due, a batch at a time: one batch after a request, up to
 * `batches` from the cron, so a backlog (a busy day's masters' messages, say)
 * cannot push a customer's reminder past its run.
 */
export async function dispatchDue(db: Db, env: Env, now = new Date(), batches = 1): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let tried = 0;
  for (let batch = 0; batch < batches; batch += 1) {
    const rows = await dueMessages(db, now, BATCH);
    for (const row of rows) {
      tried += 1;
      if (await dispatchRow(db, env, row, now)) sent += 1;
    }
    if (rows.length < BATCH) break;
  }
  return { sent, failed: tried - sent };
}

/**
 * For waitUntil after a response: sends the message with this dedupe key
 * (the request's own: three round trips, however long the queue is), or
 * without a key whatever is due. Nobody awaits it, so a failure is logged
 * here; the cron sends what is left.
 */
export function dispatchSoon(db: Db, env: Env, dedupeKey?: string): Promise<void> {
  const work = dedupeKey === undefined
    ? dispatchDue(db, env)
    : findByDedupeKey(db, dedupeKey).then((row) => (row?.status === "pending" ? dispatchRow(db, env, row) : false));
  return work.then(
    () => undefined,
    (error: unknown) => log("error", "outbox dispatch failed", { error: String(error) }),
  );
}

/**
 * For waitUntil after a booking's response: writes `writes` and reads the
 * message with this dedupe key in the same batch (one round trip less than
 * writing, then dispatchSoon), then sends it if it is still pending.
 */
export function writeThenDispatch(db: Db, env: Env, writes: BatchItem<"sqlite">[], dedupeKey: string): Promise<void> {
  const work = db.batch([byDedupeKey(db, dedupeKey), ...writes]).then((results) => {
    // The customer's message was written with the booking, before the answer: read first, then the other writes.
    const [row] = results[0] as OutboxRow[];
    return row?.status === "pending" ? dispatchRow(db, env, row) : false;
  });
  return work.then(
    () => undefined,
    (error: unknown) => log("error", "outbox dispatch failed", { error: String(error) }),
  );
}
