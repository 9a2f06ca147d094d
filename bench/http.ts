// Part 2 client side: sign-in through the real OTP flow, the two endpoints
// under test, and a closed-loop load runner (N requests, C in flight).
// The load goes out through node:http with a keep-alive agent, not fetch:
// the generator shares the two cores with the stack it measures, and
// undici's fetch cost about 2.3 ms of CPU per booking against about 0.8 ms.
import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";

export interface Outcome {
  status: number;
  ms: number;
  /** Response text, kept only for unexpected statuses so they can be reported verbatim. */
  body?: string;
  /** Set when fetch itself failed (connection refused, reset, ...). */
  error?: string;
}

export interface LoadResult {
  outcomes: Outcome[];
  wallMs: number;
}

/** An answer as the load runner needs it. */
export interface Answer {
  status: number;
  text: string;
}

/** What one request of a run does; `i` is the request's index in the run. */
export type Call = (i: number) => Promise<Answer>;

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

/** One HTTP request over the shared keep-alive agent; the answer once its body is read. */
function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { ...init.headers, ...(init.body === undefined ? {} : { "content-length": String(Buffer.byteLength(init.body)) }) };
    const req = request(url, { method: init.method ?? "GET", headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

async function timed(call: Call, i: number, expected: readonly number[]): Promise<Outcome> {
  const t0 = performance.now();
  try {
    // The answer comes with its body read: the client has nothing until it has it.
    const { status, text } = await call(i);
    const ms = performance.now() - t0;
    return expected.includes(status) ? { status, ms } : { status, ms, body: text };
  } catch (error) {
    return { status: 0, ms: performance.now() - t0, error: error instanceof Error ? `${error.message} ${String(error.cause ?? "")}`.trim() : String(error) };
  }
}

/**
 * Closed loop: `concurrency` workers each take the next index until `n` are
 * done, so at most `concurrency` requests are in flight and a slow answer
 * delays that worker's next request (like real clients waiting for a reply).
 */
export async function runLoad(n: number, concurrency: number, call: Call, expected: readonly number[], maxMs = Infinity): Promise<LoadResult> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const stopAt = performance.now() + maxMs;
  const worker = async () => {
    // The time cap keeps the whole run bounded on a busy host; fewer samples, same meaning.
    while (next < n && performance.now() < stopAt) {
      const i = next++;
      outcomes[i] = await timed(call, i, expected);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  // Indices past a cap are holes; keep only answered requests.
  return { outcomes: outcomes.filter((o) => o !== undefined), wallMs: performance.now() - t0 };
}

async function json<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** Signs in once via OTP; the code comes from the development outbox. */
export async function signIn(baseUrl: string, phone: string): Promise<string> {
  const headers = { "content-type": "application/json" };
  await json(
    await fetch(`${baseUrl}/api/v1/auth/otp/request`, { method: "POST", headers, body: JSON.stringify({ phone }) }),
    "otp request",
  );
  // The SMS row is written before the 202, so the outbox already holds it.
  const outbox = await json<{ messages: { kind: string; body: string }[] }>(
    await fetch(`${baseUrl}/api/v1/dev/outbox?phone=${encodeURIComponent(phone)}`),
    "dev outbox",
  );
  const code = /\d{6}/.exec(outbox.messages.find((m) => m.kind === "otp")?.body ?? "")?.[0];
  if (!code) throw new Error(`no sign-in code in the dev outbox for ${phone}`);
  // A new phone ticks the personal-data consent to the text in force.
  const { version } = await json<{ version: number }>(await fetch(`${baseUrl}/api/v1/legal/consent`), "consent text");
  const verified = await json<{ token: string }>(
    await fetch(`${baseUrl}/api/v1/auth/otp/verify`, { method: "POST", headers, body: JSON.stringify({ phone, code, consent: { version } }) }),
    "otp verify",
  );
  return verified.token;
}

/** GET /booking/time-slots/{service}; no staff id means "any master". */
export function slotsCall(baseUrl: string, serviceId: number, query: { staffId?: number; date?: string; from?: string; days?: number }): Call {
  const params = new URLSearchParams();
  if (query.staffId !== undefined) params.set("staff_id", String(query.staffId));
  if (query.date) params.set("date", query.date);
  if (query.from) params.set("from", query.from);
  if (query.days) params.set("days", String(query.days));
  const url = `${baseUrl}/api/v1/booking/time-slots/${serviceId}?${params}`;
  return () => send(url);
}

export interface BookingTarget {
  staffId: number;
  /** Salon wall time, "YYYY-MM-DDTHH:MM". */
  at: string;
}

/** POST /bookings with a fresh Idempotency-Key per request, so no two requests are replays of each other. */
export function bookingCall(baseUrl: string, token: string, serviceId: number, target: (i: number) => BookingTarget): Call {
  return (i) => {
    const { staffId, at } = target(i);
    return send(`${baseUrl}/api/v1/bookings`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": randomUUID() },
      body: JSON.stringify({ service_id: serviceId, staff_id: staffId, appointment_datetime: at }),
    });
  };
}
