// The outbox's replay pass (web/src/data/outbox-replay.ts) under Node, over an
// in-memory stand-in for IndexedDB and the salon's answers. The page and the
// service worker replay at the same instant when the network comes back
// (Chromium fires "online" and Background Sync together): no entry may be
// left queued with nobody to send it again.
import { describe, expect, it } from "vitest";
import { LEASE_MS, newUpdateEntry, type Outcome, type OutboxEntry } from "../../web/src/data/outbox-logic";
import { replayPass, type OutboxStore } from "../../web/src/data/outbox-replay";

const T0 = Date.parse("2026-12-01T09:00:00Z");
const USER = 7;
const summary = { serviceName: "Стрижка мужская", staffName: "Анна", date: "2026-12-03", time: "12:00" };
const move = () => newUpdateEntry("move-key", USER, 42, { action: "reschedule", appointment_datetime: "2026-12-03T09:00:00.000Z", staff_id: 1 }, summary, T0);

/** An access token of USER ending at `exp` (ms); its signature is never checked on this side. */
function token(exp: number): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "HS256" })}.${part({ sub: String(USER), typ: "access", exp: Math.floor(exp / 1000) })}.sig`;
}

/** The outbox as IndexedDB keeps it: one row per id, shared by every side that replays. */
function memoryStore(...entries: OutboxEntry[]): OutboxStore & { get(id: string): OutboxEntry | undefined } {
  const rows = new Map(entries.map((e) => [e.id, e]));
  return {
    list: async () => [...rows.values()].sort((a, b) => a.createdAt - b.createdAt),
    save: async (entry) => void rows.set(entry.id, entry),
    get: (id) => rows.get(id),
  };
}

/** The salon's answers, one per request, recorded with the token each request carried. */
function salon(...answers: Outcome[]) {
  const sent: { id: string; token: string }[] = [];
  return {
    sent,
    send: async (entry: OutboxEntry, bearer: string) => {
      sent.push({ id: entry.id, token: bearer });
      return answers.shift() ?? { ok: false as const, status: 0, code: "network", message: "no answer scripted" };
    },
  };
}

const unauthorized: Outcome = { ok: false, status: 401, code: "unauthorized", message: "The session is invalid or has expired" };

describe("replaying the outbox when the network comes back", () => {
  it("counts an entry the other side is sending as still waiting, so the page tries it again once that attempt failed", async () => {
    const store = memoryStore(move());
    const live = token(T0 + 3_600_000);
    // The service worker's Background Sync claimed the entry a moment before the page's "online" pass read the outbox.
    const worker = salon(unauthorized);
    // Its request is in flight until `release`: the worker's pass holds there, right after the claim.
    let release!: () => void;
    const inFlight: OutboxStore = {
      list: store.list,
      save: async (entry) => {
        await store.save(entry);
        if (entry.state === "sending") await new Promise<void>((resolve) => (release = resolve));
      },
    };
    const workerPass = replayPass(inFlight, { token: live, canRenew: false, send: worker.send, now: () => T0 });
    await expect.poll(() => store.get("move-key")?.state).toBe("sending");
    const page = salon({ ok: true, bookingId: 42 });
    expect(await replayPass(store, { token: live, canRenew: true, send: page.send, now: () => T0 + 10 })).toBe(1);
    expect(page.sent).toEqual([]);

    release();
    expect(await workerPass).toBe(1);
    expect(store.get("move-key")).toMatchObject({ state: "queued", error: { code: "unauthorized" } });
    // The page's retry timer fires: it renews on the way and the move goes through.
    expect(await replayPass(store, { token: live, canRenew: true, send: page.send, now: () => T0 + 5_000 })).toBe(0);
    expect(store.get("move-key")).toMatchObject({ state: "sent", bookingId: 42, attempts: 2 });
  });

  it("leaves the entries to the page while the worker's copy of the access token has ended, since the worker cannot renew it", async () => {
    const store = memoryStore(move());
    const ended = token(T0 - 60_000);
    const worker = salon(unauthorized);
    expect(await replayPass(store, { token: ended, canRenew: false, send: worker.send, now: () => T0 })).toBe(1);
    expect(worker.sent).toEqual([]);
    expect(store.get("move-key")).toMatchObject({ state: "queued", attempts: 0, lastAttemptAt: null });

    // The page, which holds the refresh token, sends it at once (its request renews the token first).
    const page = salon({ ok: true, bookingId: 42 });
    expect(await replayPass(store, { token: ended, canRenew: true, send: page.send, now: () => T0 })).toBe(0);
    expect(page.sent).toEqual([{ id: "move-key", token: ended }]);
    expect(store.get("move-key")?.state).toBe("sent");
  });

  it("takes over an entry whose sender was cut off once its lease ran out", async () => {
    const stranded: OutboxEntry = { ...move(), state: "sending", attempts: 1, lastAttemptAt: T0 };
    const store = memoryStore(stranded);
    const page = salon({ ok: true, bookingId: 42 });
    const live = token(T0 + 3_600_000);
    expect(await replayPass(store, { token: live, canRenew: true, send: page.send, now: () => T0 + LEASE_MS - 1 })).toBe(1);
    expect(await replayPass(store, { token: live, canRenew: true, send: page.send, now: () => T0 + LEASE_MS })).toBe(0);
    expect(store.get("move-key")).toMatchObject({ state: "sent", attempts: 2 });
  });

  it("sends only the signed-in user's entries and leaves another account's for its next sign-in", async () => {
    const other = { ...move(), id: "other-key", userId: USER + 1 };
    const store = memoryStore(other, move());
    const page = salon({ ok: true, bookingId: 42 });
    expect(await replayPass(store, { token: token(T0 + 3_600_000), canRenew: true, send: page.send, now: () => T0 })).toBe(0);
    expect(page.sent.map((s) => s.id)).toEqual(["move-key"]);
    expect(store.get("other-key")?.state).toBe("queued");
  });
});
