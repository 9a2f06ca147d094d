// npm run yclients:sync-catalog [-- --dry-run]
//
// Runs the same catalog sync as POST /api/v1/yclients/sync-catalog, directly
// against the database: no running Worker and no admin session needed, which
// suits a deploy step. Reads the Worker's variables from the environment:
// TURSO_DATABASE_URL, TURSO_AUTH_TOKEN, YCLIENTS_COMPANY_ID, YCLIENTS_API_TOKEN,
// YCLIENTS_USER_TOKEN, YCLIENTS_BASE_URL (YCLIENTS_ENABLED is implied).
import type { Env } from "../worker/env.js";
import { openDb } from "../worker/repo/db.js";
import { type KindDiff, syncCatalog } from "../worker/yclients/catalog-sync.js";
import { background, YClientsClient } from "../worker/yclients/client.js";
import { ycConfig } from "../worker/yclients/config.js";

const dryRun = process.argv.includes("--dry-run");
const env = { ...process.env, YCLIENTS_ENABLED: "true" } as unknown as Env;
if (!env.TURSO_DATABASE_URL) {
  console.error("Set TURSO_DATABASE_URL (and TURSO_AUTH_TOKEN for Turso) to the database to sync.");
  process.exit(2);
}
const config = ycConfig(env);
if (!config) {
  console.error("Set YCLIENTS_COMPANY_ID and YCLIENTS_API_TOKEN (and YCLIENTS_USER_TOKEN) to reach YClients.");
  process.exit(2);
}

function print(title: string, diff: KindDiff) {
  console.log(`${title}:`);
  for (const [kind, entries] of Object.entries(diff)) {
    console.log(`  ${kind}: ${entries.length}`);
    for (const e of entries as KindDiff["linked"]) console.log(`    YClients ${e.yclients_id} ${e.name}${e.local_id === null ? "" : ` ↔ local ${e.local_id}`}`);
  }
}

try {
  const diff = await syncCatalog(openDb(env), new YClientsClient(config, background(config)), { dryRun });
  console.log(dryRun ? "Dry run: nothing was changed." : "Catalog synced.");
  print("Services", diff.services);
  print("Staff", diff.staff);
  console.log(`Skipped: ${diff.skipped.length}`);
  for (const e of diff.skipped) console.log(`  ${e.kind} YClients ${e.yclients_id} ${e.name}: ${e.reason}${e.local_id === null ? "" : ` (local ${e.local_id} left as it is)`}`);
  console.log(`Master–service pairs added: ${diff.skills_added}`);
} catch (error) {
  console.error(`Catalog sync failed: ${(error as Error).message}`);
  process.exit(1);
}
