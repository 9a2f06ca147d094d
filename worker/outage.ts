// Which failures are outages (503 + Retry-After: try again soon) rather than
// bugs (500). Classified here once, for every route, from the error itself:
// routes and repos let such errors fly and worker/index.ts's onError asks.
import { AppError } from "./errors.js";

/**
 * A request to the database that never got an answer: refused, reset,
 * timed out. Thrown by the database client's fetch (worker/repo/db.ts) so it
 * is told apart from a TypeError that is a bug.
 */
export class DatabaseUnreachable extends Error {
  override readonly name = "DatabaseUnreachable";
  constructor(cause: unknown) {
    super(`database_unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

// libSQL / Hrana codes that say "the server or the stream is gone or busy",
// not "your SQL is wrong". Constraint and syntax errors are not here: those
// are bugs and stay 500.
const transientCodes = new Set([
  "HRANA_CLOSED_ERROR",
  "HRANA_WEBSOCKET_ERROR",
  "STREAM_EXPIRED",
  "STREAM_NOT_FOUND",
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_IOERR",
]);

// The database's HTTP front answering "not now" (proxy or server overloaded).
const transientHttp = new Set([408, 429, 500, 502, 503, 504]);

const RETRY_AFTER_S = 5;

function* chain(error: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  for (let e = error; e !== null && typeof e === "object" && !seen.has(e) && seen.size < 8; e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    yield e as Record<string, unknown>;
  }
}

function isDatabaseOutage(error: unknown): boolean {
  for (const e of chain(error)) {
    if (e instanceof DatabaseUnreachable) return true;
    // An error that crossed a Durable Object's RPC boundary keeps its message, not its class.
    if (typeof e.message === "string" && e.message.includes("database_unreachable:")) return true;
    if (typeof e.code === "string" && transientCodes.has(e.code)) return true;
    if (e.name === "HttpServerError" && typeof e.status === "number" && transientHttp.has(e.status)) return true;
  }
  return false;
}

/**
 * Errors the Workers runtime raises when a Durable Object cannot be reached
 * or was reset (deploy, overload, lost connection): it marks them retryable
 * or overloaded.
 */
function isDurableObjectOutage(error: unknown): boolean {
  for (const e of chain(error)) {
    if (e.retryable === true || e.overloaded === true) return true;
  }
  return false;
}

/** The 503 an outage deserves, or null when the error is something else. */
export function outageOf(error: unknown): AppError | null {
  if (error instanceof AppError) return null;
  const headers = { "retry-after": String(RETRY_AFTER_S) };
  if (isDatabaseOutage(error)) {
    return new AppError("database_unavailable", "No connection to the salon's database just now; try again in a few seconds", undefined, headers);
  }
  if (isDurableObjectOutage(error)) {
    return new AppError("ledger_unavailable", "The booking ledger is not answering just now; try again in a few seconds", undefined, headers);
  }
  return null;
}

/** Every 503 tells the client when to try again, whoever raised it. */
export function withRetryAfter(error: AppError): Record<string, string> | undefined {
  if (error.status !== 503 || error.headers?.["retry-after"]) return error.headers;
  return { ...error.headers, "retry-after": String(RETRY_AFTER_S) };
}
