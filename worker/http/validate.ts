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

/**
 * The request body as text, read no further than `maxBytes`: a declared
 * Content-Length over the limit is refused before reading, and a body that
 * turns out longer than it said (or says nothing) is cut off at the limit, so
 * a client cannot make the Worker hold more than that in memory. The
 * abandoned rest of a refused body is not drained (drain-body.ts leaves a read
 * body alone), so its connection is dropped rather than kept alive.
 */
export async function limitedText(c: Context, maxBytes = MAX_BODY_BYTES): Promise<string> {
  const tooLarge = () => new AppError("payload_too_large", `Request body is larger than ${maxBytes} bytes`, { max_bytes: maxBytes });
  const raw = c.req.raw;
  if (Number(raw.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  if (raw.body === null) return "";
  const reader = raw.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

export async function jsonBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const text = await limitedText(c);
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
