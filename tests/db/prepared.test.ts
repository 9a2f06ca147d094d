// Prepared queries (worker/repo/prepared.ts) are built once per isolate and
// run on each caller's own client: against a real local endpoint, each caller
// gets its own answer, its reads still share one read batch, and a set of
// masters named by ids or by a service reads the same rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../worker/repo/db.js";
import type { Env } from "../../worker/env.js";
import { eq } from "drizzle-orm";
import { schema as s } from "../../worker/repo/db.js";
import { activeServiceRow, addonRowsFor, staffForService } from "../../worker/repo/catalog.js";
import { loadSettings } from "../../worker/repo/settings.js";
import { busyBetween } from "../../worker/repo/bookings.js";
import { schedulesOf } from "../../worker/repo/schedules.js";
import { findUserById } from "../../worker/repo/users.js";
import { migrateAndSeed } from "../support/local-stack.js";
import { Harness } from "./helpers.js";

const harness = new Harness();
let url = "";
const open = (): Db => openDb({ TURSO_DATABASE_URL: url } as Env);
const stats = async () => (await (await fetch(`${url}/stats`)).json()) as { requests: number; statements: number };

beforeAll(async () => {
  const server = await harness.server();
  url = server.url;
  await migrateAndSeed(url);
}, 60_000);

afterAll(() => harness.cleanup());

describe("prepared queries", () => {
  it("answers each caller from its own client with its own values", async () => {
    const [a, b] = await Promise.all([activeServiceRow(open(), 1), activeServiceRow(open(), 3)]);
    expect([a?.id, b?.id]).toEqual([1, 3]);
    expect(await activeServiceRow(open(), 999_999)).toBeNull();
  });

  it("still joins the caller's read batch: reads started together are one request", async () => {
    const db = open();
    const before = await stats();
    const [service, user, busy] = await Promise.all([activeServiceRow(db, 1), findUserById(db, 1), busyBetween(db, [1], "2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z")]);
    const after = await stats();
    expect(service?.id).toBe(1);
    expect(user?.id).toBe(1);
    expect(Array.isArray(busy)).toBe(true);
    expect(after.requests - before.requests).toBe(1);
  });

  it("reads the same masters' rows whether the set is named by ids or by a service", async () => {
    const db = open();
    const doers = await staffForService(db, 1);
    expect(doers.length).toBeGreaterThan(0);
    const ids = doers.map((m) => m.id);
    const [byService, byIds, none] = await Promise.all([schedulesOf(db, { serviceId: 1 }), schedulesOf(db, ids), schedulesOf(db, [])]);
    expect(byService.length).toBeGreaterThan(0);
    expect(byIds).toEqual(byService);
    expect(none).toEqual([]);
  });

  it("maps rows as drizzle does: booleans, numbers, sql fields and nested selections", async () => {
    const db = open();
    const [service] = await db.select().from(s.services).where(eq(s.services.id, 1));
    expect(await activeServiceRow(db, 1)).toEqual(service);
    expect(typeof service!.active).toBe("boolean");
    const [settings] = await db.select().from(s.salonSettings).where(eq(s.salonSettings.id, 1));
    const loaded = await loadSettings(db);
    expect(loaded).toMatchObject(settings!);
    expect("generation" in loaded).toBe(true);
    const [link] = await db.select().from(s.serviceAddons).limit(1);
    const [addon] = await db.select().from(s.services).where(eq(s.services.id, link!.addonId));
    expect(await addonRowsFor(db, link!.serviceId, [link!.addonId])).toEqual([addon]);
  });
});
