// A database of its own for the reset test, which wipes it: the other worker
// test files share one database and must not see that. Besides the libSQL
// endpoint it serves a control URL whose POST starts the database over, as
// the README's "delete data/ to start over" does: every table dropped (ids
// start from 1 again), then migrated and seeded anew. The endpoint keeps
// running, so the Worker's connections to it stay valid.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startLocalServer } from "../../db/local-server.js";
import { connect, migrateDatabase } from "../../db/migrate.js";
import { seedDemoSalon } from "../../db/seed.js";

declare module "vitest" {
  export interface ProvidedContext {
    resetUrl: string;
  }
}

async function startOver(url: string, wipe: boolean): Promise<void> {
  const { client, db } = connect({ url });
  try {
    if (wipe) {
      const { rows } = await client.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'");
      await client.executeMultiple(["pragma foreign_keys = off;", ...rows.map((r) => `drop table "${String(r.name)}";`)].join("\n"));
    }
    await migrateDatabase({ url });
    await seedDemoSalon(db, new Date());
  } finally {
    client.close();
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "salon-reset-tests-"));
  const server = await startLocalServer({ file: join(dir, "local.db"), port: 0 });
  await startOver(server.url, false);
  const control = createServer((req, res) => {
    if (req.method !== "POST") return void res.writeHead(405).end();
    startOver(server.url, true).then(
      () => res.writeHead(204).end(),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
  project.provide("dbUrl", server.url);
  project.provide("fakeBindings", {});
  project.provide("resetUrl", `http://127.0.0.1:${(control.address() as AddressInfo).port}/reset`);
  return async () => {
    await new Promise<void>((resolve) => control.close(() => resolve()));
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
