// The cron's check of every ledger against the database: masters' intervals,
// resources' units (their `booking_resources` rows) and scheduled class
// sessions' seats. Intervals or units the database does not back are dropped,
// bookings a ledger misses are added, and every repair is logged and counted.
import type { Env } from "../env.js";
import { log } from "../lib/log.js";
import { scheduledClassesAfter } from "../repo/classes.js";
import type { Db } from "../repo/db.js";
import { allStaffIds } from "../repo/masters.js";
import { listResources } from "../repo/resources.js";
import { loadSettings } from "../repo/settings.js";
import { ledgerFor, ledgerOf, resourceLedger } from "./staff-ledger.js";
import type { Repair } from "./verify.js";

/** Ledgers audited at once: each audit is one Durable Object call and one database read. */
const PARALLEL = 6;

export interface AuditTotals {
  ledgers: number;
  resource_ledgers: number;
  class_ledgers: number;
  rebuilt: number;
  added: number;
  removed: number;
  updated: number;
  failed: number;
}

type Audit = { what: Record<string, number>; run: () => Promise<{ rebuilt: boolean; repairs: Repair[] }> };

export async function auditLedgers(db: Db, env: Env): Promise<AuditTotals> {
  const [{ generation }, staffIds, resources, classes] = await Promise.all([
    loadSettings(db),
    allStaffIds(db),
    listResources(db, true),
    scheduledClassesAfter(db, new Date().toISOString()),
  ]);
  const audits: Audit[] = [
    ...staffIds.map((staffId) => ({ what: { staff_id: staffId }, run: () => ledgerFor(env, staffId).audit(staffId, generation) })),
    ...resources.map(({ id }) => ({ what: { resource_id: id }, run: () => resourceLedger(env, id).auditUnits(id, generation) })),
    ...classes.map(({ id, staffId }) => ({
      what: { class_id: id },
      run: async () => {
        // A class's ledger is opened first, so an empty one loads as that session.
        const ledger = ledgerOf(env, { kind: "class", id });
        const rebuilt = await ledger.openClass(id, generation);
        const result = await ledger.audit(staffId, generation);
        return { rebuilt: rebuilt || result.rebuilt, repairs: result.repairs };
      },
    })),
  ];
  const totals: AuditTotals = { ledgers: staffIds.length, resource_ledgers: resources.length, class_ledgers: classes.length, rebuilt: 0, added: 0, removed: 0, updated: 0, failed: 0 };
  for (let i = 0; i < audits.length; i += PARALLEL) {
    await Promise.all(
      audits.slice(i, i + PARALLEL).map(async ({ what, run }) => {
        try {
          const result = await run();
          if (result.rebuilt) totals.rebuilt++;
          for (const r of result.repairs) totals[r.change]++;
        } catch (error) {
          totals.failed++;
          log("error", "ledger audit failed", { ...what, error: String(error) });
        }
      }),
    );
  }
  return totals;
}
