// The back office's audit log: one row per change, with the state before and
// after as JSON, so "who changed the price and from what" has an answer.
import { and, count, desc, eq, type SQL } from "drizzle-orm";
import type { User } from "../contracts/auth.js";
import type { AuditEntry } from "../contracts/admin.js";
import { type Db, schema as s } from "./db.js";

export interface AuditRecord {
  action: string;
  entity: string;
  entityId: number | null;
  before?: unknown;
  after?: unknown;
}

export function auditInsert(db: Db, actor: User, r: AuditRecord) {
  return db.insert(s.auditLog).values({
    actorId: actor.id,
    actorRole: actor.role,
    action: r.action,
    entity: r.entity,
    entityId: r.entityId,
    before: r.before ?? null,
    after: r.after ?? null,
  });
}

export async function writeAudit(db: Db, actor: User, r: AuditRecord): Promise<void> {
  await auditInsert(db, actor, r);
}

export interface AuditFilter {
  entity?: string;
  entityId?: number;
  actorId?: number;
  limit: number;
  offset: number;
}

export async function listAudit(db: Db, f: AuditFilter): Promise<{ entries: AuditEntry[]; total: number }> {
  const conditions: SQL[] = [];
  if (f.entity !== undefined) conditions.push(eq(s.auditLog.entity, f.entity));
  if (f.entityId !== undefined) conditions.push(eq(s.auditLog.entityId, f.entityId));
  if (f.actorId !== undefined) conditions.push(eq(s.auditLog.actorId, f.actorId));
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db
      .select({ entry: s.auditLog, actorName: s.users.name })
      .from(s.auditLog)
      .leftJoin(s.users, eq(s.auditLog.actorId, s.users.id))
      .where(where)
      .orderBy(desc(s.auditLog.id))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(s.auditLog).where(where),
  ]);
  return { entries: rows.map(({ entry, actorName }) => toEntry(entry, actorName)), total: total?.n ?? 0 };
}

export function toEntry(e: typeof s.auditLog.$inferSelect, actorName: string | null): AuditEntry {
  return {
    id: e.id,
    at: e.createdAt,
    actor: e.actorId === null ? null : { id: e.actorId, name: actorName, role: e.actorRole },
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId,
    before: e.before ?? null,
    after: e.after ?? null,
  };
}
