// /admin/legal/{kind}: the salon edits the consent text and the privacy
// policy. Every save is a new version (old ones stay: consents point at the
// version they agreed to); a new consent version asks every person again.
import { LegalDocument, LegalKind, PublishLegalBody } from "../../contracts/legal.js";
import { doc } from "../../http/openapi.js";
import { jsonBody, parseWith } from "../../http/validate.js";
import { currentDocument, publishDocument } from "../../legal/documents.js";
import { writeAudit } from "../../repo/audit.js";
import { requestDb } from "../../repo/db.js";
import { loadSettings } from "../../repo/settings.js";
import { legalView } from "../legal.js";
import { adminApp } from "./shared.js";

export const legalAdminRoutes = adminApp();

legalAdminRoutes.get("/:kind", doc({ tag: "Back office", summary: "The legal text in force (for editing)", access: "admin", params: { kind: "`consent` or `privacy`" }, responses: { 200: ["The text in force", LegalDocument], 400: "`validation_failed`: an unknown kind" } }), async (c) => {
  const kind = parseWith(LegalKind, c.req.param("kind"), "path");
  const db = requestDb(c);
  const [row, settings] = await Promise.all([currentDocument(db, kind), loadSettings(db)]);
  return c.json(legalView(row, settings));
});

legalAdminRoutes.put("/:kind", doc({ tag: "Back office", summary: "Publish a new version of the consent text or the privacy policy", description: "A new consent version makes `GET /me` answer `consent.needed: true` for everyone until they agree again; a person without any consent is asked at sign-in.", access: "admin", params: { kind: "`consent` or `privacy`" }, body: PublishLegalBody, responses: { 201: ["The new version", LegalDocument], 400: "`validation_failed`" } }), async (c) => {
  const kind = parseWith(LegalKind, c.req.param("kind"), "path");
  const { body } = await jsonBody(c, PublishLegalBody);
  const db = requestDb(c);
  const user = c.get("user");
  const row = await publishDocument(db, kind, body, user.id);
  await writeAudit(db, user, { action: "publish", entity: `legal_${kind}`, entityId: row.version, after: { version: row.version } });
  return c.json(legalView(row, await loadSettings(db)), 201);
});
