// HTTP client for the YClients REST API: documented headers, JSON envelope
// (or an empty 204), per-attempt timeout, bounded retries with backoff on 429
// (Retry-After) and 5xx, client-side pacing (5/s and 200/min), paging to
// meta.total_count, and valibot-checked answers.
import * as v from "valibot";
import type { YcConfig } from "./config.js";
import { type Acquire, RECONCILE_RATE_LIMIT_WAITS_MS, sharedLimiter } from "./rate-limit.js";
import { Envelope, ListMeta } from "./schemas.js";

export type YcErrorKind = "unauthorized" | "rate_limited" | "server" | "timeout" | "network" | "invalid_response" | "not_found" | "rejected" | "incomplete";

export class YClientsError extends Error {
  constructor(
    readonly kind: YcErrorKind,
    message: string,
    readonly status?: number,
    /** From a 429's Retry-After. */
    readonly retryAfterMs: number | null = null,
    /** YClients' own words (`meta.message`), when it gave any. */
    readonly remoteMessage: string | null = null,
  ) {
    super(message);
    this.name = "YClientsError";
  }
}

export interface ClientOptions {
  /** Attempts in all, first one included. */
  maxAttempts?: number;
  timeoutMs?: number;
  /** First backoff step; doubles per retry (with jitter). */
  baseDelayMs?: number;
  /** A Retry-After or backoff longer than this ends the retries instead of waiting. */
  maxRetryWaitMs?: number;
  /**
   * Waits after each 429 without Retry-After, in order; one more 429 ends the
   * call. Empty: such a 429 is retried like a 5xx (maxAttempts, backoff).
   */
  rateLimitWaitsMs?: number[];
  acquire?: Acquire;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** Customers wait on these: fail fast, the caller falls back. */
export const interactive = (config: YcConfig): ClientOptions => ({ maxAttempts: 2, timeoutMs: config.timeoutMs, maxRetryWaitMs: 1500 });
/** Cron, admin and webhook work: patient. */
export const background = (config: YcConfig): ClientOptions => ({ maxAttempts: 4, timeoutMs: Math.max(config.timeoutMs, 15_000), maxRetryWaitMs: 30_000 });
/** Reconciliation: as patient as YClients' rate windows ask, so a run under 429s finishes. */
export const reconciling = (config: YcConfig): ClientOptions => ({ ...background(config), maxRetryWaitMs: 120_000, rateLimitWaitsMs: RECONCILE_RATE_LIMIT_WAITS_MS });

export type Query = Record<string, string | number | (string | number)[] | undefined>;

const MAX_PAGE = 200;
/** A list longer than this many pages is a runaway, not a salon. */
const MAX_PAGES = 1000;

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function messageOf(body: unknown): string | undefined {
  const meta = (body as { meta?: { message?: unknown } } | null)?.meta;
  return typeof meta?.message === "string" ? meta.message : undefined;
}

export class YClientsClient {
  private readonly o: Required<Omit<ClientOptions, "fetch">> & { fetch: typeof fetch };

  constructor(
    readonly config: YcConfig,
    options: ClientOptions = {},
  ) {
    this.o = {
      maxAttempts: options.maxAttempts ?? 3,
      timeoutMs: options.timeoutMs ?? config.timeoutMs,
      baseDelayMs: options.baseDelayMs ?? 250,
      maxRetryWaitMs: options.maxRetryWaitMs ?? 10_000,
      rateLimitWaitsMs: options.rateLimitWaitsMs ?? [],
      acquire: options.acquire ?? sharedLimiter,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    };
  }

  url(path: string, query: Query = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
    }
    const qs = params.toString();
    return `${this.config.baseUrl}${path}${qs ? `?${qs}` : ""}`;
  }

  private headers(): Headers {
    const auth = `Bearer ${this.config.partnerToken}${this.config.userToken ? `, User ${this.config.userToken}` : ""}`;
    return new Headers({ accept: "application/vnd.yclients.v2+json", "content-type": "application/json", authorization: auth });
  }

