// The Worker's database handle: Turso in production, the local Hrana endpoint
// (db/local-server.ts) in development and tests. Same client either way.
import { createClient } from "@libsql/client/web";
import { drizzle } from "drizzle-orm/libsql/web";
import * as schema from "../../db/schema.js";
import type { Env } from "../env.js";

export function openDb(env: Env) {
  const client = createClient({ url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN });
  return drizzle(client, { schema });
}

export type Db = ReturnType<typeof openDb>;
export { schema };
