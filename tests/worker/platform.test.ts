import { describe, expect, it } from "vitest";
import { call } from "./client.js";

describe("platform", () => {
  it("reports health with the database reachable", async () => {
    const res = await call("GET", "/api/v1/health");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ok", database: "ok" });
  });

  it("puts a request id on every response, errors included", async () => {
    const ok = await call("GET", "/api/v1/health");
    const missing = await call("GET", "/api/v1/nothing-here");
    expect(ok.headers.get("x-request-id")).toMatch(/.{8,}/);
    expect(missing.headers.get("x-request-id")).toMatch(/.{8,}/);
    expect(ok.headers.get("x-request-id")).not.toBe(missing.headers.get("x-request-id"));
  });

  it("answers unknown API routes with a JSON 404", async () => {
    const res = await call("DELETE", "/api/v1/services");
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: "not_found" });
  });

  it("serves the PWA shell for app paths", async () => {
    const root = await call("GET", "/");
    expect(root.status).toBe(200);
    expect(root.headers.get("content-type")).toContain("text/html");
    const deep = await call("GET", "/services/3", { headers: { accept: "text/html" } });
    expect(deep.status).toBe(200);
    expect(String(deep.body)).toContain("<div id=\"root\"");
  });
});
