// consent: the texts the PWA shows at /legal/consent and /legal/privacy, with
// the operator's details from the salon's settings.
import { Hono } from "hono";
import { LegalDocument, LegalKind } from "../contracts/legal.js";
import type { AppEnv } from "../env.js";
import { doc } from "../http/openapi.js";
import { parseWith } from "../http/validate.js";
import { currentDocument, type LegalDocument as Row } from "../legal/documents.js";
import { requestDb } from "../repo/db.js";
import { loadSettings, type SalonSettings } from "../repo/settings.js";

export const legalRoutes = new Hono<AppEnv>();

export const operatorOf = (s: SalonSettings) => ({
  name: s.name,
  legal_name: s.operatorLegalName,
  inn: s.operatorInn,
  ogrn: s.operatorOgrn,
  address: s.operatorAddress,
  email: s.operatorEmail,
});

export const legalView = (row: Row, settings: SalonSettings): LegalDocument => ({
  kind: row.kind,
  version: row.version,
  body: row.body,
  published_at: row.createdAt,
  operator: operatorOf(settings),
});

legalRoutes.get("/:kind", doc({ tag: "Legal", summary: "The current consent text or privacy policy, with its version and the operator", access: "anyone", params: { kind: "`consent` or `privacy`" }, responses: { 200: ["The text in force", LegalDocument], 400: "`validation_failed`: an unknown kind" } }), async (c) => {
  const kind = parseWith(LegalKind, c.req.param("kind"), "path");
  const db = requestDb(c);
  const [row, settings] = await Promise.all([currentDocument(db, kind), loadSettings(db)]);
  c.header("cache-control", "no-cache");
  return c.json(legalView(row, settings));
});
