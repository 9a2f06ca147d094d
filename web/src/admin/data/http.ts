// Back-office reads and writes: the customer app's fetch and error shape,
// plus DELETE, which the customer side never needs.
import * as v from "valibot";
import { ApiError } from "../../../../worker/contracts/catalog";
import { API_BASE, ApiRequestError, apiFetch, getJson, parseAnswer } from "../../data/api";
import { freshToken } from "../../data/renew";
import { authHeader } from "../../data/token";

export async function read<S extends v.GenericSchema>(path: string, schema: S): Promise<v.InferOutput<S>> {
  const res = await getJson(path, schema);
  if (res.status === 304) throw new ApiRequestError("invalid_response", "unexpected 304", 304);
  return res.data;
}

export async function write<S extends v.GenericSchema>(
  method: "POST" | "PATCH" | "PUT" | "DELETE",
  path: string,
  body: unknown,
  schema: S,
  idempotencyKey?: string,
): Promise<v.InferOutput<S>> {
  const headers: Record<string, string> = { Accept: "application/json", ...authHeader() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  const { res, body: json } = await apiFetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return parseAnswer(path, schema, json, res.status);
}

/** A GET whose answer is a file (CSV); failures are ApiRequestError like every other call. */
export async function fetchBlob(path: string): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, { headers: authHeader(await freshToken()), credentials: "same-origin" });
  } catch (err) {
    throw new ApiRequestError("network", err instanceof Error ? err.message : "Network error", 0);
  }
  if (!res.ok) {
    const parsed = v.safeParse(ApiError, await res.json().catch(() => undefined));
    if (parsed.success) throw new ApiRequestError(parsed.output.error.code, parsed.output.error.message, res.status, parsed.output.error.details);
    throw new ApiRequestError("http_error", `HTTP ${res.status}`, res.status);
  }
  return res.blob();
}

/** Any JSON answer, for writes whose answer the screen reloads anyway. */
export const Anything = v.unknown();

export const newKey = (): string => crypto.randomUUID();
