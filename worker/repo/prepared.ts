// Queries built once per isolate instead of once per call. drizzle builds a
// query's SQL on every call by walking its expression tree (an `is()` check
// per node): on the booking and slot paths that was about a quarter of the
// Worker's CPU. A prepared query keeps its SQL with named placeholders and
// drizzle's row mapping; each call runs it on the caller's client, so its
// reads still join that request's read batch (see coalesceReads in db.ts).
import type { Client, InArgs, InStatement } from "@libsql/client/web";
import { Column, fillPlaceholders, is, SQL, sql } from "drizzle-orm";
import type { SQLitePreparedQuery } from "drizzle-orm/sqlite-core";
import { drizzle } from "drizzle-orm/libsql/web";
import type { Db } from "./db.js";
import { rowValues } from "./hrana.js";

/** Builds templates only; running one without binding it to a request's client is a bug. */
const fail = () => {
  throw new Error("a prepared query ran without a client: call it as query(db)");
};
const unbound = { execute: fail, batch: fail, transaction: fail, executeMultiple: fail, migrate: fail } as unknown as Client;
const templates = drizzle(unbound);

/** A named placeholder, filled from the values given to all()/get(). */
export const param = (name: string) => sql.placeholder(name);

/**
 * `build` runs once, on first use; each call returns the prepared query bound
 * to `db`'s client (drizzle's prepared query reads its client from `this`).
 */
export function prepared<Q extends object>(build: (db: Db) => Q): (db: Db) => Q {
  let template: Q | undefined;
  return (db) => {
    template ??= withRowMapper(build(templates as unknown as Db));
    const bound = Object.create(template) as Q & { client: Client };
    bound.client = db.$client;
    return bound;
  };
}

/** A list of ids as one parameter: `column in (select value from json_each(:name))`. */
export const idList = (ids: readonly number[]) => JSON.stringify(ids);

/**
 * A prepared query with its values as a plain statement, for a write batch
 * sent through the client (`db.$client.batch`); map what it returns with the
 * query's own `mapAllResult(resultSet.rows)`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function statementOf(query: SQLitePreparedQuery<any>, values: Record<string, unknown>): InStatement {
  const { sql: text, params } = query.getQuery();
  return { sql: text, args: fillPlaceholders(params, values) as InArgs };
}

/** A blob as drizzle's libSQL driver hands it on: a Buffer where there is one, else its text. */
const blobValue = (value: ArrayBuffer): unknown =>
  typeof (globalThis as { Buffer?: unknown }).Buffer !== "undefined" ? (globalThis as unknown as { Buffer: { from(v: ArrayBuffer): unknown } }).Buffer.from(value) : new TextDecoder().decode(value);

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

/** What drizzle keeps on a prepared libSQL query to map its rows. */
interface MappedQuery {
  fields?: { path: string[]; field: unknown }[];
  customResultMapper?: unknown;
  joinsNotNullableMap?: Record<string, boolean>;
  mapAllResult(rows: unknown, isFromBatch?: boolean): unknown;
  mapGetResult(rows: unknown, isFromBatch?: boolean): unknown;
}

/**
 * Rows mapped with the decoders worked out once: drizzle's own mapping asks
 * each field of each row what it is (`is()` walks its class chain), a tenth of
 * the Worker's CPU per booking. Same result for selections of columns and
 * sql fields; queries with outer joins (rows that may be all null) keep
 * drizzle's mapping.
 */
function withRowMapper<Q extends object>(query: Q): Q {
  const q = query as unknown as MappedQuery;
  const fields = q.fields;
  const outerJoin = Object.values(q.joinsNotNullableMap ?? {}).some((notNull) => !notNull);
  if (!fields || q.customResultMapper || outerJoin) return query;
  const decoderOfSql = (expression: SQL) => (expression as unknown as { decoder: Decoder }).decoder;
  const decoders: Decoder[] = fields.map(({ field }) => (is(field, Column) ? (field as unknown as Decoder) : decoderOfSql(is(field, SQL) ? field : (field as { sql: SQL }).sql)));
  const paths = fields.map((f) => f.path);
  const mapRow = (row: unknown): Record<string, unknown> => {
    const values = rowValues(row);
    const out: Record<string, unknown> = {};
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i]!;
      let node = out;
      for (let k = 0; k < path.length - 1; k++) node = (node[path[k]!] ??= {}) as Record<string, unknown>;
      let value = values[i];
      if (value instanceof ArrayBuffer) value = blobValue(value);
      node[path[path.length - 1]!] = value === null || value === undefined ? null : decoders[i]!.mapFromDriverValue(value);
    }
    return out;
  };
  const rowsOf = (rows: unknown, isFromBatch?: boolean) => (isFromBatch ? (rows as { rows: unknown[] }).rows : (rows as unknown[]));
  q.mapAllResult = (rows, isFromBatch) => rowsOf(rows, isFromBatch).map(mapRow);
  q.mapGetResult = (rows, isFromBatch) => {
    const first = rowsOf(rows, isFromBatch)[0];
    return first === undefined ? undefined : mapRow(first);
  };
  return query;
}
