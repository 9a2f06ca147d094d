// The consent text and the privacy policy: read the current version, publish
// a new one. A database without them (migrated before they existed) gets the
// default texts as version 1 on first read, so no deployment step is needed.
import { and, desc, eq, sql } from "drizzle-orm";
import { type LegalDocumentKind, legalDocuments } from "../../db/schema.js";
import type { Db } from "../repo/db.js";
import { defaultTexts } from "./texts.js";

export type LegalDocument = typeof legalDocuments.$inferSelect;

function latest(db: Db, kind: LegalDocumentKind) {
  return db.select().from(legalDocuments).where(eq(legalDocuments.kind, kind)).orderBy(desc(legalDocuments.version)).limit(1);
}

/** The version in force; writes the default text as version 1 when there is none. */
export async function currentDocument(db: Db, kind: LegalDocumentKind): Promise<LegalDocument> {
  const [row] = await latest(db, kind);
  if (row) return row;
  await db.insert(legalDocuments).values({ kind, version: 1, body: defaultTexts[kind] }).onConflictDoNothing();
  const [first] = await latest(db, kind);
  return first!;
}

export async function documentVersion(db: Db, kind: LegalDocumentKind, version: number): Promise<LegalDocument | null> {
  const [row] = await db.select().from(legalDocuments).where(and(eq(legalDocuments.kind, kind), eq(legalDocuments.version, version))).limit(1);
  return row ?? null;
}

/**
 * A new version of the text. The version is computed inside the insert, so two
 * admins publishing at once get two versions rather than a clash.
 */
export async function publishDocument(db: Db, kind: LegalDocumentKind, body: string, authorId: number): Promise<LegalDocument> {
  await currentDocument(db, kind);
  await db.run(sql`insert into legal_documents (kind, version, body, created_by)
    select ${kind}, coalesce(max(version), 0) + 1, ${body}, ${authorId} from legal_documents where kind = ${kind}`);
  const [row] = await latest(db, kind);
  return row!;
}
