// The published API contract: an OpenAPI 3.1 document generated from the
// routes' valibot schemas, and a docs page made from it. Every route the app
// registers must be in it: the list comes from the Hono app, so a route added
// without `doc(...)` fails here until it is described.
import { describe, expect, it } from "vitest";
import { app } from "../../worker/index.js";
import { call } from "./client.js";
import { AnswerChecker } from "./openapi-answers.js";

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
    const origin = create.parameters.find((p: { in: string; name: string }) => p.in === "header" && p.name === "X-Booking-Origin");
    expect(origin).toMatchObject({ required: false, schema: { enum: ["online", "offline"] } });

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

  it("describes every admin write's body and every admin answer with its real schema", async () => {
    const { body } = await call("GET", "/api/v1/openapi.json");
    type Op = { summary: string; requestBody?: { content: Record<string, { schema: object }> }; responses: Record<string, { content?: Record<string, { schema: object }> }> };
    const schemaOf = (s: object | undefined): Record<string, unknown> => {
      const ref = (s as { $ref?: string } | undefined)?.$ref;
      return ref ? body.components.schemas[ref.split("/").pop()!] : (s as Record<string, unknown>);
    };
    // A described schema names its fields; `{}` is what an unknown() body becomes.
    const fieldsOf = (s: object | undefined) => Object.keys((schemaOf(s)?.properties as object | undefined) ?? {});
    // The two maintenance actions (run the cron, rebuild a ledger) take no body and answer a free-form report.
    const actions = ["post /api/v1/admin/cron/run", "post /api/v1/admin/staff/{id}/ledger/rebuild"];
    const admin = Object.entries(body.paths as Record<string, Record<string, Op>>)
      .filter(([path]) => path.startsWith("/api/v1/admin/"))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => [`${method} ${path}`, method, op] as const))
      .filter(([route]) => !actions.includes(route));
    expect(admin.length).toBeGreaterThan(35);
    for (const [route, method, op] of admin) {
      expect(op.summary, route).not.toMatch(/See worker|schemas in/);
      // Every write except a DELETE takes a described body.
      if (method !== "get" && method !== "delete") expect(fieldsOf(op.requestBody?.content["application/json"]?.schema), route).not.toEqual([]);
      const ok = op.responses["200"] ?? op.responses["201"];
      expect(fieldsOf(ok?.content?.["application/json"]?.schema), route).not.toEqual([]);
    }

    const createService = body.paths["/api/v1/admin/services"].post as Op;
    expect(fieldsOf(createService.requestBody?.content["application/json"]?.schema)).toEqual(
      expect.arrayContaining(["name", "duration_min", "buffer_after_min", "price_minor", "prepayment", "addon_ids"]),
    );
    const created = schemaOf(createService.responses["201"]!.content!["application/json"]!.schema);
    expect(Object.keys(created.properties as object)).toEqual(["service"]);
    expect(JSON.stringify(created)).toContain("duration_min");

    const stats = body.paths["/api/v1/admin/stats"].get as Op & { parameters: { name: string; required: boolean }[] };
    expect(stats.parameters.filter((p) => p.required).map((p) => p.name).sort()).toEqual(["from", "to"]);
    expect(stats.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["group", "staff_id", "format"]));
    expect(fieldsOf(stats.responses["200"]!.content!["application/json"]!.schema)).toEqual(expect.arrayContaining(["from", "to", "group"]));
  });

  it("serves a docs page rendered from the document, with no scripts", async () => {
    const res = await call("GET", "/api/v1/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = String(res.body);
    expect(html).not.toMatch(/<script/i);
    for (const route of appRoutes()) expect(html, route).toContain(route.split(" ")[1]);
  });

  it("checks every answer of call() against the document: unknown fields, statuses and content types are mismatches naming route, status and path", () => {
    const doc = {
      paths: {
        "/api/v1/things/{id}": {
          get: {
            responses: {
              "200": { content: { "application/json": { schema: { type: "object", properties: { thing: { type: "object", properties: { id: { type: "integer" }, tags: { type: "array", items: { type: "string" } } }, required: ["id"] } }, required: ["thing"] } } } },
              "304": { description: "Not modified" },
            },
          },
        },
        "/api/v1/things/list": { get: { responses: { "200": { content: { "text/csv": { schema: { type: "string" } } } } } } },
      },
    };
    const checker = new AnswerChecker(doc);
    const get = (url: string, status: number, contentType: string, text: string) => checker.check({ method: "GET", url, status, contentType, text });
    expect(get("/api/v1/things/7?x=1", 200, "application/json; charset=UTF-8", JSON.stringify({ thing: { id: 7, tags: ["a"] } }))).toEqual([]);
    expect(get("/api/v1/things/7", 200, "application/json", JSON.stringify({ thing: { id: 7, colour: "red" } }))).toEqual(['GET /api/v1/things/{id} → 200: /thing: unexpected field "colour"']);
    expect(get("/api/v1/things/7", 200, "application/json", JSON.stringify({ thing: { id: "7", tags: [1] } }))).toEqual(
      expect.arrayContaining(["GET /api/v1/things/{id} → 200: /thing/id: must be integer", "GET /api/v1/things/{id} → 200: /thing/tags/0: must be string"]),
    );
    expect(get("/api/v1/things/7", 422, "application/json", '{"error":{}}')[0]).toMatch(/^GET \/api\/v1\/things\/\{id\} → 422: status 422 is not documented \(documented: 200, 304\)/);
    expect(get("/api/v1/things/7", 200, "text/csv", "a,b")).toEqual(['GET /api/v1/things/{id} → 200: content type "text/csv" is not documented (documented: application/json)']);
    expect(get("/api/v1/things/7", 304, "", "")).toEqual([]);
    expect(get("/api/v1/things/7", 304, "text/plain", "hello")).toEqual(["GET /api/v1/things/{id} → 304: answered text/plain but the document describes no content"]);
    // A literal path wins over a parameter, and its own content type is fine.
    expect(get("/api/v1/things/list", 200, "text/csv", "a,b")).toEqual([]);
    // Not the API's, or a 404 from the app's fallback: nothing to compare with.
    expect(get("/api/v1/nowhere", 404, "application/json", "{}")).toEqual([]);
    expect(get("/api/v1/nowhere", 200, "application/json", "{}")).toEqual(["no documented operation GET for this path"]);
  });
});
