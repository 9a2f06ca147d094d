// Production refuses to run quietly with links pointing at localhost: without
// APP_URL (or PUBLIC_BASE_URL) /health reports the misconfiguration (the
// dispatcher's hold is tested in tests/notify/dispatcher.test.ts).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../worker/index.js";

const production = (vars: Record<string, string | undefined>) => ({ ...(env as object), ENVIRONMENT: "production", ...vars });

describe("health and the app's public origin", () => {
  it("reports production without APP_URL as misconfigured (503) and is ok once it is set", async () => {
    const missing = await app.request("/api/v1/health", {}, production({ APP_URL: undefined, PUBLIC_BASE_URL: undefined }));
    expect(missing.status).toBe(503);
    expect(await missing.json()).toMatchObject({ status: "misconfigured", database: "ok", problems: [{ code: "app_url_missing", message: expect.stringContaining("APP_URL") }] });

    for (const vars of [{ APP_URL: "https://booking.salon.example" }, { APP_URL: undefined, PUBLIC_BASE_URL: "https://salon.example" }]) {
      const ok = await app.request("/api/v1/health", {}, production(vars));
      expect(ok.status, JSON.stringify(vars)).toBe(200);
      expect(await ok.json()).toMatchObject({ status: "ok" });
    }
    // Development may link to the local stack.
    const dev = await app.request("/api/v1/health", {}, { ...(env as object), APP_URL: undefined });
    expect(dev.status).toBe(200);
  });
});
