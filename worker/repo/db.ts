// The Worker's database handle: Turso in production, the local Hrana endpoint
// (db/local-server.ts) in development and tests. Same client either way.
import { createClient } from "@libsql/client/web";
import { drizzle } from "drizzle-orm/libsql/web";
import * as schema from "../../db/schema.js";
import type { Env } from "../env.js";
import { DatabaseUnreachable } from "../outage.js";

/** A database round trip that takes longer than this is an outage, not a slow query. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * fetch for the libSQL client: a request that gets no answer (refused, reset,
 * timed out) fails as DatabaseUnreachable, which onError turns into a 503.
 */
async function databaseFetch(request: Request): Promise<Response> {
  try {
    return await fetch(request, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new DatabaseUnreachable(error);
  }
}

export function openDb(env: Env) {
  const client = createClient({ url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN, fetch: databaseFetch });
  return drizzle(client, { schema });
}

export type Db = ReturnType<typeof openDb>;
export { schema };
