// A small client for Hrana over HTTP (the JSON pipeline, /v2/pipeline), the
// protocol Turso and sqld speak, with just what the Worker uses: execute()
// and batch() as @libsql/client/web's Client does them, on the same wire
// (one pipeline request per call, the stream closed in the same request, a
// batch wrapped in BEGIN … COMMIT with ROLLBACK if a step fails).
//
// Why not @libsql/client: the Worker opens a client per request, and per call
// that client opened and closed a stream object (building an Error on each
// close), encoded through a generic JSON writer and defined every row value
// as a property one by one: about a sixth of the Worker's CPU per booking.
//
// Values as @libsql/client's defaults (intMode "number"): integers arrive as
// numbers (a RangeError past 2^53), numbers go out as floats (SQLite's column
// affinity stores whole ones as integers), bigints and booleans as integers,
// Dates as milliseconds, bytes as base64 blobs.
import type { Client, InArgs, InStatement, InValue, ResultSet, Row, TransactionMode } from "@libsql/client/web";

type WireValue =
  | { type: "null" }
  | { type: "integer"; value: string }
  | { type: "float"; value: number }
  | { type: "text"; value: string }
  | { type: "blob"; base64: string };

interface WireStmt {
  sql: string;
  args: WireValue[];
  named_args: { name: string; value: WireValue }[];
  want_rows: boolean;
}

interface WireResult {
  cols: { name: string | null; decltype?: string | null }[];
  rows: WireValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
}

interface WireError {
  message: string;
  code?: string | null;
}

type PipelineResult = { type: "ok"; response: { type: string; result?: unknown } } | { type: "error"; error: WireError };

/** A statement the database refused (constraint, syntax, busy…); `code` is the Hrana / SQLite code. */
export class DatabaseError extends Error {
  override readonly name = "LibsqlError";
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** The database's HTTP front answered with an error status (overloaded, unauthorized…). */
export class HttpServerError extends Error {
  override readonly name = "HttpServerError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const toBase64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(""));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0)).buffer;

function toWire(value: InValue): WireValue {
  if (value === null) return { type: "null" };
  switch (typeof value) {
    case "string":
      return { type: "text", value };
    case "number":
      if (!Number.isFinite(value)) throw new RangeError("Only finite numbers (not Infinity or NaN) can be passed as arguments");
      return { type: "float", value };
    case "bigint":
      return { type: "integer", value: value.toString() };
    case "boolean":
      return { type: "integer", value: value ? "1" : "0" };
  }
  if (value instanceof Date) return { type: "float", value: value.valueOf() };
  if (value instanceof ArrayBuffer) return { type: "blob", base64: toBase64(new Uint8Array(value)) };
  if (value instanceof Uint8Array) return { type: "blob", base64: toBase64(value) };
  throw new TypeError("Unsupported type of value");
}

function fromWire(value: WireValue): Row[number] {
  switch (value.type) {
    case "null":
      return null;
    case "integer": {
      const n = Number(value.value);
      if (!Number.isSafeInteger(n)) throw new RangeError("Received integer which is too large to be safely represented as a JavaScript number");
      return n;
    }
    case "float":
    case "text":
      return value.value;
    case "blob":
      return fromBase64(value.base64);
  }
}

function stmtOf(stmt: InStatement, wantRows: boolean): WireStmt {
  const { sql, args } = typeof stmt === "string" ? { sql: stmt, args: undefined as InArgs | undefined } : stmt;
  const wire: WireStmt = { sql, args: [], named_args: [], want_rows: wantRows };
  if (Array.isArray(args)) wire.args = args.map(toWire);
  else if (args) wire.named_args = Object.entries(args).map(([name, value]) => ({ name, value: toWire(value) }));
  return wire;
}

const VALUES = Symbol("values");

interface RowShape {
  proto: object;
  /** Each column's name, or null where an earlier column has the same name (the first one names the value). */
  keys: (string | null)[];
}

/**
 * One prototype per list of columns (a query's), kept for the isolate: rows of
 * the same query share it, so reading values by index stays monomorphic.
 */
const shapes = new Map<string, RowShape>();
const MAX_SHAPES = 512;

function shapeOf(names: string[]): RowShape {
  const id = names.join("\u0000");
  let shape = shapes.get(id);
  if (shape === undefined) {
    const proto = {};
    Object.defineProperty(proto, "length", { value: names.length });
    for (let i = 0; i < names.length; i++) {
      Object.defineProperty(proto, i, {
        get(this: { [VALUES]: unknown[] }) {
          return this[VALUES][i];
        },
      });
    }
    shape = { proto, keys: names.map((name, i) => (name !== "" && names.indexOf(name) === i ? name : null)) };
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(id, shape);
  }
  return shape;
}

/**
 * Rows as @libsql/client gives them: column names as enumerable properties,
 * values by index and `length` too (drizzle reads both), the index getters on
 * a shared prototype instead of defined per row.
 */
function rowsOf(result: WireResult): Row[] {
  const { proto, keys } = shapeOf(result.cols.map((c) => c.name ?? ""));
  return result.rows.map((wire) => {
    const values = wire.map(fromWire);
    const row = Object.create(proto) as Record<PropertyKey, unknown>;
    row[VALUES] = values; // a symbol key: not among Object.keys(row), so the names stay the row's only keys
    for (let i = 0; i < keys.length; i++) if (keys[i] !== null) row[keys[i]!] = values[i];
    return row as unknown as Row;
  });
}

/** A row's values in column order, without going through its index getters when it is one of ours. */
export function rowValues(row: unknown): unknown[] {
  return (row as { [VALUES]?: unknown[] })[VALUES] ?? Array.prototype.slice.call(row);
}

function resultSetOf(result: WireResult): ResultSet {
  const rows = rowsOf(result);
  const columns = result.cols.map((c) => c.name ?? "");
  const columnTypes = result.cols.map((c) => c.decltype ?? "");
  const rowsAffected = result.affected_row_count;
  const lastInsertRowid = result.last_insert_rowid === null ? undefined : BigInt(result.last_insert_rowid);
  return {
    columns,
    columnTypes,
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({ columns, columnTypes, rows: rows.map((r) => Array.prototype.slice.call(r)), rowsAffected, lastInsertRowid: lastInsertRowid?.toString() ?? null }),
  };
}

const errorOf = (e: WireError) => new DatabaseError(e.message, e.code ?? "UNKNOWN");

const BEGIN: Record<TransactionMode, string> = { write: "BEGIN IMMEDIATE", read: "BEGIN TRANSACTION READONLY", deferred: "BEGIN DEFERRED" };

export interface HranaConfig {
  url: string;
  authToken?: string;
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

/** `libsql://` is Turso's name for its HTTPS endpoint; `ws(s)://` URLs are not supported here. */
function pipelineUrl(url: string): string {
  const base = new URL(url.replace(/^libsql:/, "https:"));
  if (base.protocol !== "http:" && base.protocol !== "https:") throw new TypeError(`The database URL must be http(s):// or libsql://, got ${base.protocol}`);
  return new URL("v2/pipeline", base.href.endsWith("/") ? base.href : `${base.href}/`).href;
}

/** A Client with execute() and batch(); the rest of @libsql/client's interface is not used by the Worker. */
export function createHranaClient(config: HranaConfig): Client {
  const url = pipelineUrl(config.url);
  const send = config.fetch ?? ((target: string, init: RequestInit) => fetch(target, init));
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (config.authToken) headers.authorization = `Bearer ${config.authToken}`;

  async function pipeline(request: object): Promise<PipelineResult> {
    const response = await send(url, { method: "POST", headers, body: JSON.stringify({ baton: null, requests: [request, { type: "close" }] }) });
    if (!response.ok) {
      const text = await response.text();
      let message = text;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        // not JSON: the text is the message
      }
      throw new HttpServerError(`Server returned HTTP status ${response.status}${message ? `: ${message}` : ""}`, response.status);
    }
    const body = (await response.json()) as { results: PipelineResult[] };
    const first = body.results[0];
    if (!first) throw new DatabaseError("The server returned no result for the request", "PROTO_ERROR");
    return first;
  }

