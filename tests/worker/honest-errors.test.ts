// Answers that must say what happened: a 503 means "try again soon", so a
// body that is not JSON or a channel that is switched off must not get one.
import { env, exports } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Env } from "../../worker/env.js";
import worker from "../../worker/index.js";
import { call } from "./client.js";
import { adminToken } from "./scenario.js";

describe("payment webhooks", () => {
  it("answers a body that is not JSON with 400 invalid_json, for every provider", async () => {
    for (const provider of ["yookassa", "test"]) {
      for (const raw of ["{", "", "not json", '{"event":'] ) {
        const res = await call("POST", `/api/v1/payments/webhook/${provider}`, { raw, headers: { "content-type": "application/json" } });
        expect(res.status, `${provider} ${JSON.stringify(raw)}`).toBe(400);
        expect(res.body.error.code).toBe("invalid_json");
        expect(res.headers.get("retry-after")).toBeNull();
      }
    }
  });

  it("answers a body larger than 64 KiB with 413", async () => {
    const res = await call("POST", "/api/v1/payments/webhook/yookassa", { raw: JSON.stringify({ pad: "x".repeat(70 * 1024) }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
  });
});

describe("the YClients channel switched off", () => {
  /** The same Worker with YClients off, as a salon without the integration runs it. */
  async function withoutYclients(method: string, path: string, token: string) {
    const ctx = createExecutionContext();
    const off = { ...(env as unknown as Env), YCLIENTS_ENABLED: "false" } as Env;
    const response = await worker.fetch!(new Request(`http://salon.test${path}`, { method, headers: { authorization: `Bearer ${token}` } }) as never, off, ctx);
    await waitOnExecutionContext(ctx);
    return { status: response.status, headers: response.headers, body: (await response.json()) as { error: { code: string; message: string } } };
  }

  it("answers sync-bookings and sync-catalog with 409 yclients_disabled and no Retry-After", async () => {
    const token = await adminToken();
    for (const path of ["/api/v1/yclients/sync-bookings", "/api/v1/yclients/sync-catalog"]) {
      const res = await withoutYclients("POST", path, token);
      expect(res.status, path).toBe(409);
      expect(res.body.error.code).toBe("yclients_disabled");
      expect(res.body.error.message).toMatch(/switched off/);
      expect(res.headers.get("retry-after")).toBeNull();
    }
    // With the channel on, the same route runs.
    expect((await exports.default.fetch(new Request("http://salon.test/api/v1/yclients/status", { headers: { authorization: `Bearer ${token}` } }))).status).toBe(200);
  });
});
