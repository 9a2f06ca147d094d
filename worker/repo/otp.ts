// Sign-in codes. Attempts are counted with a conditional UPDATE so parallel
// guesses cannot exceed the limit, and a code is consumed at most once.
import { and, desc, eq, isNull, lt, sql } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";

/** The limits a new code must stay under, all counted over codes created after the given instants. */
export interface CodeLimits {
  /** No code for this phone after this instant (one a minute). */
  resendAfter: string;
  hourAgo: string;
  perPhonePerHour: number;
  perClientPerHour: number;
}

/**
 * Stores a new code only if the phone and the client are under their limits,
 * in one conditional statement: parallel requests cannot all read "under the
 * limit" and then all insert (SQLite runs the statement as one write). Null
 * when a limit refused it. The code replaces any earlier one still waiting.
 */
export async function insertCodeWithinLimits(
  db: Db,
  row: { phone: string; clientKey: string; codeHash: string; expiresAt: string; createdAt: string },
  limits: CodeLimits,
): Promise<number | null> {
  const t = s.otpCodes;
  const [inserted] = await db.batch([
    db.all<{ id: number }>(sql`
      insert into ${t} (phone, client_key, code_hash, expires_at, created_at)
      select ${row.phone}, ${row.clientKey}, ${row.codeHash}, ${row.expiresAt}, ${row.createdAt}
      where not exists (select 1 from ${t} where ${t.phone} = ${row.phone} and ${t.createdAt} > ${limits.resendAfter})
        and (select count(*) from ${t} where ${t.phone} = ${row.phone} and ${t.createdAt} > ${limits.hourAgo}) < ${limits.perPhonePerHour}
        and (select count(*) from ${t} where ${t.clientKey} = ${row.clientKey} and ${t.createdAt} > ${limits.hourAgo}) < ${limits.perClientPerHour}
      returning id`),
    // Older open codes die; when the insert was refused the newest one stays open.
    db.run(sql`
      update ${t} set consumed_at = ${row.createdAt}
      where ${t.phone} = ${row.phone} and ${t.consumedAt} is null
        and ${t.id} < (select max(${t.id}) from ${t} where ${t.phone} = ${row.phone})`),
  ]);
  return inserted[0]?.id ?? null;
}

/** Why a code was refused: the newest code of the phone, and the oldest of the hour for the phone and the client. */
export async function limitFacts(db: Db, phone: string, clientKey: string, hourAgo: string) {
  const t = s.otpCodes;
  const [facts] = await db.all<{ last: string | null; phone_count: number; phone_oldest: string | null; client_count: number; client_oldest: string | null }>(sql`
    select
      (select max(${t.createdAt}) from ${t} where ${t.phone} = ${phone}) as last,
      (select count(*) from ${t} where ${t.phone} = ${phone} and ${t.createdAt} > ${hourAgo}) as phone_count,
      (select min(${t.createdAt}) from ${t} where ${t.phone} = ${phone} and ${t.createdAt} > ${hourAgo}) as phone_oldest,
      (select count(*) from ${t} where ${t.clientKey} = ${clientKey} and ${t.createdAt} > ${hourAgo}) as client_count,
      (select min(${t.createdAt}) from ${t} where ${t.clientKey} = ${clientKey} and ${t.createdAt} > ${hourAgo}) as client_oldest`);
  return facts!;
}

/** Removes a code that could not be delivered, so it neither counts nor waits. */
export async function deleteCode(db: Db, id: number): Promise<void> {
  await db.delete(s.otpCodes).where(eq(s.otpCodes.id, id));
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
