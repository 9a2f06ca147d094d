// The outbox in IndexedDB and its replay. Shared by the page (on start, on
// "online", after each enqueue) and the service worker (Background Sync), so
// it must not import UI code. Both may replay at once: a lease ("sending"
// with a timestamp) keeps them off each other's entries, and the
// Idempotency-Key makes a double send harmless anyway.
import { ApiRequestError, isUnreachableCode } from "./api";
import { db, kvGet } from "./db";
import { bookSeat, createBooking, updateBooking } from "./endpoints";
import { claim, isDue, parseEntries, settle, type Outcome, type OutboxEntry } from "./outbox-logic";
import { TOKEN_KV } from "./token";

export const SYNC_TAG = "salon-outbox";
export const CHANNEL = "salon-outbox";
export { TOKEN_KV } from "./token";

export async function listOutbox(): Promise<OutboxEntry[]> {
  try {
    return parseEntries(await (await db()).getAll("outbox"));
  } catch {
    return [];
  }
}

export async function putEntry(entry: OutboxEntry): Promise<void> {
  await (await db()).put("outbox", entry);
}

export async function deleteEntry(id: string): Promise<void> {
  await (await db()).delete("outbox", id);
  announce();
}

/** Tells every open page (and the worker) that the outbox changed. */
export function announce(): void {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage({ type: "outbox-changed" });
  channel.close();
}

async function sendOne(entry: OutboxEntry, token: string): Promise<Outcome> {
  try {
    const { booking } =
      entry.kind === "create"
        ? await createBooking(entry.body, entry.id, token, "offline")
        : entry.kind === "seat"
          ? await bookSeat(entry.classId, entry.body, entry.id, token, "offline")
          : await updateBooking(entry.bookingId, entry.body, token, entry.id);
    return { ok: true, bookingId: booking.id };
  } catch (err) {
    if (err instanceof ApiRequestError) return { ok: false, status: err.status, code: err.code, message: err.message, details: err.details };
    return { ok: false, status: 0, code: "network", message: String(err) };
  }
}

let running: Promise<number> | null = null;

/**
 * Sends every due entry once, oldest first. Resolves with how many are still
 * waiting (so Background Sync can ask to be called again).
 */
export function replayOutbox(now: () => number = Date.now): Promise<number> {
  running ??= (async () => {
    try {
      const token = await kvGet(TOKEN_KV);
      if (typeof token !== "string") return (await listOutbox()).filter((e) => e.state === "queued").length;
      const userId = userIdOf(token);
      let waiting = 0;
      for (const entry of await listOutbox()) {
        if (!isDue(entry, now()) || (userId !== null && entry.userId !== userId)) continue;
        const claimed = claim(entry, now());
        await putEntry(claimed);
        announce();
        const next = settle(claimed, await sendOne(claimed, token));
        await putEntry(next);
        announce();
        if (next.state === "queued") {
          waiting++;
          // no point in hammering a dead network (or a salon whose database is down) with the rest
          if (next.error && isUnreachableCode(next.error.code)) break;
        }
      }
      return waiting;
    } finally {
      running = null;
    }
  })();
  return running;
}

/** The user id inside a session token (HS256 JWT; read, not verified: only to pick entries). */
export function userIdOf(token: string): number | null {
  try {
    const part = token.split(".")[1];
    if (!part) return null;
    const json = JSON.parse(atob(part.replace(/-/g, "+").replace(/_/g, "/"))) as { sub?: unknown; uid?: unknown };
    const id = Number(json.sub ?? json.uid);
    return Number.isInteger(id) ? id : null;
  } catch {
    return null;
  }
}
