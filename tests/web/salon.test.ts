// The salon read (GET /salon through the snapshot cache) and the customer's
// online cancellation window, run under Node with an in-memory snapshot store.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Salon } from "../../worker/contracts/catalog";
import type { Snapshot } from "../../web/src/data/db";

const store = new Map<string, Snapshot>();
vi.mock("../../web/src/data/db", () => ({
  readSnapshot: async (key: string) => store.get(key),
  writeSnapshot: async (snap: Snapshot) => void store.set(snap.key, snap),
}));

const { loadSalon } = await import("../../web/src/data/salon");
const { changeDeadline, changeRule } = await import("../../web/src/data/cancellation");

const salon: Salon = {
  name: "Салон «Лотос»",
  address: "Москва, ул. Покровка, 12",
  phone: "+74950000000",
  time_zone: "Europe/Moscow",
  currency: "RUB",
  slot_step_min: 15,
  cancellation_window_hours: 24,
  refund_full_hours: 24,
  refund_late_percent: 50,
};

const answer = (status: number, body: unknown, etag?: string) =>
  new Response(status === 304 ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...(etag ? { ETag: etag } : {}) },
  });

describe("loadSalon", () => {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    store.clear();
    fetchMock.mockReset();
    vi.stubGlobal("fetch", fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("reads GET /salon, validates it and saves it with its ETag", async () => {
    fetchMock.mockResolvedValueOnce(answer(200, { salon }, '"v1"'));
    const loaded = await loadSalon();
    expect(loaded).toMatchObject({ data: { salon }, source: "network" });
    expect(String(fetchMock.mock.calls[0]![0])).toBe("/api/v1/salon");
    expect(store.get("salon")).toMatchObject({ data: { salon }, etag: '"v1"' });
  });

  it("revalidates the saved copy with If-None-Match; a 304 confirms it", async () => {
    store.set("salon", { key: "salon", data: { salon }, etag: '"v1"', fetchedAt: 1 });
    fetchMock.mockResolvedValueOnce(answer(304, null));
    const loaded = await loadSalon();
    expect(new Headers(fetchMock.mock.calls[0]![1]!.headers).get("If-None-Match")).toBe('"v1"');
    expect(loaded).toMatchObject({ data: { salon }, source: "network" });
    expect(store.get("salon")!.fetchedAt).toBeGreaterThan(1);
  });

  it("falls back to the saved copy when the network fails", async () => {
    store.set("salon", { key: "salon", data: { salon }, etag: '"v1"', fetchedAt: 5 });
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    expect(await loadSalon()).toEqual({ data: { salon }, fetchedAt: 5, source: "offline" });
  });

  it("rejects an answer that does not match the contract, and ignores a saved copy that does not", async () => {
    store.set("salon", { key: "salon", data: { salon: { name: "old shape" } }, etag: '"v0"', fetchedAt: 5 });
    fetchMock.mockResolvedValueOnce(answer(200, { salon: { ...salon, time_zone: undefined } }));
    await expect(loadSalon()).rejects.toMatchObject({ code: "invalid_response" });
    expect(new Headers(fetchMock.mock.calls[0]![1]!.headers).get("If-None-Match")).toBeNull();
  });
});

describe("online cancellation window", () => {
  const start = "2026-12-02T10:00:00.000Z";
  const booking = { status: "confirmed" as const, start_at: start };
  const deadline = Date.parse("2026-12-01T10:00:00.000Z");

  it("closes `window` hours before the start", () => {
    expect(changeDeadline(start, 24)).toBe(deadline);
  });

  it("lets a customer cancel until the deadline, then not", () => {
    expect(changeRule(booking, "customer", 24, deadline - 1)).toEqual({ kind: "open", until: deadline });
    expect(changeRule(booking, "customer", 24, deadline)).toEqual({ kind: "open", until: deadline });
    expect(changeRule(booking, "customer", 24, deadline + 1)).toEqual({ kind: "closed" });
  });

  it("does not bind the salon's staff, nor guess while the salon is unknown", () => {
    expect(changeRule(booking, "staff", 24, deadline + 1)).toEqual({ kind: "open", until: null });
    expect(changeRule(booking, "customer", null, deadline + 1)).toEqual({ kind: "open", until: null });
  });

  it("offers nothing for a started or inactive booking", () => {
    expect(changeRule(booking, "customer", 24, Date.parse(start))).toEqual({ kind: "none" });
    expect(changeRule({ ...booking, status: "cancelled" }, "customer", 24, deadline - 1)).toEqual({ kind: "none" });
  });
});
