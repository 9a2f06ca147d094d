import { describe, expect, it } from "vitest";
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
