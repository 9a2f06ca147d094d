// POST /admin/staff/{id}/ledger/rebuild: checks one master's ledger against
// the database now (what the cron does for every master) and says what changed.
import { Hono } from "hono";
import { requireUser } from "../../auth/session.js";
import type { AppEnv } from "../../env.js";
import { AppError } from "../../errors.js";
import { idParam } from "../../http/validate.js";
import { ledgerFor } from "../../ledger/staff-ledger.js";
import { findStaff } from "../../repo/catalog.js";
import { openDb } from "../../repo/db.js";
import { loadSettings } from "../../repo/settings.js";
import { doc } from "../../http/openapi.js";
import { LedgerAudit } from "../../contracts/operations.js";

export const adminLedgerRoutes = new Hono<AppEnv>();

// Guarded per route: a `use` here would run again for every route of the
// schedules sub-app mounted at the same prefix.
adminLedgerRoutes.post("/:id/ledger/rebuild", doc({ tag: "Admin: schedules", summary: "Check a master's booking ledger against the database now and repair it", description: "The cron does this for every master every 5 minutes.", access: "admin", params: { id: "Master (staff) id" }, responses: { 200: ["What was repaired", LedgerAudit], 404: "`not_found`" } }), requireUser("admin"), async (c) => {
  const id = idParam(c);
  const db = openDb(c.env);
  const [member, settings] = await Promise.all([findStaff(db, id), loadSettings(db)]);
  if (!member) throw new AppError("not_found", `Staff member ${id} does not exist`);
  const result = await ledgerFor(c.env, id).audit(id, settings.generation);
  return c.json(result);
});
