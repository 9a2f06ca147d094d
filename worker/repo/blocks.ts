// Time blocks: a master's time taken by something other than a booking.
// Written only by the master's ledger (worker/ledger/staff-ledger.ts).
import { and, asc, eq, gt, isNull, lt } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";
import { param } from "./prepared.js";
import { isEmptySet, preparedOnSet, type StaffSet } from "./staff-set.js";

export type BlockRow = typeof s.timeBlocks.$inferSelect;
export type NewBlock = Pick<typeof s.timeBlocks.$inferInsert, "staffId" | "startAt" | "endAt" | "reason" | "createdBy">;

export async function insertBlock(db: Db, b: NewBlock): Promise<BlockRow> {
  const [row] = await db.insert(s.timeBlocks).values(b).returning();
  return row!;
}

/** Marks a block removed; null when it was not there (or already removed). */
export async function removeBlock(db: Db, id: number, at: string): Promise<BlockRow | null> {
  const [row] = await db
    .update(s.timeBlocks)
    .set({ removedAt: at })
    .where(and(eq(s.timeBlocks.id, id), isNull(s.timeBlocks.removedAt)))
    .returning();
  return row ?? null;
}

export async function findBlock(db: Db, id: number): Promise<BlockRow | null> {
  const [row] = await db.select().from(s.timeBlocks).where(eq(s.timeBlocks.id, id)).limit(1);
  return row ?? null;
}

/** Blocks in force of these masters overlapping [from, to), by start. */
const blocksOn = preparedOnSet((db, inSet) =>
  db
    .select()
    .from(s.timeBlocks)
    .where(and(inSet(s.timeBlocks.staffId), isNull(s.timeBlocks.removedAt), lt(s.timeBlocks.startAt, param("to")), gt(s.timeBlocks.endAt, param("from"))))
    .orderBy(asc(s.timeBlocks.startAt))
    .prepare(),
);

export function blocksBetween(db: Db, staff: StaffSet, from: string, to: string): Promise<BlockRow[]> {
  if (isEmptySet(staff)) return Promise.resolve([]);
  const { query, params } = blocksOn(db, staff);
  return query.all({ ...params, from, to });
}

/** Blocks of one master that end after `after`: what the ledger rebuilds from. */
export function activeBlocksOf(db: Db, staffId: number, after: string): Promise<BlockRow[]> {
  return db
    .select()
    .from(s.timeBlocks)
    .where(and(eq(s.timeBlocks.staffId, staffId), isNull(s.timeBlocks.removedAt), gt(s.timeBlocks.endAt, after)));
}

/** Moves a block in force to a new interval; null when it was removed meanwhile. */
export async function retimeBlock(db: Db, id: number, startAt: string, endAt: string): Promise<BlockRow | null> {
  const [row] = await db
    .update(s.timeBlocks)
    .set({ startAt, endAt })
    .where(and(eq(s.timeBlocks.id, id), isNull(s.timeBlocks.removedAt)))
    .returning();
  return row ?? null;
}
