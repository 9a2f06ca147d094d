// Every answer the worker tests receive through call() is checked against the
// published OpenAPI document (/api/v1/openapi.json), so the document cannot
// drift from what the API does. Strict: a status the operation does not list,
// a content type it does not list, a field its schema does not name, or a
// value of the wrong shape is a mismatch, reported with the route, the status,
// the JSON path and what was unexpected.
//
// ajv (8, JSON Schema 2020-12, already in node_modules through workbox-build)
// does the schema work; it compiles validators with new Function, which the
// test runtime allows. valibot's JSON Schemas say nothing about extra fields,
// so objects are closed here (`additionalProperties: false`) before compiling:
// the Worker's own parsers drop unknown fields, the document must name them.
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";

type Json = Record<string, unknown>;
interface Operation {
  responses: Record<string, { description?: string; content?: Record<string, { schema: Json }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: Json;
}

/** Objects without a word about other fields get `additionalProperties: false`. */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (!node || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    // The keys of `properties` are field names; only their values are schemas.
    out[key] = key === "properties" && value && typeof value === "object" ? Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, closeObjects(v)])) : closeObjects(value);
  }
  const isObject = out.type === "object" || (out.properties !== undefined && typeof out.properties === "object");
  if (isObject && !("additionalProperties" in out) && !("patternProperties" in out)) out.additionalProperties = false;
  return out;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

function describeError(e: ErrorObject): string {
  const at = e.instancePath || "/";
  if (e.keyword === "additionalProperties") return `${at}: unexpected field "${String((e.params as { additionalProperty: string }).additionalProperty)}"`;
  if (e.keyword === "required") return `${at}: missing field "${String((e.params as { missingProperty: string }).missingProperty)}"`;
  return `${at}: ${e.message ?? e.keyword}${e.keyword === "enum" || e.keyword === "const" ? ` ${JSON.stringify(e.params)}` : ""}`;
}

/**
 * Of a failed anyOf (nullable fields, unions) ajv reports every branch: the
 * summary and the "must be null" of a nullable field say nothing the other
 * branch's errors do not, so they are dropped; the deepest paths come first.
 */
function problemsOf(errors: ErrorObject[]): string[] {
  const useful = errors.filter((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf" && !(e.keyword === "type" && (e.params as { type?: string }).type === "null" && errors.length > 1));
  const depth = (e: ErrorObject) => e.instancePath.split("/").length;
  return [...new Set((useful.length ? useful : errors).sort((a, b) => depth(b) - depth(a)).map(describeError))].slice(0, 8);
}

export interface Answered {
  method: string;
  /** Path and query as requested. */
  url: string;
  status: number;
  contentType: string;
  text: string;
}

export class AnswerChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly routes: { template: string; pattern: RegExp; params: number }[];

  constructor(private readonly doc: Document) {
    this.ajv.addSchema(closeObjects(doc) as Json, "openapi.json");
    this.routes = Object.keys(doc.paths)
      .map((template) => ({
        template,
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`),
        params: (template.match(/\{/g) ?? []).length,
      }))
      // A literal segment wins over a parameter: /admin/staff/reorder before /admin/staff/{id}.
      .sort((a, b) => a.params - b.params);
  }

  /** What is wrong with this answer by the document; empty when it matches. */
  check(a: Answered): string[] {
    const path = a.url.split("?")[0]!;
    const method = a.method.toLowerCase();
    if (method === "head" || method === "options") return [];
    const route = this.routes.find((r) => r.pattern.test(path) && this.doc.paths[r.template]![method]);
    // Routes the app does not have answer 404 from the app's fallback; static assets are not the API.
    if (!route) return a.status === 404 || !path.startsWith("/api/") ? [] : [`no documented operation ${method.toUpperCase()} for this path`];
    const where = `${method.toUpperCase()} ${route.template} → ${a.status}`;
    const op = this.doc.paths[route.template]![method]!;
    const response = op.responses[String(a.status)];
    if (!response) return [`${where}: status ${a.status} is not documented (documented: ${Object.keys(op.responses).join(", ")})${a.text ? `; body ${a.text.slice(0, 200)}` : ""}`];
    const type = a.contentType.split(";")[0]!.trim().toLowerCase();
    const content = response.content ?? {};
    const types = Object.keys(content);
    if (types.length === 0) return a.text === "" ? [] : [`${where}: answered ${type || "a body"} but the document describes no content`];
    if (!types.includes(type)) return [`${where}: content type "${type}" is not documented (documented: ${types.join(", ")})`];
    if (!type.includes("json")) return [];
    let body: unknown;
    try {
      body = JSON.parse(a.text);
    } catch {
      return [`${where}: ${type} body is not JSON: ${a.text.slice(0, 100)}`];
    }
    const validate = this.validatorFor(route.template, method, String(a.status), type);
    if (validate(body)) return [];
    return problemsOf(validate.errors ?? []).map((p) => `${where}: ${p}`);
  }

  private validatorFor(template: string, method: string, status: string, type: string): ValidateFunction {
    const key = `${method} ${template} ${status} ${type}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi.json#/${pointer("paths", template, method, "responses", status, "content", type, "schema")}` });
      this.compiled.set(key, validate);
    }
    return validate;
  }
}
