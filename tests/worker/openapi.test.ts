// The published API contract: an OpenAPI 3.1 document generated from the
// routes' valibot schemas, and a docs page made from it. Every route the app
// registers must be in it: the list comes from the Hono app, so a route added
// without `doc(...)` fails here until it is described.
import { describe, expect, it } from "vitest";
import { app } from "../../worker/index.js";
import { call } from "./client.js";

const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, "{$1}");

function appRoutes(): string[] {
  const all = app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`);
  return [...new Set(all)].sort();
}

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 and lists every route the app registers", async () => {
    const res = await call("GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(appRoutes().length).toBeGreaterThan(30);
    expect(appRoutes().filter((route) => !documented.includes(route))).toEqual([]);
  });

  it("describes every operation's answers, including the outage 503 with Retry-After", async () => {
    const { body } = await call("GET", "/api/v1/openapi.json");
    for (const [path, methods] of Object.entries(body.paths as Record<string, Record<string, { summary?: string; responses: Record<string, { headers?: object }> }>>)) {
      for (const [method, op] of Object.entries(methods)) {
        expect(op.summary, `${method} ${path}`).toBeTruthy();
        expect(Object.keys(op.responses["503"]?.headers ?? {}), `${method} ${path}`).toContain("Retry-After");
      }
    }
  });

  it("documents the request schemas the routes validate with, and the details people asked about", async () => {
    const { body } = await call("GET", "/api/v1/openapi.json");
    const create = body.paths["/api/v1/bookings"].post;
    const key = create.parameters.find((p: { in: string; name: string }) => p.in === "header" && p.name === "Idempotency-Key");
    expect(key.required).toBe(true);
    expect(key.description).toMatch(/8–200/);
    expect(JSON.stringify(create.requestBody)).toContain("appointment_datetime");

    const schedule = JSON.stringify(body.paths["/api/v1/admin/staff/{id}/schedule"].post.requestBody);
    expect(schedule).toMatch(/0 = Monday/);
    const remove = body.paths["/api/v1/admin/staff/{id}/schedule/{schedule_id}"].delete;
    const force = remove.parameters.find((p: { name: string }) => p.name === "force");
    expect(force).toMatchObject({ in: "query", required: false });
    expect(force.schema.enum).toEqual(["true", "false"]);

    const slots = body.paths["/api/v1/booking/time-slots/{service_id}"].get;
    expect(slots.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["service_id", "staff_id", "date", "from", "days"]));
    expect(body.paths["/api/v1/admin/users"].get.security).toEqual([{ bearer: [] }]);
  });

  it("serves a docs page rendered from the document, with no scripts", async () => {
    const res = await call("GET", "/api/v1/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = String(res.body);
    expect(html).not.toMatch(/<script/i);
    for (const route of appRoutes()) expect(html, route).toContain(route.split(" ")[1]);
  });
});
