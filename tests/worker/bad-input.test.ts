import { describe, expect, it } from "vitest";
import { exports } from "cloudflare:workers";
import { call } from "./client.js";

describe("bad input never becomes a 500", () => {
  const cases: [string, string, { raw?: string; body?: unknown; headers?: Record<string, string> }][] = [
    ["malformed JSON", "/api/v1/auth/otp/request", { raw: "{phone:", headers: { "content-type": "application/json" } }],
    ["empty body", "/api/v1/auth/otp/request", { raw: "" }],
    ["a JSON array", "/api/v1/auth/otp/request", { body: [1, 2] }],
    ["a number for the phone", "/api/v1/auth/otp/request", { body: { phone: 79990000100 } }],
    ["letters in the phone", "/api/v1/auth/otp/request", { body: { phone: "+7abc" } }],
    ["a short code", "/api/v1/auth/otp/verify", { body: { phone: "+79990000100", code: "12" } }],
    ["a code with letters", "/api/v1/auth/otp/verify", { body: { phone: "+79990000100", code: "12ab56" } }],
    ["a huge body", "/api/v1/auth/otp/verify", { raw: JSON.stringify({ phone: "x".repeat(70_000) }) }],
  ];
  for (const [what, path, opts] of cases) {
    it(`answers ${what} with a 4xx error shape`, async () => {
      const res = await call("POST", path, opts);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.error.code).toMatch(/^[a-z_]+$/);
      expect(res.body.error.message.length).toBeGreaterThan(5);
    });
  }

  it("answers huge and negative ids with 400, not 500", async () => {
    for (const id of ["99999999999999999999", "-1", "0", "1.5", "%00"]) {
      expect((await call("GET", `/api/v1/services/${id}`)).status).toBe(400);
    }
  });
});

describe("request bodies are read no further than the limit", () => {
  /** A 4 MiB JSON-ish body in 16 KiB chunks without a Content-Length, counting what the Worker pulled. */
  function endlessBody() {
    const chunk = new TextEncoder().encode(" ".repeat(16 * 1024));
    const seen = { pulled: 0, cancelled: false };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (seen.pulled >= 4 * 1024 * 1024) return controller.close();
        seen.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        seen.cancelled = true;
      },
    });
    return { stream, seen };
  }
  const post = (path: string, body: ReadableStream, headers: Record<string, string> = {}) =>
    exports.default.fetch(new Request(`http://salon.test${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body }));

  it("stops reading an unsized JSON body past 64 KiB and answers 413 payload_too_large", async () => {
    const { stream, seen } = endlessBody();
    const res = await post("/api/v1/auth/otp/request", stream);
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.code).toBe("payload_too_large");
    expect(seen.pulled).toBeLessThan(256 * 1024);
  });

  it("refuses a declared Content-Length over 64 KiB before reading the body", async () => {
    const res = await exports.default.fetch(new Request("http://salon.test/api/v1/auth/otp/request", { method: "POST", headers: { "content-type": "application/json", "content-length": String(70_000) }, body: "x".repeat(70_000) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.code).toBe("payload_too_large");
  });

  it("counts bytes, not characters: 30,000 Cyrillic letters (60,000+ bytes of UTF-8) past 64 KiB are refused", async () => {
    const res = await call("POST", "/api/v1/auth/otp/request", { raw: JSON.stringify({ phone: "я".repeat(33_000) }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(413);
  });

  it("stops reading an unsized payment notification past 64 KiB and answers it as too large", async () => {
    const { stream, seen } = endlessBody();
    const res = await post("/api/v1/payments/webhook/yookassa", stream);
    expect(res.status).toBe(413);
    expect(seen.pulled).toBeLessThan(256 * 1024);
  });
});
