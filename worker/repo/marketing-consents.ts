// 38-FZ marketing consent per channel: an append-only history whose newest
// row per channel is the current state (no row = never consented).
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { MarketingChannel } from "../marketing/unsubscribe-token.js";
import { type Db, schema as s } from "./db.js";

const mc = s.marketingConsents;
export type ConsentRow = typeof mc.$inferSelect;
export type ConsentSource = ConsentRow["source"];

/** The newest row of each channel this user ever set. */
export function currentConsents(db: Db, userId: number) {
  return db
    .select()
    .from(mc)
    .where(and(eq(mc.userId, userId), sql`"marketing_consents"."id" = (select max(m2.id) from marketing_consents m2 where m2.user_id = "marketing_consents"."user_id" and m2.channel = "marketing_consents"."channel")`));
}

export function consentHistory(db: Db, userId: number, limit: number) {
  return db.select().from(mc).where(eq(mc.userId, userId)).orderBy(desc(mc.id)).limit(limit);
}

export interface ConsentChange {
  userId: number;
  channel: MarketingChannel;
  granted: boolean;
  source: ConsentSource;
  campaignId?: number | null;
  ip: string | null;
  at: string;
}

/**
 * Records a change only when it changes something: the row is inserted unless
 * the channel's newest row already says the same (one statement, so two clicks
 * at once cannot write a withdrawal twice). Returns whether a row was written.
 */
export async function recordConsent(db: Db, c: ConsentChange): Promise<boolean> {
  const granted = c.granted ? 1 : 0;
  const result = await db.run(sql`
    insert into marketing_consents (user_id, channel, granted, source, campaign_id, ip, changed_at)
    select ${c.userId}, ${c.channel}, ${granted}, ${c.source}, ${c.campaignId ?? null}, ${c.ip}, ${c.at}
    where exists (select 1 from users where id = ${c.userId})
      and coalesce((select granted from marketing_consents where user_id = ${c.userId} and channel = ${c.channel} order by id desc limit 1), 0) <> ${granted}`);
  return result.rowsAffected > 0;
}

/** SQL: whether the user in `userIdColumn` consents on this channel now. */
export const consentsNow = (userIdColumn: unknown, channel: MarketingChannel) =>
  sql`coalesce((select mcn.granted from marketing_consents mcn where mcn.user_id = ${userIdColumn} and mcn.channel = ${channel} order by mcn.id desc limit 1), 0) = 1`;

/** Whether a live (not deleted) user consents on this channel now: asked again just before an advertising message goes. */
export async function consentsToAdvertising(db: Db, userId: number, channel: MarketingChannel): Promise<boolean> {
  const [row] = await db
    .select({ ok: sql<number>`${consentsNow(sql.raw(`"users"."id"`), channel)}`.as("ok") })
    .from(s.users)
    .where(and(eq(s.users.id, userId), isNull(s.users.deletedAt)));
  return Number(row?.ok ?? 0) === 1;
}
