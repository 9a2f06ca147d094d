// /admin/audit: who changed what and when, newest first.
import { AuditList, AuditQuery } from "../../contracts/admin.js";
import { doc } from "../../http/openapi.js";
import { parseWith } from "../../http/validate.js";
import { listAudit } from "../../repo/audit.js";
import { requestDb } from "../../repo/db.js";
import { adminApp } from "./shared.js";

export const auditRoutes = adminApp();

auditRoutes.get("/", doc({ tag: "Back office", summary: "The audit log: who changed what, newest first", description: "Filter by `entity` (service, staff, booking…), `entity_id` and `actor_id`; paged with `limit`/`offset`.", access: "admin", query: AuditQuery, responses: { 200: ["A page of audit entries with before and after", AuditList] } }), async (c) => {
  const q = parseWith(AuditQuery, c.req.query(), "query");
  const { entries, total } = await listAudit(requestDb(c), { entity: q.entity, entityId: q.entity_id, actorId: q.actor_id, limit: q.limit, offset: q.offset });
  return c.json({ entries, limit: q.limit, offset: q.offset, total });
});