  const execute = async (stmtOrSql: InStatement, args?: InArgs): Promise<ResultSet> => {
    const stmt = typeof stmtOrSql === "string" && args !== undefined ? { sql: stmtOrSql, args } : stmtOrSql;
    const result = await pipeline({ type: "execute", stmt: stmtOf(stmt, true) });
    if (result.type === "error") throw errorOf(result.error);
    return resultSetOf(result.response.result as WireResult);
  };

  const batch = async (stmts: (InStatement | [string, InArgs?])[], mode: TransactionMode = "deferred"): Promise<ResultSet[]> => {
    const list = stmts.map((s) => (Array.isArray(s) ? { sql: s[0], args: s[1] ?? [] } : s));
    const n = list.length;
    const plain = (sql: string): WireStmt => ({ sql, args: [], named_args: [], want_rows: false });
    // Step 0 begins; each statement runs if the one before succeeded; COMMIT after the last; ROLLBACK if COMMIT did not run.
    const steps = [
      { stmt: plain(BEGIN[mode]) },
      ...list.map((s, i) => ({ condition: { type: "ok", step: i }, stmt: stmtOf(s, true) })),
      { condition: { type: "ok", step: n }, stmt: plain("COMMIT") },
      { condition: { type: "not", cond: { type: "ok", step: n + 1 } }, stmt: plain("ROLLBACK") },
    ];
    const result = await pipeline({ type: "batch", batch: { steps } });
    if (result.type === "error") throw errorOf(result.error);
    const { step_results: results, step_errors: errors } = result.response.result as { step_results: (WireResult | null)[]; step_errors: (WireError | null)[] };
    for (let i = 0; i <= n + 1; i++) if (errors[i]) throw errorOf(errors[i]!);
    return list.map((_, i) => {
      const step = results[i + 1];
      if (!step) throw new DatabaseError("Statement in a batch was not executed, probably because the transaction has been rolled back", "TRANSACTION_CLOSED");
      return resultSetOf(step);
    });
  };

  const unsupported = (what: string) => () => {
    throw new TypeError(`${what} is not supported by the Worker's database client (worker/repo/hrana.ts)`);
  };
  return {
    execute,
    batch,
    migrate: unsupported("migrate()"),
    transaction: unsupported("transaction()"),
    executeMultiple: unsupported("executeMultiple()"),
    sync: unsupported("sync()"),
    close: () => undefined,
    reconnect: () => undefined,
    closed: false,
    protocol: "http",
  } as unknown as Client;
}
