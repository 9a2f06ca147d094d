// Documenting a route is one call next to it:
//
//   bookingsRoutes.get("/", doc({ tag: "Bookings", summary: "…", access: "signed_in",
//     query: ListQuery, responses: { 200: ["The bookings", BookingList] } }), handler);
//
// The query, body and response schemas are the valibot schemas the handler
// already uses (parseWith / jsonBody); `doc` only describes them to
// hono-openapi, which turns them into the OpenAPI 3.1 document served at
// /api/v1/openapi.json (worker/routes/api-docs.ts). Validation stays where it
// is. A route without `doc` is missing from the document, and
// tests/worker/openapi.test.ts fails until it is described.
import type { MiddlewareHandler } from "hono";
import { type DescribeRouteOptions, describeRoute, resolver, type ResponsesWithResolver } from "hono-openapi";
import { toJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";
import { ApiError } from "../contracts/catalog.js";
import { IdempotencyKey } from "../contracts/common.js";
import type { RateGroup } from "./rate-limit.js";

/** Who may call a route; drives the security requirement and the 401/403 answers. */
export type Access = "anyone" | "signed_in" | "staff" | "admin" | "development" | "webhook";

type Schema = v.GenericSchema;
/**
 * A description alone (an error, or an answer without a body), a JSON answer
 * `[description, schema]`, or answers in other types too (`text/csv`,
 * `text/html`), each media type with its schema.
 */
type Response = string | readonly [description: string, body: Schema] | { description: string; content: Record<string, Schema> };

export interface RouteDoc {
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  /** Path parameters: name → meaning. Names ending in `id` are positive integers, others strings. */
  params?: Record<string, string>;
  /** The valibot object schema the handler parses the query with. */
  query?: Schema;
  /** The valibot schema the handler parses the JSON body with. */
  body?: Schema;
  /** The route requires an Idempotency-Key header. */
  idempotencyKey?: boolean;
  /** Other request headers the handler reads: a valibot object schema, header name → value. */
  headers?: Schema;
  /** Status → description, or [description, valibot schema of the JSON answer]. */
  responses: Record<number, Response>;
  /** The rate limit group in front of the route (worker/http/rate-limit.ts): adds its 429. */
  rateLimited?: RateGroup;
}

const ErrorBody = v.pipe(ApiError, v.metadata({ ref: "Error" }));
const errorJson = (description: string) => ({ description, content: { "application/json": { schema: resolver(ErrorBody) } } });

const retryAfter = {
  "Retry-After": { description: "Seconds to wait before trying again", schema: { type: "integer", minimum: 1 } },
} as const;

/** Answers every route may give, by who may call it. */
function standardResponses(access: Access): ResponsesWithResolver {
  const out: ResponsesWithResolver = {
    503: {
      ...errorJson("An outage: `database_unavailable`, `ledger_unavailable` or the subsystem's own code. Try again after Retry-After."),
      headers: retryAfter,
    },
  };
  if (access === "signed_in" || access === "staff" || access === "admin") out[401] = errorJson("`unauthorized`: no valid session token");
  if (access === "staff" || access === "admin") out[403] = errorJson(`\`forbidden\`: only ${access === "admin" ? "admins" : "staff"}`);
  if (access === "development") out[404] = errorJson("`not_found` outside development (ENVIRONMENT=development)");
  return out;
}

const whoMayCall: Record<Access, string> = {
  anyone: "Anyone.",
  signed_in: "Signed in (any role).",
  staff: "Staff and admins.",
  admin: "Admins.",
  development: "Development only (ENVIRONMENT=development); 404 elsewhere.",
  webhook: "The outside service that sends it (verified, not signed in).",
};

/** OpenAPI parameters from a valibot object schema (the query the handler parses), made when the document is built. */
function parametersOf(where: "query" | "header", schema: Schema) {
  const entries = (schema as unknown as { entries?: Record<string, Schema> }).entries ?? {};
  return Object.entries(entries).map(([name, entry]) => {
    const { $schema: _, description, ...json } = toJsonSchema(entry, { errorMode: "ignore" }) as Record<string, unknown>;
    return { in: where, name, required: entry.type !== "optional", ...(description ? { description } : {}), schema: json };
  });
}

const IdempotencyHeader = v.object({ "Idempotency-Key": IdempotencyKey });

/**
 * The OpenAPI description of one route, as a middleware to put before its
 * handler. It only describes: the handler validates as before.
 */
export function doc(d: RouteDoc): MiddlewareHandler {
  const responses = standardResponses(d.access);
  if (d.params || d.query || d.body || d.idempotencyKey) {
    responses[400] = errorJson("`validation_failed` (or `invalid_json`, `invalid_id`, `idempotency_key_required`): the message names the field");
  }
  if (d.rateLimited) {
    responses[429] = { ...errorJson(`\`rate_limited\`: too many requests from this client (an IPv4 address or an IPv6 /64) for the \`${d.rateLimited}\` group in a minute`), headers: retryAfter };
  }
  // jsonBody() refuses bodies past 64 KiB on every route that reads one.
  if (d.body) responses[413] = errorJson("`payload_too_large`: the body is larger than 64 KiB");
  for (const [status, r] of Object.entries(d.responses)) {
    const limited = status === "429" && d.rateLimited ? `; or \`rate_limited\` by the \`${d.rateLimited}\` group's limit per minute` : "";
    responses[status] =
      typeof r === "string"
        ? Number(status) >= 400
          ? { ...errorJson(r + limited), ...(status === "503" || status === "429" ? { headers: retryAfter } : {}) }
          : { description: r }
        : "content" in r
          ? { description: r.description, content: Object.fromEntries(Object.entries(r.content).map(([type, schema]) => [type, { schema: resolver(schema) }])) }
          : { description: r[0], content: { "application/json": { schema: resolver(r[1]) } } };
  }
  const signedIn = d.access === "signed_in" || d.access === "staff" || d.access === "admin";
  return describeRoute({
    tags: [d.tag],
    summary: d.summary,
    description: [d.description, `**Who:** ${whoMayCall[d.access]}`].filter(Boolean).join("\n\n"),
    ...(signedIn ? { security: [{ bearer: [] }] } : {}),
    // Converted on first read (when the document is built), not at Worker start.
    get parameters() {
      return [
        ...Object.entries(d.params ?? {}).map(([name, description]) => ({
          in: "path" as const,
          name,
          required: true,
          description,
          schema: name.endsWith("id") ? { type: "integer" as const, minimum: 1 } : { type: "string" as const },
        })),
        ...(d.query ? parametersOf("query", d.query) : []),
        ...(d.idempotencyKey ? parametersOf("header", IdempotencyHeader) : []),
        ...(d.headers ? parametersOf("header", d.headers) : []),
      ] as NonNullable<DescribeRouteOptions["parameters"]>;
    },
    ...(d.body ? { requestBody: { required: true, content: { "application/json": { schema: resolver(d.body) } } } } : {}),
    responses,
  });
}

/** The bearer scheme the signed-in routes refer to. */
export const securitySchemes = { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } as const;
