// HTTP client for the YClients REST API: documented headers, JSON envelope,
// per-attempt timeout, bounded retries with backoff on 429 (Retry-After) and
// 5xx, client-side pacing, paging, and valibot-checked answers.
import * as v from "valibot";
import type { YcConfig } from "./config.js";
import { type Acquire, sharedLimiter } from "./rate-limit.js";
import { Envelope, ListMeta } from "./schemas.js";

export type YcErrorKind = "unauthorized" | "rate_limited" | "server" | "timeout" | "network" | "invalid_response" | "rejected";

export class YClientsError extends Error {
  constructor(
    readonly kind: YcErrorKind,
    message: string,
    readonly status?: number,
    /** From a 429's Retry-After. */
    readonly retryAfterMs: number | null = null,
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
  acquire?: Acquire;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** Customers wait on these: fail fast, the caller falls back. */
export const interactive = (config: YcConfig): ClientOptions => ({ maxAttempts: 2, timeoutMs: config.timeoutMs, maxRetryWaitMs: 1500 });
/** Cron, admin and webhook work: patient. */
export const background = (config: YcConfig): ClientOptions => ({ maxAttempts: 4, timeoutMs: Math.max(config.timeoutMs, 15_000), maxRetryWaitMs: 30_000 });

export type Query = Record<string, string | number | (string | number)[] | undefined>;

const MAX_PAGE = 200;

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
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(method, url, body);
      } catch (error) {
        if (!(error instanceof YClientsError)) throw error;
        last = error;
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
    const message = messageOf(json) ?? `HTTP ${response.status}`;
    if (response.status === 429) {
      throw new YClientsError("rate_limited", `YClients rate limit: ${message}`, 429, retryAfterMs(response.headers.get("retry-after")));
    }
    if (response.status >= 500) throw new YClientsError("server", `YClients server error: ${message}`, response.status);
    if (response.status === 401 || response.status === 403) throw new YClientsError("unauthorized", `YClients refused the credentials: ${message}`, response.status);
    const envelope = v.safeParse(Envelope, json);
    if (!envelope.success) throw new YClientsError("invalid_response", `YClients answered ${response.status} with an unexpected body`, response.status);
    if (!response.ok || !envelope.output.success) throw new YClientsError("rejected", `YClients refused: ${message}`, response.status);
    return { data: envelope.output.data, meta: envelope.output.meta };
  }

  /** GET returning `data` checked against a schema. */
  async get<S extends v.GenericSchema>(path: string, schema: S, query: Query = {}): Promise<v.InferOutput<S>> {
    const { data } = await this.request("GET", path, query);
    return parse(schema, data, path);
  }

  /** Every page of a list (`page`, `count` ≤ 200, `meta.total_count`). */
  async list<S extends v.GenericSchema>(path: string, item: S, query: Query = {}, count = MAX_PAGE): Promise<v.InferOutput<S>[]> {
    const size = Math.min(Math.max(1, count), MAX_PAGE);
    const all: v.InferOutput<S>[] = [];
    for (let page = 1; page <= 1000; page++) {
      const { data, meta } = await this.request("GET", path, { ...query, page, count: size });
      const items = parse(v.array(item), data, path);
      all.push(...items);
      const total = v.safeParse(ListMeta, meta);
      const known = total.success ? total.output.total_count : undefined;
      if (items.length < size || (known !== undefined && all.length >= known)) break;
    }
    return all;
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
