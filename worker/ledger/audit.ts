// The cron's check of every master's ledger against the database: intervals
// the database does not back are dropped, bookings the ledger misses are
// added, and every repair is logged and counted.
import type { Env } from "../env.js";
import { log } from "../lib/log.js";
import type { Db } from "../repo/db.js";
import { allStaffIds } from "../repo/masters.js";
import { loadSettings } from "../repo/settings.js";
import { ledgerFor } from "./staff-ledger.js";

/** Ledgers audited at once: each audit is one Durable Object call and one database read. */
const PARALLEL = 6;

export interface AuditTotals {
  ledgers: number;
  rebuilt: number;
  added: number;
  removed: number;
  updated: number;
  failed: number;
}

export async function auditLedgers(db: Db, env: Env): Promise<AuditTotals> {
  const [{ generation }, ids] = await Promise.all([loadSettings(db), allStaffIds(db)]);
  const totals: AuditTotals = { ledgers: ids.length, rebuilt: 0, added: 0, removed: 0, updated: 0, failed: 0 };
  for (let i = 0; i < ids.length; i += PARALLEL) {
    await Promise.all(
      ids.slice(i, i + PARALLEL).map(async (staffId) => {
        try {
          const result = await ledgerFor(env, staffId).audit(staffId, generation);
          if (result.rebuilt) totals.rebuilt++;
          for (const r of result.repairs) totals[r.change]++;
        } catch (error) {
          totals.failed++;
          log("error", "ledger audit failed", { staff_id: staffId, error: String(error) });
        }
      }),
    );
  }
  return totals;
}
