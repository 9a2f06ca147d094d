// Calls the real Worker (as wrangler.toml builds it) inside workerd.
import { env, exports } from "cloudflare:workers";
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import type { Env } from "../../worker/env.js";
import worker from "../../worker/index.js";
import { AnswerChecker } from "./openapi-answers.js";

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

let clientCounter = 0;
// Test files share one Worker's rate limit counters and one database: a random
// IPv6 /32 drawn once per file keeps files' clients apart (as freshPhone's block does).
const hex16 = () => Math.floor(Math.random() * 0x10000).toString(16);
const clientBlock = `fd${Math.floor(Math.random() * 0x100).toString(16).padStart(2, "0")}:${hex16()}`;
/**
 * A distinct client per call (its own IPv6 /64, which the Worker counts
 * limits by), so per-client rate limits do not leak between tests. `call`
 * uses a new one unless a test names the client with `cf-connecting-ip`.
 */
export const newClientIp = () => {
  clientCounter += 1;
  return `${clientBlock}:${(clientCounter >> 16).toString(16)}:${(clientCounter & 0xffff).toString(16)}::1`;
};

export async function call<T = any>(
  method: string,
  path: string,
  opts: { body?: unknown; raw?: string; token?: string; headers?: Record<string, string>; env?: Env } = {},
): Promise<Answer<T>> {
  const headers = new Headers(opts.headers);
  if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", newClientIp());
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(opts.body);
  }
  const request = new Request(`http://salon.test${path}`, { method, headers, body });
  const response = opts.env ? await withEnv(opts.env, request) : await exports.default.fetch(request);
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  const problems = (await answerChecker()).check({ method, url: path, status: response.status, contentType: type, text });
  // The answer disagrees with /api/v1/openapi.json: fix the document or the route (tests/worker/openapi-answers.ts).
  if (problems.length > 0) throw new Error(`The answer does not match the OpenAPI document:\n  ${problems.join("\n  ")}`);
  return { status: response.status, headers: response.headers, body: type.includes("json") && text ? JSON.parse(text) : text };
}

/** The Worker's fetch handler with other bindings (e.g. a YClients fake scope of the file's own); waits for what it left running. */
async function withEnv(bindings: Env, request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch!(request as never, bindings, ctx);
  const copy = new Response(await response.arrayBuffer(), response);
  await waitOnExecutionContext(ctx);
  return copy;
}

let checker: Promise<AnswerChecker> | undefined;
/** The published document, read once per test file straight from the Worker (not through call(), which checks against it). */
function answerChecker(): Promise<AnswerChecker> {
  checker ??= exports.default
    .fetch(new Request("http://salon.test/api/v1/openapi.json"))
    .then((r) => r.json())
    .then((doc) => new AnswerChecker(doc as ConstructorParameters<typeof AnswerChecker>[0]));
  return checker;
}

/** The most recent sign-in code the dev transport holds for a phone. */
export async function lastCodeFor(phone: string): Promise<string> {
  const { body } = await call("GET", `/api/v1/dev/outbox?phone=${encodeURIComponent(phone)}`);
  const message = body.messages.find((m: { kind: string }) => m.kind === "otp");
  const code = /\d{6}/.exec(message?.body ?? "")?.[0];
  if (!code) throw new Error(`no sign-in code in the dev outbox for ${phone}`);
  return code;
}

/** The version of the personal-data consent text in force (what a person ticking the box agrees to). */
export async function consentVersion(): Promise<number> {
  const { body } = await call("GET", "/api/v1/legal/consent");
  return body.version;
}

/**
 * Signs in through the real OTP flow, ticking the personal-data consent, and
 * returns the session token. A test that publishes a new consent text can
 * race this one: the 422 names the version in force, which is agreed to.
 */
export async function signIn(phone: string): Promise<{ token: string; user: any; consent: any }> {
  const ip = newClientIp();
  const requested = await call("POST", "/api/v1/auth/otp/request", { body: { phone }, headers: { "cf-connecting-ip": ip } });
  if (requested.status !== 202) throw new Error(`otp request failed: ${JSON.stringify(requested.body)}`);
  const code = await lastCodeFor(phone);
  let verified = await call("POST", "/api/v1/auth/otp/verify", { body: { phone, code, consent: { version: await consentVersion() } } });
  if (verified.status === 422 && verified.body.error?.code === "consent_required") {
    verified = await call("POST", "/api/v1/auth/otp/verify", { body: { phone, code, consent: { version: verified.body.error.details.version } } });
  }
  if (verified.status !== 200) throw new Error(`otp verify failed: ${JSON.stringify(verified.body)}`);
  return verified.body;
}

let phoneCounter = 0;
// Test files share one database but each has its own copy of this module: a
// block of numbers drawn once per file keeps files apart (a fresh random
// prefix per call let two files' calls with the same counter collide). The
// block spans 900 000 choices (operator code 900–989 × 10 000): with 10 000
// two of ~45 files met once in ten runs (UNIQUE users.phone); now about one in
// a thousand. Codes 990–999 are left to the seed and hand-written numbers.
const phoneBlock = `${900 + Math.floor(Math.random() * 90)}${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;

/** A phone no other test uses, so rate limits and attempts stay per test. */
export function freshPhone(): string {
  phoneCounter += 1;
  if (phoneCounter > 999) throw new Error("freshPhone: more than 999 phones in one test file");
  return `+7${phoneBlock}${String(phoneCounter).padStart(3, "0")}`;
}

/** Runs the Worker's cron handler as of `at` (epoch ms) and waits for all it started. */
export async function runCron(at: number): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled!(createScheduledController({ scheduledTime: at, cron: "*/5 * * * *" }), env as unknown as Env, ctx);
  await waitOnExecutionContext(ctx);
}
