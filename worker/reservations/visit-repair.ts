// The cron's half of "all or nothing" for visits: an attempt left
// `reserving` longer than STALE_VISIT_MS (its worker died between ledgers)
// is settled, rolled forward if every item landed, else rolled back.
import type { Env } from "../env.js";
import type { Db } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { staleVisits } from "../repo/visits.js";
import { settleStale, STALE_VISIT_MS } from "./visit-settle.js";

export async function repairVisits(db: Db, env: Env, now: Date): Promise<{ booked: number; failed: number; left: number }> {
  const [stale, settings] = await Promise.all([staleVisits(db, new Date(now.getTime() - STALE_VISIT_MS).toISOString()), loadSettings(db)]);
  const out = { booked: 0, failed: 0, left: 0 };
  for (const visit of stale) {
    const status = await settleStale(db, env, visit, settings, now);
    if (status === null) out.left++;
    else out[status]++;
  }
  return out;
}
