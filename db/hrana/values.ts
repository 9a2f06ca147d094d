import type { HranaError, HranaValue } from "./protocol.js";

export type SqlValue = null | bigint | number | string | Uint8Array;

/**
 * Floats are bound as JS numbers; SQLite column affinity then stores an
 * integer-valued float in an INTEGER column as an integer, matching sqld.
 */
export function toSqlValue(v: HranaValue): SqlValue {
  switch (v.type) {
    case "null":
      return null;
    case "integer":
      return BigInt(v.value);
    case "float":
      return v.value;
    case "text":
      return v.value;
    case "blob":
      return Buffer.from(v.base64, "base64");
  }
}

/** Rows are read with safe integers on, so every SQLite INTEGER arrives as a bigint. */
export function fromSqlValue(v: unknown): HranaValue {
  if (v === null || v === undefined) return { type: "null" };
  if (typeof v === "bigint") return { type: "integer", value: v.toString() };
  if (typeof v === "number") return { type: "float", value: v };
  if (typeof v === "string") return { type: "text", value: v };
  if (v instanceof Uint8Array) return { type: "blob", base64: Buffer.from(v).toString("base64") };
  if (v instanceof ArrayBuffer) return { type: "blob", base64: Buffer.from(v).toString("base64") };
  return { type: "text", value: String(v) };
}

interface CodedError {
  message: string;
  code: string;
}

function isCoded(e: unknown): e is CodedError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as { message?: unknown }).message === "string" &&
    typeof (e as { code?: unknown }).code === "string"
  );
}

/** libsql's SqliteError already carries the extended code name (e.g. SQLITE_CONSTRAINT_UNIQUE). */
export function toHranaError(e: unknown): HranaError {
  if (isCoded(e)) return { message: e.message, code: e.code };
  if (e instanceof Error) return { message: e.message, code: "UNKNOWN" };
  return { message: String(e), code: "UNKNOWN" };
}

/** An error for a request the server understood but cannot honour (bad sql_id, bad args). */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}
