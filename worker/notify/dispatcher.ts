// Sends due outbox messages. A failure is retried with growing pauses; a
// message the provider refuses for good is marked failed and kept for review.
import type { Env } from "../env.js";
import { log } from "../lib/log.js";
import { hasAppLink, linkProblems, renderOutboxBody } from "../manage/links.js";
import { prepareAdvert } from "../marketing/advert.js";
import type { Db } from "../repo/db.js";
import type { BatchItem } from "drizzle-orm/batch";
import { byDedupeKey, claimMessage, dueMessages, findByDedupeKey, markFailedAttempt, markHeld, markSent, markSkipped, type OutboxRow } from "../repo/outbox.js";
import { pushToUser } from "./push-send.js";
import { emailTransportFor, type OutgoingMessage, smsTransportFor, type Transport, TransportError } from "./transports.js";

const RETRY_DELAYS_MIN = [1, 5, 30, 120];
const BATCH = 20;
const LEASE_MS = 5 * 60_000;

/** Web Push as an outbox transport: the recipient is the user's id; a message no browser took is a failure, not retried. */
function pushTransport(db: Db, env: Env): Transport {
  return {
    name: "webpush",
    keepsBody: true,
    async send(message: OutgoingMessage) {
      const taken = await pushToUser(db, env, Number(message.recipient), { title: message.subject ?? "", body: message.body, url: "/", tag: "advertising" });
      if (taken === 0) throw new TransportError("no browser of the user took the push", false);
    },
  };
}

function transportFor(db: Db, env: Env, row: OutboxRow): Transport | null {
  if (row.channel === "push") return pushTransport(db, env);
  return row.channel === "sms" ? smsTransportFor(env) : emailTransportFor(env);
}

/** A sent message's body with its one-time code hidden, unless the transport is dev. */
function storedBody(row: OutboxRow, transport: Transport): string {
  return transport.keepsBody || row.kind !== "otp" ? row.body : row.body.replace(/\d{6}/g, "••••••");
}

export async function dispatchRow(db: Db, env: Env, stored: OutboxRow, now = new Date()): Promise<boolean> {
  if (!(await claimMessage(db, stored, now, LEASE_MS))) return false;
  // A link to localhost is worse than a late message: the claim's lease holds it (still pending) until APP_URL is set.
  // An advertisement always carries its unsubscribe link.
  const problems = linkProblems(env);
  if (problems.length > 0 && (stored.purpose === "advertising" || hasAppLink(stored.body))) {
    await markHeld(db, stored.id, problems.map((p) => p.code).join(", "));
    return false;
  }
  let headers: Record<string, string> | undefined;
  let body: string;
  if (stored.purpose === "advertising") {
    // Consent is asked again now: a withdrawal after the message was queued wins.
    const advert = await prepareAdvert(db, env, stored);
    if (!advert) {
      await markSkipped(db, stored.id, "no marketing consent at send time");
      return false;
    }
    ({ body, headers } = advert);
  } else {
    // A confirmation written with its booking gets its manage link now (links.ts).
    body = await renderOutboxBody(env, stored.body, stored.dedupeKey);
  }
  const row = { ...stored, body };
  const transport = transportFor(db, env, row);
  if (!transport) {
    await markFailedAttempt(db, row, `no ${row.channel} transport configured`, null);
    return false;
  }
  try {
    await transport.send({ recipient: row.recipient, subject: row.subject, body: row.body, headers });
    // Links are filled into what is sent only (links.ts): the stored body keeps its placeholders
    // (manage links, an advertisement's unsubscribe link), so a database dump never holds a live link.
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
