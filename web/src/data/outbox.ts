// The outbox in IndexedDB and its replay. Shared by the page (on start, on
// "online", after each enqueue) and the service worker (Background Sync), so
// it must not import UI code. Both may replay at once: a lease ("sending"
// with a timestamp) keeps them off each other's entries, and the
// Idempotency-Key makes a double send harmless anyway.
import { ApiRequestError } from "./api";
import { db, kvGet } from "./db";
import { bookSeat, createBooking, updateBooking } from "./endpoints";
import { parseEntries, type Outcome, type OutboxEntry } from "./outbox-logic";
import { replayPass } from "./outbox-replay";
import { TOKEN_KV, readRefreshToken } from "./token";

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
 * Sends every due entry once, oldest first (outbox-replay.ts has the rules).
 * Resolves with how many are still waiting (so Background Sync can ask to be
 * called again, and the page retries on its timer).
 */
export function replayOutbox(now: () => number = Date.now): Promise<number> {
  running ??= (async () => {
    try {
      const token = await kvGet(TOKEN_KV);
      if (typeof token !== "string") return (await listOutbox()).filter((e) => e.state === "queued").length;
      const store = {
        list: listOutbox,
        save: async (entry: OutboxEntry) => {
          await putEntry(entry);
          announce();
        },
      };
      return await replayPass(store, { token, canRenew: readRefreshToken() !== null, send: sendOne, now });
    } finally {
      running = null;
    }
  })();
  return running;
}
