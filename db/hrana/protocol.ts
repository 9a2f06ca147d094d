// Hrana JSON wire types (the subset of the v2/v3 pipeline protocol the server speaks)
// plus validation of untrusted request bodies.

export type HranaValue =
  | { type: "null" }
  | { type: "integer"; value: string }
  | { type: "float"; value: number }
  | { type: "text"; value: string }
  | { type: "blob"; base64: string };

export interface HranaError {
  message: string;
  code: string;
}

export interface StmtReq {
  sql?: string;
  sqlId?: number;
  args: HranaValue[];
  namedArgs: { name: string; value: HranaValue }[];
  wantRows: boolean;
}

export type BatchCond =
  | { type: "ok" | "error"; step: number }
  | { type: "not"; cond: BatchCond }
  | { type: "and" | "or"; conds: BatchCond[] }
  | { type: "is_autocommit" };

export interface BatchStep {
  condition?: BatchCond;
  stmt: StmtReq;
}

export type StreamRequest =
  | { type: "close" | "get_autocommit" }
  | { type: "execute"; stmt: StmtReq }
  | { type: "batch"; steps: BatchStep[] }
  | { type: "sequence" | "describe"; sql?: string; sqlId?: number }
  | { type: "store_sql"; sqlId: number; sql: string }
  | { type: "close_sql"; sqlId: number };

export interface PipelineReq {
  baton: string | null;
  requests: StreamRequest[];
}

export interface Col {
  name: string | null;
  decltype: string | null;
}

export interface StmtResult {
  cols: Col[];
  rows: HranaValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
}

export interface BatchResult {
  step_results: (StmtResult | null)[];
  step_errors: (HranaError | null)[];
}

export interface DescribeResult {
  params: { name: string | null }[];
  cols: Col[];
  is_explain: boolean;
  is_readonly: boolean;
}

export type StreamResponse =
  | { type: "close" | "sequence" | "store_sql" | "close_sql" }
  | { type: "execute"; result: StmtResult }
  | { type: "batch"; result: BatchResult }
  | { type: "describe"; result: DescribeResult }
  | { type: "get_autocommit"; is_autocommit: boolean };

export type StreamResult =
  | { type: "ok"; response: StreamResponse }
  | { type: "error"; error: HranaError };

export interface PipelineResp {
  baton: string | null;
  base_url: null;
  results: StreamResult[];
}

/** A malformed request; reported as HTTP 400 rather than per-request, like sqld. */
export class ProtocolError extends Error {
  readonly code = "PROTOCOL_ERROR";
}

type Obj = Record<string, unknown>;

function obj(v: unknown, what: string): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new ProtocolError(`Expected ${what} to be an object`);
  }
  return v as Obj;
}

function arr(v: unknown, what: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ProtocolError(`Expected ${what} to be an array`);
  return v;
}

function str(v: unknown, what: string): string {
  if (typeof v !== "string") throw new ProtocolError(`Expected ${what} to be a string`);
  return v;
}

function optStr(v: unknown, what: string): string | undefined {
  return v === undefined || v === null ? undefined : str(v, what);
}

function optInt(v: unknown, what: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new ProtocolError(`Expected ${what} to be an integer`);
  }
  return v;
}

function int(v: unknown, what: string): number {
  const n = optInt(v, what);
  if (n === undefined) throw new ProtocolError(`Missing ${what}`);
  return n;
}

export function parseValue(v: unknown): HranaValue {
  const o = obj(v, "value");
  switch (o.type) {
    case "null":
      return { type: "null" };
    case "integer": {
      const value = String(o.value);
      if (!/^-?\d+$/.test(value)) throw new ProtocolError("Invalid integer value");
      return { type: "integer", value };
    }
    case "float":
      if (typeof o.value !== "number") throw new ProtocolError("Invalid float value");
      return { type: "float", value: o.value };
    case "text":
      return { type: "text", value: str(o.value, "text value") };
    case "blob":
      return { type: "blob", base64: typeof o.base64 === "string" ? o.base64 : "" };
    default:
      throw new ProtocolError(`Unknown value type ${String(o.type)}`);
  }
}

function parseStmt(v: unknown): StmtReq {
  const o = obj(v, "stmt");
  return {
    sql: optStr(o.sql, "sql"),
    sqlId: optInt(o.sql_id, "sql_id"),
    args: arr(o.args, "args").map(parseValue),
    namedArgs: arr(o.named_args, "named_args").map((a) => {
      const n = obj(a, "named arg");
      return { name: str(n.name, "arg name"), value: parseValue(n.value) };
    }),
    wantRows: o.want_rows !== false,
  };
}

function parseCond(v: unknown): BatchCond {
  const o = obj(v, "condition");
  switch (o.type) {
    case "ok":
    case "error":
      return { type: o.type, step: int(o.step, "step") };
    case "not":
      return { type: "not", cond: parseCond(o.cond) };
    case "and":
    case "or":
      return { type: o.type, conds: arr(o.conds, "conds").map(parseCond) };
    case "is_autocommit":
      return { type: "is_autocommit" };
    default:
      throw new ProtocolError(`Unknown condition type ${String(o.type)}`);
  }
}

export function parseBatch(v: unknown): BatchStep[] {
  return arr(obj(v, "batch").steps, "steps").map((s) => {
    const o = obj(s, "batch step");
    const condition = o.condition == null ? undefined : parseCond(o.condition);
    return { condition, stmt: parseStmt(o.stmt) };
  });
}

function parseRequest(v: unknown): StreamRequest {
  const o = obj(v, "request");
  switch (o.type) {
    case "close":
    case "get_autocommit":
      return { type: o.type };
    case "execute":
      return { type: "execute", stmt: parseStmt(o.stmt) };
    case "batch":
      return { type: "batch", steps: parseBatch(o.batch) };
    case "sequence":
    case "describe":
      return { type: o.type, sql: optStr(o.sql, "sql"), sqlId: optInt(o.sql_id, "sql_id") };
    case "store_sql":
      return { type: "store_sql", sqlId: int(o.sql_id, "sql_id"), sql: str(o.sql, "sql") };
    case "close_sql":
      return { type: "close_sql", sqlId: int(o.sql_id, "sql_id") };
    default:
      throw new ProtocolError(`Unknown request type ${String(o.type)}`);
  }
}

export function parsePipeline(body: unknown): PipelineReq {
  const o = obj(body, "pipeline request");
  return {
    baton: optStr(o.baton, "baton") ?? null,
    requests: arr(o.requests, "requests").map(parseRequest),
  };
}

export function parseCursor(body: unknown): { baton: string | null; steps: BatchStep[] } {
  const o = obj(body, "cursor request");
  return { baton: optStr(o.baton, "baton") ?? null, steps: parseBatch(o.batch) };
}
