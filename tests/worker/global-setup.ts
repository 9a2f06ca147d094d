// Starts the local libSQL endpoint on a fresh database, migrated and seeded,
// for the Worker tests; its URL reaches the Worker as TURSO_DATABASE_URL.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startLocalServer } from "../../db/local-server.js";
import { connect, migrateDatabase } from "../../db/migrate.js";
import { seedDemoSalon } from "../../db/seed.js";
import { startFakes } from "../fakes/registry.js";

declare module "vitest" {
  export interface ProvidedContext {
    dbUrl: string;
    fakeBindings: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "salon-worker-tests-"));
  const server = await startLocalServer({ file: join(dir, "test.db"), port: 0 });
  await migrateDatabase({ url: server.url });
  const { client, db } = connect({ url: server.url });
  await seedDemoSalon(db, new Date());
  // Every test file signs customers in through the real SMS flow, hundreds an
  // hour in all: the salon's budget of sign-in SMS would refuse them. Its own
  // test (tests/worker-alone) sets the budget it needs.
  await client.execute("update salon_settings set sms_hourly_budget = 100000");
  client.close();
  project.provide("dbUrl", server.url);
  const fakes = await startFakes();
  project.provide("fakeBindings", fakes.bindings);
  return async () => {
    await fakes.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
