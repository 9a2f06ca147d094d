// Runs a list of statements as one batch: one round trip, all or nothing.
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "./db.js";

export async function batchAll(db: Db, items: BatchItem<"sqlite">[]): Promise<void> {
  const [first, ...rest] = items;
  if (first) await db.batch([first, ...rest]);
}
