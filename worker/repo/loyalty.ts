// Loyalty points as a ledger: the balance is always the sum of the rows. Each
// row has a dedupe key, so retries and repeated notifications add nothing.
import { eq, sql } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";

export type LoyaltyReason = "earned" | "spent" | "returned" | "adjusted";

export interface LoyaltyEntry {
  userId: number;
  bookingId: number | null;
  paymentId: number | null;
  points: number;
  reason: LoyaltyReason;
  dedupeKey: string;
}

export async function balanceOf(db: Db, userId: number): Promise<number> {
  const [row] = await db
    .select({ points: sql<number>`coalesce(sum(${s.loyaltyLedger.points}), 0)` })
    .from(s.loyaltyLedger)
    .where(eq(s.loyaltyLedger.userId, userId));
  return Number(row?.points ?? 0);
}

/** Adds a row once per dedupe key; true if this call added it. */
export async function addEntry(db: Db, e: LoyaltyEntry): Promise<boolean> {
  const rows = await db.insert(s.loyaltyLedger).values(e).onConflictDoNothing({ target: s.loyaltyLedger.dedupeKey }).returning({ id: s.loyaltyLedger.id });
  return rows.length === 1;
}

/**
 * Spends points if the balance still covers them, in one statement so two
 * payments cannot spend the same points. True if spent (now or by an earlier
 * call with the same dedupe key).
 */
export async function spendPoints(db: Db, e: Omit<LoyaltyEntry, "reason" | "points"> & { points: number }): Promise<boolean> {
  const result = await db.run(sql`
    insert into loyalty_ledger (user_id, booking_id, payment_id, points, reason, dedupe_key)
    select ${e.userId}, ${e.bookingId}, ${e.paymentId}, ${-e.points}, 'spent', ${e.dedupeKey}
    where (select coalesce(sum(points), 0) from loyalty_ledger where user_id = ${e.userId}) >= ${e.points}
    on conflict (dedupe_key) do nothing
    returning id`);
  if (result.rows.length === 1) return true;
  const [earlier] = await db.select({ id: s.loyaltyLedger.id }).from(s.loyaltyLedger).where(eq(s.loyaltyLedger.dedupeKey, e.dedupeKey)).limit(1);
  return earlier !== undefined;
}
