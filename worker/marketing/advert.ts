// What the dispatcher does differently for an advertising message (38-FZ):
// it asks again whether the recipient consents on the channel (a withdrawal
// after the message was queued wins), and it fills the message's unsubscribe
// link for that recipient. The stored body keeps the placeholder.
import type { Env } from "../env.js";
import { appOrigin } from "../manage/links.js";
import type { Db } from "../repo/db.js";
import { consentsToAdvertising } from "../repo/marketing-consents.js";
import type { OutboxRow } from "../repo/outbox.js";
import { type MarketingChannel, signUnsubscribe, type UnsubscribeClaims } from "./unsubscribe-token.js";

export const UNSUBSCRIBE_PLACEHOLDER = "{{unsubscribe_url}}";

/** A campaign's message to one client: one per campaign and client. */
export const campaignDedupeKey = (campaignId: number, userId: number) => `campaign:${campaignId}:${userId}`;
const CAMPAIGN_KEY = /^campaign:([1-9]\d*):([1-9]\d*)$/;

/** The page in the PWA that confirms (a person clicked the link in a message). */
export async function unsubscribePageUrl(env: Env, claims: UnsubscribeClaims): Promise<string> {
  return `${appOrigin(env)}/u/${await signUnsubscribe(env.JWT_SECRET, claims)}`;
}

/** The API address that withdraws on a bare POST (RFC 8058 one-click, for mail clients' own "unsubscribe" button). */
export async function unsubscribeApiUrl(env: Env, claims: UnsubscribeClaims): Promise<string> {
  return `${appOrigin(env)}/api/v1/unsubscribe/${await signUnsubscribe(env.JWT_SECRET, claims)}`;
}

function claimsOf(row: OutboxRow): UnsubscribeClaims | null {
  const match = CAMPAIGN_KEY.exec(row.dedupeKey ?? "");
  return match ? { campaignId: Number(match[1]), userId: Number(match[2]), channel: row.channel as MarketingChannel } : null;
}

/** A campaign message's body with its recipient's unsubscribe link (also what GET /dev/outbox shows). */
export async function withUnsubscribeLink(env: Env, row: OutboxRow): Promise<string> {
  const claims = claimsOf(row);
  if (!claims || !row.body.includes(UNSUBSCRIBE_PLACEHOLDER)) return row.body;
  return row.body.replaceAll(UNSUBSCRIBE_PLACEHOLDER, await unsubscribePageUrl(env, claims));
}

export interface AdvertToSend {
  body: string;
  userId: number;
  /** Mail headers for a one-click unsubscribe (email only). */
  headers?: Record<string, string>;
}

/**
 * An advertising row ready to send, or null when it must not go: its
 * recipient withdrew consent (or deleted the account) since it was queued,
 * or the row names no campaign recipient.
 */
export async function prepareAdvert(db: Db, env: Env, row: OutboxRow): Promise<AdvertToSend | null> {
  const claims = claimsOf(row);
  if (!claims) return null;
  if (!(await consentsToAdvertising(db, claims.userId, claims.channel))) return null;
  const body = await withUnsubscribeLink(env, row);
  if (row.channel !== "email") return { body, userId: claims.userId };
  return {
    body,
    userId: claims.userId,
    headers: { "List-Unsubscribe": `<${await unsubscribeApiUrl(env, claims)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}
