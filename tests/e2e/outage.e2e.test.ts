// Black box: the local stack (wrangler dev + the local libSQL endpoint) with
// the database taken away. Every route of the app answers 503 + Retry-After
// (or a 4xx it can decide without the database), never a 500; once the
// endpoint is back the stack works again, and a booking cut off at any point
// of its way is finished by its retry exactly once: one row, one interval in
// the master's ledger, one confirmation message.
//   The Worker reaches the endpoint through a proxy in this file, which can
//   cut the connection after N requests, before or after forwarding one.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalServer, startLocalServer } from "../../db/local-server";
import { freePort, HOST, killProcessGroup, migrateAndSeed, readLog, startWrangler, stopProcessGroups, waitForHealth } from "../support/local-stack";

const SERVICE = 6; // pedicure, 90 min, no prepayment: a plain pending booking
const STAFF = 3;

/** Forwards to the endpoint; `cut` makes it drop connections from the Nth request on. */
class DbProxy {
  server!: Server;
  /** Requests still let through; null = all. */
  budget: number | null = null;
  /** When cutting, forward the request first and lose only the answer (the write lands). */
  loseAnswers = false;
  /** Requests seen so far. */
  seen = 0;
  constructor(private readonly upstreamPort: () => number) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.seen += 1;
      const cutting = this.budget !== null && this.budget <= 0;
      if (this.budget !== null) this.budget -= 1;
      if (cutting && !this.loseAnswers) return void req.socket.destroy();
      const upstream = httpRequest(
        { host: HOST, port: this.upstreamPort(), path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          if (cutting) {
            answer.resume();
            answer.on("end", () => req.socket.destroy());
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => req.socket.destroy()); // the endpoint is down: so is the connection
      req.pipe(upstream);
    });
    this.server.keepAliveTimeout = 120_000;
    await new Promise<void>((resolve) => this.server.listen(0, HOST, resolve));
    return `http://${HOST}:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

const dir = mkdtempSync(join(tmpdir(), "salon-outage-"));
const dbFile = join(dir, "outage.db");
let dbPort = 0;
let db: LocalServer | undefined;
let proxy: DbProxy;
let worker: ChildProcess | undefined;
let base = "";
let sql: Client;
let admin = "";
let customer = "";
let rival = "";
const logFile = join(dir, "wrangler.log");
const onExit = () => worker && killProcessGroup(worker, "SIGKILL");

async function api(method: string, path: string, opts: { token?: string; body?: unknown; key?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.key) headers["idempotency-key"] = opts.key;
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? (method === "GET" ? undefined : "{}") : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  const json = response.headers.get("content-type")?.includes("json") && text ? JSON.parse(text) : null;
  return { status: response.status, retryAfter: response.headers.get("retry-after"), replayed: response.headers.get("idempotent-replayed"), body: json };
}

async function signIn(phone: string): Promise<string> {
  expect((await api("POST", "/api/v1/auth/otp/request", { body: { phone } })).status).toBe(202);
  const outbox = await api("GET", `/api/v1/dev/outbox?phone=${encodeURIComponent(phone)}`);
  const code = /\d{6}/.exec(outbox.body.messages.find((m: { kind: string }) => m.kind === "otp").body)![0];
  const consent = await api("GET", "/api/v1/legal/consent");
  const verified = await api("POST", "/api/v1/auth/otp/verify", { body: { phone, code, consent: { version: consent.body.version } } });
  expect(verified.status).toBe(200);
  return verified.body.token;
}

/** The first free start time of the master from `days` days on, as salon wall time. */
async function freeTime(days: number): Promise<string> {
  for (let d = days; d < days + 30; d++) {
    const date = new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    const answer = await api("GET", `/api/v1/booking/time-slots/${SERVICE}?staff_id=${STAFF}&date=${date}`);
    const slot = answer.body.slots?.find((s: { available: boolean }) => s.available);
    if (slot) return `${date}T${slot.time}`;
  }
  throw new Error("no free time in 30 days");
}

beforeAll(async () => {
  process.once("exit", onExit);
  dbPort = await freePort();
  db = await startLocalServer({ file: dbFile, port: dbPort, host: HOST });
  await migrateAndSeed(db.url);
  sql = createClient({ url: db.url });
  await sql.execute("update salon_settings set max_active_bookings = 1000, max_held_bookings = 1000");
  proxy = new DbProxy(() => dbPort);
  const dbUrl = await proxy.start();
  const port = await freePort();
  // The cut-at-every-step loops send dozens of bookings a minute from one client as one customer:
  // the rate limits and per-account caps (README, Security) are not what this test is about.
  worker = await startWrangler({ port, dbUrl, persistTo: join(dir, "wrangler-state"), logFile, vars: { RATE_LIMITS: "off" } });
  base = `http://${HOST}:${port}`;
  try {
    await waitForHealth(`${base}/api/v1/health`, 90_000, () => worker!.exitCode === null);
  } catch (error) {
    console.error(readLog(logFile, 40));
    throw error;
  }
  admin = await signIn("+79990000001");
  customer = await signIn("+79990000100");
  rival = await signIn("+79990000222");
});

