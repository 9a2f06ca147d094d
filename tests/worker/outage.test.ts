// With the database unreachable, every route of the app answers a 503 with
// Retry-After (or a 4xx it can decide without the database), never a 500.
// The route list comes from the Hono app itself, so a new route is swept too.
import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Env } from "../../worker/env.js";
import { app } from "../../worker/index.js";
import { outageOf } from "../../worker/outage.js";
import { openDb } from "../../worker/repo/db.js";
import { adminToken } from "./scenario.js";

// Port 1 on loopback: nothing listens, so every connection is refused.
const liveDb = env as unknown as Env;
const deadDb: Env = { ...liveDb, TURSO_DATABASE_URL: "http://127.0.0.1:1" };

/** Bodies that pass validation, so the request gets as far as the database. */
const bodies: Record<string, unknown> = {
  "POST /api/v1/auth/otp/request": { phone: "+79990000100" },
  "POST /api/v1/auth/otp/verify": { phone: "+79990000100", code: "123456" },
  "POST /api/v1/bookings": { service_id: 3, staff_id: 1, appointment_datetime: "2030-01-10T10:00" },
  "PATCH /api/v1/bookings/:id": { action: "cancel" },
  "POST /api/v1/payments": { booking_id: 1 },
  "POST /api/v1/admin/staff/:id/schedule": { day_of_week: 1, start_time: "10:00", end_time: "18:00" },
  "PATCH /api/v1/admin/staff/:id/schedule/:schedule_id": { start_time: "10:00", end_time: "18:00" },
  "POST /api/v1/admin/staff/:id/exceptions": { kind: "day_off", start_date: "2030-01-10", end_date: "2030-01-10" },
};

function concrete(path: string): string {
  return path.replace(/:provider/g, "test").replace(/:secret/g, "not-the-secret").replace(/:[a-z_]+/g, "1");
}

function appRoutes(): { method: string; path: string }[] {
  const seen = new Set<string>();
  return app.routes
    .filter((r) => r.method !== "ALL" && !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`))
    .map(({ method, path }) => ({ method, path }));
}

async function sweep(token: string | undefined) {
  const answers: { route: string; status: number; code?: string; retryAfter: string | null }[] = [];
  for (const { method, path } of appRoutes()) {
    const route = `${method} ${path}`;
    const headers: Record<string, string> = { "idempotency-key": crypto.randomUUID(), "content-type": "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    const body = method === "GET" || method === "HEAD" ? undefined : JSON.stringify(bodies[route] ?? {});
    const ctx = createExecutionContext();
    const response = await app.request(`http://salon.test${concrete(path)}`, { method, headers, body }, deadDb, ctx);
    await waitOnExecutionContext(ctx).catch(() => undefined);
    const text = await response.text();
    const code = response.headers.get("content-type")?.includes("json") ? JSON.parse(text)?.error?.code : undefined;
    answers.push({ route, status: response.status, code, retryAfter: response.headers.get("retry-after") });
  }
  return answers;
}

describe("database outage", () => {
  it("answers every route without a 500, and every 503 with Retry-After", async () => {
    const token = await adminToken(); // the admin's session, issued while the database was up
    const answers = [...(await sweep(undefined)), ...(await sweep(token))];
    expect(answers.length).toBeGreaterThan(40);
    expect(answers.filter((a) => a.status >= 500 && a.status !== 503)).toEqual([]);
    expect(answers.filter((a) => a.status === 503 && !(Number(a.retryAfter) > 0))).toEqual([]);
    // Signed in, only routes that never read the database answer something else than 503.
    const signedIn = answers.slice(answers.length / 2);
    const reachedDb = signedIn.filter((a) => a.status === 503);
    expect(reachedDb.length).toBeGreaterThan(signedIn.length / 2);
    expect(new Set(reachedDb.map((a) => a.code))).toEqual(new Set(["database_unavailable"]));
  });

  it("reports the database down on /health with Retry-After", async () => {
    const response = await app.request("http://salon.test/api/v1/health", {}, deadDb, createExecutionContext());
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("database_unavailable");
  });
});

describe("outage classification", () => {
  it("leaves SQL errors that are bugs (constraint, syntax) to be 500s", async () => {
    const db = openDb(liveDb);
    const constraint = await db.run(sql`insert into services (id, name) values (1, 'duplicate')`).catch((e: unknown) => e);
    const syntax = await db.run(sql`selec 1`).catch((e: unknown) => e);
    expect(constraint).toBeInstanceOf(Error);
    expect(syntax).toBeInstanceOf(Error);
    expect(outageOf(constraint)).toBeNull();
    expect(outageOf(syntax)).toBeNull();
  });

  it("takes an unreachable database for an outage, even wrapped by the query builder", async () => {
    const error = await openDb(deadDb).run(sql`select 1`).catch((e: unknown) => e);
    expect(outageOf(error)?.code).toBe("database_unavailable");
    expect(outageOf(error)?.headers?.["retry-after"]).toMatch(/^\d+$/);
  });

  it("takes a Durable Object the runtime marks retryable or overloaded for a ledger outage", () => {
    expect(outageOf(Object.assign(new Error("Durable Object reset because its code was updated."), { retryable: true }))?.code).toBe("ledger_unavailable");
    expect(outageOf(Object.assign(new Error("Durable Object is overloaded."), { overloaded: true }))?.code).toBe("ledger_unavailable");
    expect(outageOf(new TypeError("Cannot read properties of undefined"))).toBeNull();
  });
});