  /** One call with retries; returns the envelope (success checked). */
  async request(method: string, path: string, query: Query = {}, body?: unknown): Promise<{ data: unknown; meta: unknown }> {
    const url = this.url(path, query);
    let last: YClientsError | null = null;
    let limited = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(method, url, body);
      } catch (error) {
        if (!(error instanceof YClientsError)) throw error;
        last = error;
      }
      if (last.kind === "rate_limited" && last.retryAfterMs === null && this.o.rateLimitWaitsMs.length > 0) {
        const wait = this.o.rateLimitWaitsMs[limited++];
        if (wait === undefined) throw last;
        // These waits have their own bound: they do not use up the attempts other failures get.
        attempt--;
        await this.o.sleep(wait);
        continue;
      }
      const retryable = ["rate_limited", "server", "timeout", "network"].includes(last.kind);
      if (!retryable || attempt >= this.o.maxAttempts) throw last;
      const backoff = this.o.baseDelayMs * 2 ** (attempt - 1) * (1 + Math.random() * 0.2);
      // Retry-After is the server's word: wait that long, never less.
      const wait = last.retryAfterMs !== null ? Math.max(last.retryAfterMs, this.o.baseDelayMs) : backoff;
      if (wait > this.o.maxRetryWaitMs) throw last;
      await this.o.sleep(wait);
    }
  }

  private async once(method: string, url: string, body: unknown): Promise<{ data: unknown; meta: unknown }> {
    await this.o.acquire();
    let response: Response;
    try {
      response = await this.o.fetch(url, {
        method,
        headers: this.headers(),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error)?.name === "TimeoutError" || (error as Error)?.name === "AbortError";
      throw new YClientsError(timedOut ? "timeout" : "network", timedOut ? `YClients did not answer in ${this.o.timeoutMs} ms` : `YClients unreachable: ${String(error)}`);
    }
    const text = await response.text().catch(() => "");
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    // The HTTP status decides; the body (either error shape) only explains.
    const message = messageOf(json) ?? `HTTP ${response.status}`;
    if (response.status === 429) {
      throw new YClientsError("rate_limited", `YClients rate limit: ${message}`, 429, retryAfterMs(response.headers.get("retry-after")));
    }
    if (response.status >= 500) throw new YClientsError("server", `YClients server error: ${message}`, response.status);
    if (response.status === 401 || response.status === 403) throw new YClientsError("unauthorized", `YClients refused the credentials: ${message}`, response.status);
    if (response.status === 404) throw new YClientsError("not_found", `YClients has no such thing: ${message}`, 404);
    if (!response.ok) throw new YClientsError("rejected", `YClients refused: ${message}`, response.status, null, messageOf(json) ?? null);
    // DELETE /record answers 204 with nothing to parse.
    if (response.status === 204 || text.trim() === "") return { data: null, meta: null };
    const envelope = v.safeParse(Envelope, json);
    if (!envelope.success) throw new YClientsError("invalid_response", `YClients answered ${response.status} with an unexpected body`, response.status);
    if (envelope.output.success === false) throw new YClientsError("rejected", `YClients refused: ${message}`, response.status);
    return { data: envelope.output.data ?? null, meta: envelope.output.meta ?? null };
  }

  /** GET returning `data` checked against a schema. */
  async get<S extends v.GenericSchema>(path: string, schema: S, query: Query = {}): Promise<v.InferOutput<S>> {
    const { data } = await this.request("GET", path, query);
    return parse(schema, data, path);
  }

  /**
   * Every page of a list. YClients may serve fewer items per page than asked,
   * so a short page proves nothing: pages are read until `meta.total_count`
   * is reached (or, with no total, until an empty page). An empty page or a
   * page of nothing new before the total is an error, never a partial list.
   */
  async list<S extends v.GenericSchema>(path: string, item: S, query: Query = {}, count = MAX_PAGE): Promise<v.InferOutput<S>[]> {
    const size = Math.min(Math.max(1, count), MAX_PAGE);
    const all: v.InferOutput<S>[] = [];
    const seen = new Set<string>();
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { data, meta } = await this.request("GET", path, { ...query, page, count: size });
      const items = parse(v.array(item), data, path);
      const total = v.safeParse(ListMeta, meta);
      const known = total.success ? total.output.total_count : undefined;
      let fresh = 0;
      for (const entry of items) {
        const key = JSON.stringify((entry as { id?: unknown })?.id ?? entry);
        if (seen.has(key)) continue;
        seen.add(key);
        all.push(entry);
        fresh++;
      }
      if (known !== undefined && all.length >= known) return all;
      if (items.length === 0) {
        if (known === undefined) return all;
        throw new YClientsError("incomplete", `YClients ${path}: page ${page} is empty after ${all.length} of ${known} items`);
      }
      if (fresh === 0) throw new YClientsError("incomplete", `YClients ${path}: page ${page} repeats earlier items (${all.length} of ${known ?? "?"})`);
    }
    throw new YClientsError("incomplete", `YClients ${path}: more than ${MAX_PAGES} pages`);
  }
}

function parse<S extends v.GenericSchema>(schema: S, data: unknown, path: string): v.InferOutput<S> {
  const result = v.safeParse(schema, data);
  if (!result.success) {
    const issue = result.issues[0];
    throw new YClientsError("invalid_response", `YClients ${path}: unexpected data at ${v.getDotPath(issue) ?? "(root)"}: ${issue.message}`);
  }
  return result.output;
}
