// Workers Rate Limiting, as workerd runs the wrangler.toml bindings locally:
// each route group counts a client's requests per minute (an IPv6 client by
// its /64) and refuses the one past the limit with 429 and Retry-After.
import { describe, expect, it } from "vitest";
import { call, newClientIp, type Answer } from "./client.js";

const minute = () => Math.floor(Date.now() / 60_000);

/**
 * Sends `limit + 1` requests from one client at once. The local limiter
 * counts in fixed minutes: within one minute exactly the last is refused; a
 * burst that straddles a minute boundary starts its count over, so requests
 * go on one at a time until the refusal (at most `limit` more).
 */
async function burst(limit: number, send: (client: () => string, i: number) => Promise<Answer>) {
  const started = minute();
  const ip = newClientIp();
  const answers = await Promise.all(Array.from({ length: limit + 1 }, (_, i) => send(() => ip, i)));
  let refused = answers.filter((a) => a.status === 429);
  if (minute() === started) expect(refused).toHaveLength(1);
  for (let i = limit + 1; refused.length === 0 && i <= 2 * limit + 1; i++) {
    const answer = await send(() => ip, i);
    if (answer.status === 429) refused = [answer];
  }
  return { ip, refused };
}

function expectRateLimited(answer: Answer | undefined, group: string) {
  expect(answer?.status).toBe(429);
  expect(answer?.body.error).toMatchObject({ code: "rate_limited", details: { retry_after: 60, limit: group } });
  expect(answer?.headers.get("retry-after")).toBe("60");
}

describe("rate limits per client and route group", () => {
  it("refuses the 31st sign-in request of a minute from one client with 429 and Retry-After", async () => {
    const { ip, refused } = await burst(30, (client) => call("POST", "/api/v1/auth/otp/verify", { body: { phone: "+79990000100", code: "x" }, headers: { "cf-connecting-ip": client() } }));
    expectRateLimited(refused[0], "sign_in");
    // Another client is not affected, nor is this client's use of another group.
    expect((await call("POST", "/api/v1/auth/otp/verify", { body: {} })).status).toBe(400);
    expect((await call("GET", "/api/v1/manage/not-a-token", { headers: { "cf-connecting-ip": ip } })).status).not.toBe(429);
  });

  it("limits booking writes to 30 a minute per client, before anything else is checked", async () => {
    const { ip, refused } = await burst(30, (client, i) => call(i % 2 ? "PATCH" : "POST", i % 2 ? "/api/v1/bookings/1" : "/api/v1/visits", { body: {}, headers: { "cf-connecting-ip": client() } }));
    expectRateLimited(refused[0], "booking");
    // Reading bookings is not a booking write.
    expect((await call("GET", "/api/v1/bookings", { headers: { "cf-connecting-ip": ip } })).status).toBe(401);
  });

  it("limits time-slot and visit searches to 240 a minute per client", async () => {
    const { refused } = await burst(240, (client, i) => call("GET", i % 2 ? "/api/v1/booking/time-slots/3?date=bad" : "/api/v1/booking/visit-slots?items=bad", { headers: { "cf-connecting-ip": client() } }));
    expectRateLimited(refused[0], "slots");
  });

  it("limits the waitlist to 30 requests a minute per client", async () => {
    const { refused } = await burst(30, (client) => call("GET", "/api/v1/waitlist", { headers: { "cf-connecting-ip": client() } }));
    expectRateLimited(refused[0], "waitlist");
  });

  it("counts every address of one IPv6 /64 as one client on the public manage and review pages", async () => {
    // Each request from another address of the client's /64.
    const { refused } = await burst(60, (client, i) => call("GET", i % 2 ? `/api/v1/manage/t${i}` : `/api/v1/reviews/t${i}`, { headers: { "cf-connecting-ip": client().replace(/::1$/, `:${(i + 1).toString(16)}:0:0:1`) } }));
    expectRateLimited(refused[0], "links");
  });

  it("documents the 429 on every limited route", async () => {
    const { body } = await call("GET", "/api/v1/openapi.json");
    for (const [path, method] of [["/auth/otp/request", "post"], ["/bookings", "post"], ["/booking/time-slots/{service_id}", "get"], ["/booking/visit-slots", "get"], ["/waitlist", "post"], ["/manage/{token}", "get"], ["/reviews/{token}", "post"]] as const) {
      const answer = body.paths[`/api/v1${path}`]?.[method]?.responses?.["429"];
      expect(answer?.headers?.["Retry-After"], `${method} ${path}`).toBeDefined();
    }
  });
});
