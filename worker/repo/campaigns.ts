// Advertising campaigns in SQL: who an audience filter picks, how many of them
// may be written to on a channel, queueing the messages, and each campaign's
// figures from its outbox rows and the unsubscribes its links caused.
import { and, count, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { MarketingChannel } from "../marketing/unsubscribe-token.js";
import { type Db, schema as s } from "./db.js";
import { consentsNow } from "./marketing-consents.js";

export interface Audience {
  /** Last completed visit longer ago than this, and nothing booked ahead. */
  not_seen_days?: number;
  /** Has had a completed visit with this master. */
  staff_id?: number;
  /** Has had a completed visit of this service. */
  service_id?: number;
}

const u = s.users;
// Written out in full: drizzle drops the table name of a column in a one-table
// select, and inside a subquery a bare "id" would name the subquery's own row.
const USER_ID = sql.raw(`"users"."id"`);
const CAMPAIGN_ID = sql.raw(`"campaigns"."id"`);

function audienceWhere(a: Audience, now: Date): SQL | undefined {
  const parts: SQL[] = [eq(u.role, "customer"), isNull(u.deletedAt)];
  if (a.not_seen_days !== undefined) {
    const cutoff = new Date(now.getTime() - a.not_seen_days * 86_400_000).toISOString();
    parts.push(sql`(select max(b.start_at) from bookings b where b.user_id = ${USER_ID} and b.status = 'completed') < ${cutoff}`);
    parts.push(sql`not exists (select 1 from bookings b where b.user_id = ${USER_ID} and b.status in ('held', 'pending', 'confirmed') and b.start_at >= ${now.toISOString()})`);
  }
  if (a.staff_id !== undefined) parts.push(sql`exists (select 1 from bookings b where b.user_id = ${USER_ID} and b.status = 'completed' and b.staff_id = ${a.staff_id})`);
  if (a.service_id !== undefined) parts.push(sql`exists (select 1 from bookings b where b.user_id = ${USER_ID} and b.status = 'completed' and b.service_id = ${a.service_id})`);
  return and(...parts);
}

/** Whether the channel has somewhere to deliver to for this user. */
function reachable(channel: MarketingChannel): SQL {
  if (channel === "email") return sql`${u.email} is not null`;
  if (channel === "push") return sql`exists (select 1 from push_subscriptions ps where ps.user_id = ${USER_ID})`;
  return sql`1 = 1`;
}

const recipientsWhere = (a: Audience, channel: MarketingChannel, now: Date) => and(audienceWhere(a, now), consentsNow(USER_ID, channel), reachable(channel));

/** How many clients the filter picks, and how many of them would get the message. */
export async function previewAudience(db: Db, a: Audience, channel: MarketingChannel, now: Date): Promise<{ matched: number; recipients: number }> {
  const [[matched], [recipients]] = await Promise.all([
    db.select({ n: count() }).from(u).where(audienceWhere(a, now)),
    db.select({ n: count() }).from(u).where(recipientsWhere(a, channel, now)),
  ]);
  return { matched: matched?.n ?? 0, recipients: recipients?.n ?? 0 };
}

export interface NewCampaign {
  idempotencyKey: string;
  channel: MarketingChannel;
  text: string;
  audience: Audience;
  createdBy: number;
  /** The message as stored: the text, then the unsubscribe placeholder the dispatcher fills per recipient. */
  body: string;
  subject: string | null;
  /** Clients the filter picked (from the preview taken just before). */
  matched: number;
}

/**
 * Writes the campaign and queues one advertising message per consenting
 * client in one INSERT … SELECT (a large audience is one statement, not one
 * request per client); the dispatcher sends them in batches. The dedupe key
 * `campaign:<id>:<user>` keeps a client to one message per campaign.
 */
export async function createCampaign(db: Db, c: NewCampaign, now: Date): Promise<{ id: number; created: boolean }> {
  const [row] = await db
    .insert(s.campaigns)
    .values({ idempotencyKey: c.idempotencyKey, channel: c.channel, text: c.text, audience: c.audience, matched: c.matched, skippedNoConsent: 0, createdBy: c.createdBy, createdAt: now.toISOString() })
    .onConflictDoNothing({ target: s.campaigns.idempotencyKey })
    .returning({ id: s.campaigns.id });
  // Another request with this key got there first: that one is the campaign, and it queued the messages.
  if (!row) return { id: (await campaignWithKey(db, c.idempotencyKey))!, created: false };
  const id = row.id;
  // The key's prefix is built here: a number bound to SQL may travel as a float ("5.0").
  const recipient = c.channel === "sms" ? sql`${u.phone}` : c.channel === "email" ? sql`${u.email}` : sql`cast(${USER_ID} as text)`;
  await db.batch([
    db.run(sql`
      insert into notification_outbox (channel, recipient, kind, subject, body, purpose, campaign_id, dedupe_key, next_attempt_at)
      select ${c.channel}, ${recipient}, 'campaign', ${c.subject}, ${c.body}, 'advertising', ${id}, ${`campaign:${id}:`} || ${USER_ID}, ${now.toISOString()}
      from ${u} where ${recipientsWhere(c.audience, c.channel, now)}
      on conflict (dedupe_key) do nothing`),
    db.run(sql`update campaigns set skipped_no_consent = matched - (select count(*) from notification_outbox o where o.campaign_id = ${id}) where id = ${id}`),
  ]);
  return { id, created: true };
}

export async function campaignWithKey(db: Db, key: string): Promise<number | null> {
  const [row] = await db.select({ id: s.campaigns.id }).from(s.campaigns).where(eq(s.campaigns.idempotencyKey, key)).limit(1);
  return row?.id ?? null;
}

export interface CampaignFigures {
  id: number;
  channel: MarketingChannel;
  text: string;
  audience: Audience;
  createdAt: string;
  matched: number;
  skippedNoConsent: number;
  queued: number;
  sent: number;
  failed: number;
  withdrawnBeforeSend: number;
  unsubscribed: number;
}

// Each count is named: the database client keys a row's values by column name.
const outboxCount = (status: "pending" | "sent" | "failed" | "skipped") =>
  sql<number>`(select count(*) from notification_outbox o where o.campaign_id = ${CAMPAIGN_ID} and o.status = ${sql.raw(`'${status}'`)})`.as(`n_${status}`);

/** A page of campaigns, newest first (or the one with `id`). */
export async function listCampaigns(db: Db, page: { limit: number; offset: number; id?: number }): Promise<{ campaigns: CampaignFigures[]; total: number }> {
  const [rows, [total]] = await Promise.all([
    db
      .select({
        c: s.campaigns,
        queued: outboxCount("pending"),
        sent: outboxCount("sent"),
        failed: outboxCount("failed"),
        skipped: outboxCount("skipped"),
        unsubscribed: sql<number>`(select count(distinct m.user_id) from marketing_consents m where m.campaign_id = ${CAMPAIGN_ID} and m.granted = 0 and m.source = 'unsubscribe_link')`.as("n_unsubscribed"),
      })
      .from(s.campaigns)
      .where(page.id === undefined ? undefined : eq(s.campaigns.id, page.id))
      .orderBy(desc(s.campaigns.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(s.campaigns),
  ]);
  return {
    campaigns: rows.map((r) => ({
      id: r.c.id,
      channel: r.c.channel,
      text: r.c.text,
      audience: r.c.audience as Audience,
      createdAt: r.c.createdAt,
      matched: r.c.matched,
      skippedNoConsent: r.c.skippedNoConsent,
      queued: Number(r.queued),
      sent: Number(r.sent),
      failed: Number(r.failed),
      withdrawnBeforeSend: Number(r.skipped),
      unsubscribed: Number(r.unsubscribed),
    })),
    total: total?.n ?? 0,
  };
}
