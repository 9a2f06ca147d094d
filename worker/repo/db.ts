// The Worker's database handle: Turso in production, the local Hrana endpoint
// (db/local-server.ts) in development and tests. Same client either way
// (hrana.ts: Hrana over HTTP, as @libsql/client/web speaks it).
//
// Every HTTP request to the database is a network hop from the edge, so a
// request opens one client (requestDb) and the reads it starts together go
// out together: reads issued in the same turn of the event loop (a
// Promise.all of repo calls) travel as one read batch, one round trip.
import type { Client, InArgs, InStatement, ResultSet } from "@libsql/client/web";
import { drizzle } from "drizzle-orm/libsql/web";
import * as schema from "../../db/schema.js";
import type { Env } from "../env.js";
import { DatabaseUnreachable } from "../outage.js";
import { createHranaClient } from "./hrana.js";

/** A database round trip that takes longer than this is an outage, not a slow query. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * fetch for the database client: a request that gets no answer (refused, reset,
 * timed out) fails as DatabaseUnreachable, which onError turns into a 503.
 */
async function databaseFetch(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new DatabaseUnreachable(error);
  }
}

interface Pending {
  stmt: InStatement;
  resolve: (rs: ResultSet) => void;
  reject: (error: unknown) => void;
}

// Only plain SELECTs are gathered: a write must fail or succeed on its own.
const isRead = (sql: string) => /^\s*select\b/i.test(sql);

/** A client whose reads started in one turn share a single read batch (a consistent snapshot). */
export function coalesceReads(client: Client): Client {
  let queue: Pending[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    if (batch.length === 1) {
      client.execute(batch[0]!.stmt).then(batch[0]!.resolve, batch[0]!.reject);
      return;
    }
    client.batch(batch.map((p) => p.stmt), "read").then(
      (results) => batch.forEach((p, i) => p.resolve(results[i]!)),
      // One bad statement fails the batch; alone, each caller gets its own answer.
      () => batch.forEach((p) => client.execute(p.stmt).then(p.resolve, p.reject)),
    );
  };
  const execute = (stmtOrSql: InStatement, args?: InArgs): Promise<ResultSet> => {
    const stmt: InStatement = typeof stmtOrSql === "string" ? (args === undefined ? stmtOrSql : { sql: stmtOrSql, args }) : stmtOrSql;
    if (!isRead(typeof stmt === "string" ? stmt : stmt.sql)) return client.execute(stmt);
    return new Promise<ResultSet>((resolve, reject) => {
      // A timer, not a microtask: query builders take a few promise hops to
      // reach execute(), and every read of the turn should make the batch.
      if (queue.length === 0) setTimeout(flush, 0);
      queue.push({ stmt, resolve, reject });
    });
  };
  return new Proxy(client, {
    get(target, prop) {
      if (prop === "execute") return execute;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export function openDb(env: Env) {
  const client = coalesceReads(createHranaClient({ url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN, fetch: databaseFetch }));
  // No schema: nothing uses drizzle's relational queries (db.query), and
  // with a schema every client built their config again (a request opens one,
  // and so does each ledger call).
  return drizzle(client);
}

export type Db = ReturnType<typeof openDb>;
export { schema };

const perRequest = new WeakMap<Request, Db>();

/**
 * The database of one incoming request, opened on first use. Never shared
 * across requests: a client's pending promises belong to the request that
 * made them (sharing one produced 500s from cross-request promises).
 */
export function requestDb(c: { env: Env; req: { raw: Request } }): Db {
  let db = perRequest.get(c.req.raw);
  if (!db) {
    db = openDb(c.env);
    perRequest.set(c.req.raw, db);
  }
  return db;
}
