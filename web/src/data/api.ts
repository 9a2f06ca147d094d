// The one place that talks to the JSON API. Every answer is validated with
// the valibot contracts shared with the worker; failures become ApiRequestError.
import * as v from "valibot";
import { ApiError, ServiceList } from "../../../worker/contracts/catalog";
import { freshToken, renewSession } from "./renew";
import { authHeader, readToken } from "./token";

export const API_BASE = "/api/v1";

export type ApiErrorCode =
  /** fetch() itself failed: offline, DNS, connection reset… */
  | "network"
  /** the body did not match the contract */
  | "invalid_response"
  /** request was aborted by the caller */
  | "aborted"
  /** any `error.code` the API sends, e.g. "not_found", "internal" */
  | (string & {});

/** No connection, or a 503 saying the salon's database or booking ledger is down for a moment. */
const UNREACHABLE_CODES = new Set(["network", "database_unavailable", "ledger_unavailable"]);

export const isUnreachableCode = (code: string): boolean => UNREACHABLE_CODES.has(code);

export function isUnreachable(status: number, code: string): boolean {
  return status === 0 || isUnreachableCode(code);
}

/** Typed error built from the API's `{error:{code,message,details}}` shape. */
export class ApiRequestError extends Error {
  override readonly name = "ApiRequestError";
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** HTTP status; 0 when no response was received */
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get isNetwork(): boolean {
    return this.code === "network";
  }

  /**
   * The salon could not be reached: no connection, or the API answered that
   * its database or booking ledger is down (503). Either way the request had
   * no effect it cannot repeat, so it may wait in the offline outbox.
   */
  get isUnreachable(): boolean {
    return isUnreachable(this.status, this.code);
  }

  get isServerError(): boolean {
    return this.status >= 500;
  }
}

export type Fresh<T> = {
  status: 200;
  data: T;
  etag: string | null;
  /** true when the service worker answered from its runtime cache */
  fromServiceWorkerCache: boolean;
  /** server's Date header (ms), if present */
  serverDate: number | null;
};
export type NotModified = { status: 304 };

export type GetOptions = { etag?: string | null; signal?: AbortSignal };

/**
 * fetch() of an API path, with its failures as ApiRequestError: no answer
 * ("network" or "aborted") or a non-2xx status (the API's error code). A 304
 * is returned with no body.
 */
export async function apiFetch(path: string, init: RequestInit): Promise<{ res: Response; body: unknown }> {
  // The page's own session token is renewed as it is used: before it ends, and once after a 401.
  const sent = bearerOf(init);
  const ours = sent !== null && sent === readToken();
  if (ours) init = withBearer(init, (await freshToken()) ?? sent);
  try {
    return await fetchOnce(path, init);
  } catch (err) {
    if (!(ours && err instanceof ApiRequestError && err.status === 401) || (await renewSession()) !== "renewed") throw err;
    return fetchOnce(path, withBearer(init, readToken() ?? sent));
  }
}

function bearerOf(init: RequestInit): string | null {
  const value = (init.headers as Record<string, string> | undefined)?.Authorization;
  return value?.startsWith("Bearer ") ? value.slice(7) : null;
}

const withBearer = (init: RequestInit, token: string): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), ...authHeader(token) } });

async function fetchOnce(path: string, init: RequestInit): Promise<{ res: Response; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, { ...init, credentials: "same-origin" });
  } catch (err) {
    if (init.signal?.aborted) throw new ApiRequestError("aborted", "Request aborted", 0);
    throw new ApiRequestError("network", err instanceof Error ? err.message : "Network error", 0);
  }
  if (res.status === 304) return { res, body: undefined };

  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }

  if (!res.ok) {
    const parsed = v.safeParse(ApiError, body);
    if (parsed.success) {
      const { code, message, details } = parsed.output.error;
      throw new ApiRequestError(code, message, res.status, details);
    }
    throw new ApiRequestError("http_error", `HTTP ${res.status}`, res.status);
  }
  return { res, body };
}

/** A JSON call (`body` sent as JSON when given, the session's token when `auth`) whose answer is checked against `schema`. */
export async function sendJson<S extends v.GenericSchema>(method: string, path: string, schema: S, body?: unknown, auth = false): Promise<v.InferOutput<S>> {
  const headers: Record<string, string> = { Accept: "application/json", ...(auth ? authHeader() : {}) };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const { res, body: json } = await apiFetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return parseAnswer(path, schema, json, res.status);
}

/** The answer `body` of `path` checked against its contract. */
export function parseAnswer<S extends v.GenericSchema>(path: string, schema: S, body: unknown, status: number): v.InferOutput<S> {
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) {
    throw new ApiRequestError("invalid_response", `Response of ${path} does not match the contract`, status, v.flatten(parsed.issues));
  }
  return parsed.output;
}

export async function getJson<S extends v.GenericSchema>(
  path: string,
  schema: S,
  { etag, signal }: GetOptions = {},
): Promise<Fresh<v.InferOutput<S>> | NotModified> {
  const headers: Record<string, string> = { Accept: "application/json", ...authHeader() };
  // A manual conditional request makes the browser pass a 304 through to us.
  if (etag) headers["If-None-Match"] = etag;

  const { res, body } = await apiFetch(path, { headers, signal });
  if (res.status === 304) return { status: 304 };
  const data = parseAnswer(path, schema, body, res.status);

  const date = res.headers.get("Date");
  const serverDate = date ? Date.parse(date) : NaN;
  return {
    status: 200,
    data,
    etag: res.headers.get("ETag"),
    fromServiceWorkerCache: res.headers.get("X-Served-From") === "sw-cache",
    serverDate: Number.isNaN(serverDate) ? null : serverDate,
  };
}

/** GET /api/v1/services */
export function getServices(options?: GetOptions) {
  return getJson("/services", ServiceList, options);
}
