// Reads and validates request input with valibot. Malformed JSON and schema
// violations become 400s with the issues a person can act on.
import type { Context } from "hono";
import * as v from "valibot";
import { AppError } from "../errors.js";

const MAX_BODY_BYTES = 64 * 1024;

function issuesOf(issues: v.BaseIssue<unknown>[]) {
  return issues.map((issue) => ({
    path: v.getDotPath(issue) ?? "",
    message: issue.message,
  }));
}

export function parseWith<S extends v.GenericSchema>(schema: S, input: unknown, what = "request"): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) {
    const issues = issuesOf(result.issues);
    const first = issues[0]!;
    throw new AppError("validation_failed", `Invalid ${what}: ${first.path ? `${first.path}: ` : ""}${first.message}`, {
      issues,
    });
  }
  return result.output;
}

export async function jsonBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const text = await c.req.text();
  if (text.length > MAX_BODY_BYTES) {
    throw new AppError("payload_too_large", `Request body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "Request body must be valid JSON");
  }
  // Every body is an object: an array would pass valibot's object check and
  // turn a request whose fields are all optional into a silent no-op.
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new AppError("validation_failed", "Request body must be a JSON object like {\"field\": …}", { issues: [{ path: "", message: "expected an object" }] });
  }
  return parseWith(schema, data, "request body");
}

const Id = v.pipe(v.string(), v.regex(/^[1-9]\d{0,15}$/), v.transform(Number));

export function idParam(c: Context, name = "id"): number {
  const result = v.safeParse(Id, c.req.param(name));
  if (!result.success) throw new AppError("invalid_id", `${name} must be a positive integer`);
  return result.output;
}
