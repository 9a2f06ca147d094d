// The page's side of the outbox: a reactive list for the screens, enqueueing,
// and replay triggers (app start, "online", Background Sync, every enqueue,
// and a backoff timer while something still waits).
import { createSignal } from "solid-js";
import type { AlternativeSlot, CreateBookingBody, UpdateBookingBody } from "../../../worker/contracts/bookings";
import { CHANNEL, SYNC_TAG, deleteEntry, listOutbox, putEntry, replayOutbox } from "./outbox";
import { newCreateEntry, newSeatEntry, newUpdateEntry, retarget, type OutboxEntry, type Summary } from "./outbox-logic";

const [entries, setEntries] = createSignal<OutboxEntry[]>([]);
export { entries as outboxEntries };

export async function refreshOutbox(): Promise<void> {
  setEntries(await listOutbox());
}

export function newKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `k-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** Asks the browser to replay in the background once it is online (Chromium has it; others do not). */
async function requestSync(): Promise<void> {
  try {
    if (!("serviceWorker" in navigator) || !navigator.serviceWorker.controller) return;
    const reg = (await navigator.serviceWorker.getRegistration()) as
      | (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })
      | undefined;
    await reg?.sync?.register(SYNC_TAG);
  } catch {
    // not supported or not allowed: "online" and app start still replay
  }
}

const RETRY_MIN_MS = 5_000;
const RETRY_MAX_MS = 60_000;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let retryDelay = RETRY_MIN_MS;

/**
 * Replays now when online, else registers a background sync. Entries still
 * waiting while online (the salon answered 503, or the connection is flaky)
 * are tried again on a growing timer: no "online" event will come for them.
 */
export async function kickOutbox(): Promise<void> {
  clearTimeout(retryTimer);
  let waiting = 0;
  if (navigator.onLine) waiting = await replayOutbox();
  else await requestSync();
  await refreshOutbox();
  if (navigator.onLine && waiting > 0) {
    retryTimer = setTimeout(() => void kickOutbox(), retryDelay);
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
  } else retryDelay = RETRY_MIN_MS;
}

export async function enqueueCreate(key: string, userId: number, body: CreateBookingBody, summary: Summary): Promise<OutboxEntry> {
  const entry = newCreateEntry(key, userId, body, summary, Date.now());
  await putEntry(entry);
  await refreshOutbox();
  await requestSync();
  void kickOutbox();
  return entry;
}

/** A seat booked offline (or when the network failed mid-request, with the key it was sent with). */
export async function enqueueSeat(key: string, userId: number, session: { classId: number; serviceId: number }, summary: Summary): Promise<OutboxEntry> {
  const entry = newSeatEntry(key, userId, session, summary, Date.now());
  await putEntry(entry);
  await refreshOutbox();
  await requestSync();
  void kickOutbox();
  return entry;
}

/** `key` is the Idempotency-Key the change was (maybe) sent with online, so its replay is the same request. */
export async function enqueueUpdate(userId: number, bookingId: number, body: UpdateBookingBody, summary: Summary, key = newKey()): Promise<void> {
  await putEntry(newUpdateEntry(key, userId, bookingId, body, summary, Date.now()));
  await refreshOutbox();
  await requestSync();
  void kickOutbox();
}

/** The user picked one of the alternatives of a conflicted offline booking or reschedule; resolves with the new entry. */
export async function chooseAlternative(entry: Exclude<OutboxEntry, { kind: "seat" }>, alt: AlternativeSlot): Promise<OutboxEntry> {
  const next = retarget(entry, alt, newKey(), Date.now());
  await putEntry(next);
  await deleteEntry(entry.id);
  await refreshOutbox();
  void kickOutbox();
  return next;
}

export async function dropEntry(id: string): Promise<void> {
  await deleteEntry(id);
  await refreshOutbox();
}

let started = false;

/** Wires the replay triggers once per page. */
export function startOutbox(): void {
  if (started || typeof window === "undefined") return;
  started = true;
  window.addEventListener("online", () => void kickOutbox());
  if (typeof BroadcastChannel !== "undefined") {
    new BroadcastChannel(CHANNEL).onmessage = () => void refreshOutbox();
  }
  void refreshOutbox().then(() => (navigator.onLine ? kickOutbox() : undefined));
}