afterAll(async () => {
  if (worker) await stopProcessGroups([worker]);
  process.removeListener("exit", onExit);
  sql?.close();
  await proxy?.close();
  await db?.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe("database outage, black box", () => {
  it("answers every route 503 with Retry-After while the endpoint is dead, and works again once it is back", async () => {
    const { routes } = (await api("GET", "/api/v1/dev/routes")).body as { routes: { method: string; path: string }[] };
    expect(routes.length).toBeGreaterThan(30);
    const when = await freeTime(3);
    const key = crypto.randomUUID();

    await db!.close();
    db = undefined;
    const answers: { route: string; status: number; code?: string; retryAfter: string | null }[] = [];
    for (const token of [undefined, admin]) {
      for (const { method, path } of routes) {
        const concrete = path.replace(/:provider/g, "test").replace(/:secret/g, "nope").replace(/:[a-z_]+/g, "1");
        const answer = await api(method, concrete, { token, key: crypto.randomUUID() });
        answers.push({ route: `${method} ${path}`, status: answer.status, code: answer.body?.error?.code, retryAfter: answer.retryAfter });
      }
    }
    const booking = await api("POST", "/api/v1/bookings", { token: customer, key, body: { service_id: SERVICE, staff_id: STAFF, appointment_datetime: when } });
    expect(booking.status).toBe(503);
    expect(answers.filter((a) => a.status >= 500 && a.status !== 503)).toEqual([]);
    expect(answers.filter((a) => a.status === 503 && !(Number(a.retryAfter) > 0))).toEqual([]);
    // Every route that reaches the database says 503. The others answer the
    // sweep's made-up input before any database read (no body, no session, a
    // link we never signed) or serve what the Worker holds itself; a new route
    // that joins them should be a conscious choice, so the list is explicit.
    const without503 = routes.map((r) => `${r.method} ${r.path}`).filter((route) => !answers.some((a) => a.route === route && a.status === 503));
    expect(without503.sort()).toEqual(
      [
        "POST /api/v1/bookings", // 401 / 400 before the body is valid
        "POST /api/v1/visits",
        "GET /api/v1/classes", // 400: no from/to
        "GET /api/v1/booking/visit-slots", // 400: no items
        "POST /api/v1/auth/otp/request",
        "POST /api/v1/auth/otp/verify",
        "POST /api/v1/auth/refresh", // 401: a refresh token we never signed
        "GET /api/v1/unsubscribe/:token", // 404: an unsubscribe link we never signed
        "POST /api/v1/unsubscribe/:token",
        "GET /manifest.webmanifest", // the built manifest when the salon's name cannot be read
        "POST /api/v1/yclients/webhook/:secret", // 404: wrong secret
        "POST /api/v1/yclients/webhook",
        "POST /api/v1/payments/webhook/:provider", // 400: not a notification
        "GET /api/v1/manage/:token", // 404: a link we never signed
        "PATCH /api/v1/manage/:token",
        "GET /api/v1/reviews/:token",
        "POST /api/v1/reviews/:token",
        "GET /api/v1/push/vapid-key",
        "GET /api/v1/legal/:kind", // 400: the sweep's made-up kind is neither consent nor privacy
        "GET /api/v1/certificates/balance/:code", // 404: the sweep's made-up code cannot be a certificate code
        "GET /api/v1/dev/routes",
        "GET /api/v1/openapi.json",
        "GET /api/v1/docs",
      ].sort(),
    );
    expect((await api("GET", "/api/v1/health")).status).toBe(503);

    db = await startLocalServer({ file: dbFile, port: dbPort, host: HOST });
    await waitForHealth(`${base}/api/v1/health`, 20_000, () => true, "the worker after the database came back");
    const retried = await api("POST", "/api/v1/bookings", { token: customer, key, body: { service_id: SERVICE, staff_id: STAFF, appointment_datetime: when } });
    expect(retried.status).toBe(201);
    expect(retried.replayed).toBe("false");
    const rows = await sql.execute({ sql: "select count(*) as n from bookings where idempotency_key = ?", args: [key] });
    expect(Number(rows.rows[0]!.n)).toBe(1);
  }, 180_000);

  it("finishes a booking cut off at any point by its retry, exactly once", async () => {
    // How many database requests one booking makes, end to end.
    const first = await freeTime(4);
    const before = proxy.seen;
    const whole = await api("POST", "/api/v1/bookings", { token: customer, key: crypto.randomUUID(), body: { service_id: SERVICE, staff_id: STAFF, appointment_datetime: first } });
    expect(whole.status).toBe(201);
    const steps = proxy.seen - before;
    const outcomes: string[] = [];
    let day = 4;
    for (const loseAnswers of [false, true]) {
      for (let cut = 0; cut < steps; cut++) {
        const when = await freeTime(day);
        day += cut % 4 === 3 ? 1 : 0;
        const key = crypto.randomUUID();
        const body = { service_id: SERVICE, staff_id: STAFF, appointment_datetime: when };
        proxy.loseAnswers = loseAnswers;
        proxy.budget = cut;
        const first = await api("POST", "/api/v1/bookings", { token: customer, key, body });
        proxy.budget = null;
        expect([201, 503]).toContain(first.status);
        if (first.status === 503) expect(Number(first.retryAfter)).toBeGreaterThan(0);
        outcomes.push(`${loseAnswers ? "lost answer" : "refused"} after ${cut}: ${first.status} ${first.body?.error?.code ?? ""}`);

        const retry = await api("POST", "/api/v1/bookings", { token: customer, key, body });
        expect(retry.status, outcomes.at(-1)).toBe(201);
        const id = retry.body.booking.id;
        const rows = await sql.execute({ sql: "select count(*) as n from bookings where idempotency_key = ?", args: [key] });
        expect(Number(rows.rows[0]!.n), outcomes.at(-1)).toBe(1);
        const messages = await sql.execute({ sql: "select count(*) as n from notification_outbox where dedupe_key like ?", args: [`booking_created:${id}:%`] });
        expect(Number(messages.rows[0]!.n), outcomes.at(-1)).toBe(1);
        // The master's ledger holds the time: someone else cannot take it.
        const taken = await api("POST", "/api/v1/bookings", { token: rival, key: crypto.randomUUID(), body });
        expect(taken.status, outcomes.at(-1)).toBe(409);
      }
    }
    // Both kinds of cut stopped some first attempts.
    expect(outcomes.some((o) => o.startsWith("refused") && o.includes(": 503"))).toBe(true);
    expect(outcomes.some((o) => o.startsWith("lost answer") && o.includes(": 503"))).toBe(true);
  }, 240_000);

  it("finishes a reschedule cut off at any point by its retry, and frees the old time in the ledger", async () => {
    const book = async (token: string, when: string) =>
      api("POST", "/api/v1/bookings", { token, key: crypto.randomUUID(), body: { service_id: SERVICE, staff_id: STAFF, appointment_datetime: when } });
    const move = (id: number, when: string) => api("PATCH", `/api/v1/bookings/${id}`, { token: customer, body: { action: "reschedule", appointment_datetime: when } });
    // How many database requests one reschedule makes.
    const probe = await book(customer, await freeTime(14));
    const target = await freeTime(24);
    const before = proxy.seen;
    expect((await move(probe.body.booking.id, target)).status).toBe(200);
    const steps = proxy.seen - before;

    const outcomes: string[] = [];
    for (let cut = 0; cut < steps; cut++) {
      const from = await freeTime(15 + Math.floor(cut / 3));
      const booked = await book(customer, from);
      expect(booked.status).toBe(201);
      const to = await freeTime(25 + Math.floor(cut / 3));
      proxy.loseAnswers = cut % 2 === 1;
      proxy.budget = cut;
      const first = await move(booked.body.booking.id, to);
      proxy.budget = null;
      const label = `${proxy.loseAnswers ? "lost answer" : "refused"} after ${cut}: ${first.status} ${first.body?.error?.code ?? ""}`;
      outcomes.push(label);
      expect([200, 503], label).toContain(first.status);

      const retry = await move(booked.body.booking.id, to);
      expect(retry.status, label).toBe(200);
      expect(`${retry.body.booking.local_date}T${retry.body.booking.local_time}`, label).toBe(to);
      // The old time is free for real (the ledger let it go), the new one is held.
      expect((await book(rival, from)).status, label).toBe(201);
      expect((await book(rival, to)).status, label).toBe(409);
    }
    expect(outcomes.some((o) => o.includes(": 503"))).toBe(true);
  }, 240_000);
});
