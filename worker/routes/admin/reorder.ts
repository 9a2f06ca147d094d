// POST …/reorder: the listed ids take sort_order 0, 1, 2 … in one batch.
import { eq, inArray } from "drizzle-orm";
import type { User } from "../../contracts/auth.js";
import { AppError } from "../../errors.js";
import { auditInsert } from "../../repo/audit.js";
import { batchAll } from "../../repo/batch.js";
import { type Db, schema as s } from "../../repo/db.js";

type Sortable = typeof s.services | typeof s.serviceCategories | typeof s.staff;

export async function reorder(db: Db, actor: User, table: Sortable, entity: string, ids: number[]): Promise<void> {
  if (new Set(ids).size !== ids.length) throw new AppError("validation_failed", "ids must not repeat");
  const found = await db.select({ id: table.id }).from(table).where(inArray(table.id, ids));
  const known = new Set(found.map((r) => r.id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) throw new AppError("invalid_reference", `No ${entity} with these ids`, { ids: missing });
  await batchAll(db, [
    ...ids.map((id, position) => db.update(table).set({ sortOrder: position }).where(eq(table.id, id))),
    auditInsert(db, actor, { action: "reorder", entity, entityId: null, after: { ids } }),
  ]);
}
