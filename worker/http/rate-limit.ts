// Workers Rate Limiting in front of the routes anyone can hammer: one binding
// per route group (wrangler.toml `[[ratelimits]]`, run locally by workerd and
// Miniflare), counted per client (an IPv4 address or an IPv6 /64) and group.
// Over the limit: 429 `rate_limited` with Retry-After, before any work.
import type { Context, MiddlewareHandler, Next } from "hono";
import { type AppEnv, type Env, isDevelopment } from "../env.js";
import { AppError } from "../errors.js";
import { clientKeyOf } from "../lib/client-address.js";

/** Route group → its binding in wrangler.toml. */
export const rateLimitBindings = {
  sign_in: "RATE_LIMIT_SIGN_IN",
  booking: "RATE_LIMIT_BOOKING",
  slots: "RATE_LIMIT_SLOTS",
  waitlist: "RATE_LIMIT_WAITLIST",
  links: "RATE_LIMIT_LINKS",
  certificate_codes: "RATE_LIMIT_CERTIFICATE_CODES",
} as const satisfies Record<string, keyof Env>;
export type RateGroup = keyof typeof rateLimitBindings;

/** Every binding counts over a minute (`simple.period = 60`), so a refused client waits at most that. */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

/**
 * The group's limit for requests of these methods (all when omitted). A
 * deployment without the binding is not limited; in development only,
 * RATE_LIMITS=off turns the limits off for the local benchmark.
 */
export function rateLimit(group: RateGroup, methods?: readonly string[]): MiddlewareHandler<AppEnv> {
  return async (c: Context<AppEnv>, next: Next) => {
    if (!methods || methods.includes(c.req.method)) await countRequest(c, group);
    await next();
  };
}

/**
 * Counts one request of the group for this client and, where given, for an
 * account too (a signed-in guesser changing addresses is still one account);
 * over either limit: 429 before any work.
 */
export async function countRequest(c: Context<AppEnv>, group: RateGroup, accountId?: number): Promise<void> {
  const limiter = c.env[rateLimitBindings[group]];
  const off = isDevelopment(c.env) && c.env.RATE_LIMITS === "off";
  if (!limiter || off) return;
  const keys = [`${group}:${clientKeyOf(c.req.header("cf-connecting-ip"))}`, ...(accountId === undefined ? [] : [`${group}:account:${accountId}`])];
  const answers = await Promise.all(keys.map((key) => limiter.limit({ key })));
  if (answers.every((a) => a.success)) return;
  const wait = RATE_LIMIT_PERIOD_SECONDS;
  throw new AppError("rate_limited", `Too many requests; try again in ${wait} s`, { retry_after: wait, limit: group }, { "retry-after": String(wait) });
}
