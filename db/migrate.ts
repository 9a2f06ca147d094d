// Applies the generated migrations in db/migrations to a libSQL database over
// HTTP: the local endpoint in development and tests, Turso in production.
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import * as schema from "./schema.js";

export const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

export interface DbTarget {
  url: string;
  authToken?: string;
}

export function connect(target: DbTarget) {
  const client = createClient({ url: target.url, authToken: target.authToken });
  return { client, db: drizzle(client, { schema }) };
}

export type NodeDb = ReturnType<typeof connect>["db"];

export async function migrateDatabase(target: DbTarget): Promise<void> {
  const { client, db } = connect(target);
  try {
    await migrate(db, { migrationsFolder });
    // A new database gets a generation of its own; an existing one keeps it.
    await client.execute("insert or ignore into database_identity (id, generation) values (1, lower(hex(randomblob(16))))");
  } finally {
    client.close();
  }
}
