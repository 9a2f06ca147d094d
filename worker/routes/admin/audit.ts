// /admin/audit: who changed what and when, newest first.
import { AuditQuery } from "../../contracts/admin.js";
import { parseWith } from "../../http/validate.js";
import { listAudit } from "../../repo/audit.js";
import { requestDb } from "../../repo/db.js";
import { adminApp } from "./shared.js";

export const auditRoutes = adminApp();

auditRoutes.get("/", async (c) => {
  const q = parseWith(AuditQuery, c.req.query(), "query");
  const { entries, total } = await listAudit(requestDb(c), { entity: q.entity, entityId: q.entity_id, actorId: q.actor_id, limit: q.limit, offset: q.offset });
  return c.json({ entries, limit: q.limit, offset: q.offset, total });
});
