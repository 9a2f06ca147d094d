// The unsubscribe link at the end of every advertising message: it withdraws
// one user's consent on one channel without signing in (38-FZ: advertising
// must stop at once on request). It never expires, because a message may be
// read months later. Format (URL-safe):
//   u<user id>-<s|e|p>-<campaign id or 0>.<HMAC-SHA256 of the rest, base64url>
// keyed with JWT_SECRET under its own label, so it signs nothing else.
import { signatureMatches, signText } from "../manage/token.js";

export type MarketingChannel = "sms" | "email" | "push";

const letters: Record<MarketingChannel, string> = { sms: "s", email: "e", push: "p" };
const channels: Record<string, MarketingChannel> = { s: "sms", e: "email", p: "push" };
const LABEL = "unsubscribe";

export interface UnsubscribeClaims {
  userId: number;
  channel: MarketingChannel;
  /** The campaign whose message carried the link, so its unsubscribes can be counted. */
  campaignId: number | null;
}

export async function signUnsubscribe(secret: string, claims: UnsubscribeClaims): Promise<string> {
  const body = `u${claims.userId}-${letters[claims.channel]}-${claims.campaignId ?? 0}`;
  return `${body}.${await signText(secret, LABEL, body)}`;
}

const SHAPE = /^u([1-9]\d{0,15})-([sep])-(0|[1-9]\d{0,15})\.([A-Za-z0-9_-]{43})$/;

/** The claims of a token we signed, or null for anything else. */
export async function readUnsubscribe(secret: string, token: string): Promise<UnsubscribeClaims | null> {
  const match = SHAPE.exec(token);
  if (!match) return null;
  const [, user, letter, campaign, signature] = match as unknown as string[];
  const expected = await signText(secret, LABEL, token.slice(0, token.lastIndexOf(".")));
  if (!signatureMatches(expected, signature!)) return null;
  return { userId: Number(user), channel: channels[letter!]!, campaignId: campaign === "0" ? null : Number(campaign) };
}
