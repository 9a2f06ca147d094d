// Queries built once per isolate instead of once per call. drizzle builds a
// query's SQL on every call by walking its expression tree (an `is()` check
// per node): on the booking and slot paths that was about a quarter of the
// Worker's CPU. A prepared query keeps its SQL with named placeholders and
// drizzle's row mapping; each call runs it on the caller's client, so its
// reads still join that request's read batch (see coalesceReads in db.ts).
import type { Client, InArgs, InStatement } from "@libsql/client/web";
import { fillPlaceholders, sql } from "drizzle-orm";
import type { SQLitePreparedQuery } from "drizzle-orm/sqlite-core";
import { drizzle } from "drizzle-orm/libsql/web";
import type { Db } from "./db.js";

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
    template ??= build(templates as unknown as Db);
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
