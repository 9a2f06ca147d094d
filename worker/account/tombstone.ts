// Who deleted their account, without keeping who they were: keyed hashes of
// their phone and email. A YClients record whose client matches one is
// imported for the salon's ledger without the person's contact data, so a
// sync never re-creates someone who asked to be forgotten. The key is
// JWT_SECRET: rotating it forgets the tombstones (README, "A person's rights").
import { inArray } from "drizzle-orm";
import { deletedPeople } from "../../db/schema.js";
import type { Env } from "../env.js";
import { hmacSha256Hex } from "../lib/digest.js";
import type { Db } from "../repo/db.js";

export const personHash = (env: Env, value: string) => hmacSha256Hex(`erased:${env.JWT_SECRET}`, value.trim().toLowerCase());

export async function tombstoneRows(env: Env, contacts: (string | null)[], now: Date) {
  const hashes = await Promise.all(contacts.filter((c): c is string => !!c).map((c) => personHash(env, c)));
  return hashes.map((hash) => ({ hash, deletedAt: now.toISOString() }));
}

/** Whether a phone or email belongs to a person who deleted their account. */
export async function isErased(db: Db, env: Env, contacts: (string | null)[]): Promise<boolean> {
  const hashes = await Promise.all(contacts.filter((c): c is string => !!c).map((c) => personHash(env, c)));
  if (hashes.length === 0) return false;
  const rows = await db.select({ hash: deletedPeople.hash }).from(deletedPeople).where(inArray(deletedPeople.hash, hashes)).limit(1);
  return rows.length > 0;
}
