// Sign-in codes. Attempts are counted with a conditional UPDATE so parallel
// guesses cannot exceed the limit, and a code is consumed at most once.
import { and, count, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";

export async function countCodesSince(db: Db, by: "phone" | "client", key: string, since: string): Promise<number> {
  const column = by === "phone" ? s.otpCodes.phone : s.otpCodes.clientKey;
  const [row] = await db
    .select({ n: count() })
    .from(s.otpCodes)
    .where(and(eq(column, key), gt(s.otpCodes.createdAt, since)));
  return row?.n ?? 0;
}

export async function lastCodeCreatedAt(db: Db, phone: string): Promise<string | null> {
  const [row] = await db
    .select({ createdAt: s.otpCodes.createdAt })
    .from(s.otpCodes)
    .where(eq(s.otpCodes.phone, phone))
    .orderBy(desc(s.otpCodes.createdAt))
    .limit(1);
  return row?.createdAt ?? null;
}

export async function insertCode(
  db: Db,
  row: { phone: string; clientKey: string; codeHash: string; expiresAt: string; createdAt: string },
): Promise<void> {
  // A new code replaces any earlier one still waiting for this phone.
  await db.batch([
    db
      .update(s.otpCodes)
      .set({ consumedAt: row.createdAt })
      .where(and(eq(s.otpCodes.phone, row.phone), isNull(s.otpCodes.consumedAt))),
    db.insert(s.otpCodes).values(row),
  ]);
}

export async function latestOpenCode(db: Db, phone: string) {
  const [row] = await db
    .select()
    .from(s.otpCodes)
    .where(and(eq(s.otpCodes.phone, phone), isNull(s.otpCodes.consumedAt)))
    .orderBy(desc(s.otpCodes.createdAt))
    .limit(1);
  return row ?? null;
}

/** Counts one attempt; null when the limit was already reached. */
export async function takeAttempt(db: Db, id: number, maxAttempts: number): Promise<number | null> {
  const [row] = await db
    .update(s.otpCodes)
    .set({ attempts: sql`${s.otpCodes.attempts} + 1` })
    .where(and(eq(s.otpCodes.id, id), lt(s.otpCodes.attempts, maxAttempts), isNull(s.otpCodes.consumedAt)))
    .returning({ attempts: s.otpCodes.attempts });
  return row?.attempts ?? null;
}

/** Marks the code used; false if someone else used it first. */
export async function consumeCode(db: Db, id: number, at: string): Promise<boolean> {
  const rows = await db
    .update(s.otpCodes)
    .set({ consumedAt: at })
    .where(and(eq(s.otpCodes.id, id), isNull(s.otpCodes.consumedAt)))
    .returning({ id: s.otpCodes.id });
  return rows.length === 1;
}
