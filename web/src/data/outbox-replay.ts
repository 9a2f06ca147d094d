// One replay pass over the outbox, kept apart from IndexedDB and fetch so its
// rules run under Node. The page and the service worker (Background Sync)
// both run passes, often at the same instant: Chromium fires "online" in the
// page and "sync" in the worker together. Two rules keep an entry from being
// stranded between them:
// - an entry the other side is sending (its lease runs) still counts as
//   waiting, so the page's backoff timer looks at it again should that
//   attempt fail: the "online" event that started this pass will not repeat;
// - a side holding an ended access token it cannot renew (the worker has no
//   refresh token) sends nothing: each request would only meet a 401 while
//   its lease kept the page, which renews, off the entry.
import { isUnreachableCode } from "./api";
import { claim, isDue, isPending, settle, type Outcome, type OutboxEntry } from "./outbox-logic";
import { tokenExpiry, userIdOf } from "./token";

export interface OutboxStore {
  list(): Promise<OutboxEntry[]>;
  /** Writes the entry and tells the other pages and the worker. */
  save(entry: OutboxEntry): Promise<void>;
}

export interface Replayer {
  /** The access token to send with (the IndexedDB copy, which the worker can read too). */
  token: string;
  /** Whether a 401 or an ended token is renewed on the way (the page has the refresh token; the worker has not). */
  canRenew: boolean;
  send(entry: OutboxEntry, token: string): Promise<Outcome>;
  now(): number;
}

/** Sends the signed-in user's due entries once, oldest first; resolves with how many still wait to reach the salon. */
export async function replayPass(store: OutboxStore, replayer: Replayer): Promise<number> {
  const userId = userIdOf(replayer.token);
  const mine = (await store.list()).filter((e) => userId === null || e.userId === userId);
  const exp = tokenExpiry(replayer.token);
  if (!replayer.canRenew && exp !== null && exp <= replayer.now()) return mine.filter(isPending).length;
  let waiting = 0;
  for (const entry of mine) {
    if (!isDue(entry, replayer.now())) {
      if (isPending(entry)) waiting++;
      continue;
    }
    const claimed = claim(entry, replayer.now());
    await store.save(claimed);
    const next = settle(claimed, await replayer.send(claimed, replayer.token));
    await store.save(next);
    if (next.state === "queued") {
      waiting++;
      // no point in hammering a dead network (or a salon whose database is down) with the rest
      if (next.error && isUnreachableCode(next.error.code)) break;
    }
  }
  return waiting;
}
