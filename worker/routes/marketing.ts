// Marketing consent (38-FZ): a signed-in user's own per channel
// (/me/marketing), and the unsubscribe link of an advertising message, which
// works without signing in (/unsubscribe/{token}). Service messages
// (confirmations, reminders, waitlist offers) never look at any of this.
import { Hono } from "hono";
import { requireUser } from "../auth/session.js";
import { MarketingConsents, UnsubscribeState, UpdateMarketingBody } from "../contracts/marketing.js";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { doc } from "../http/openapi.js";
import { jsonBody } from "../http/validate.js";
import { consentsView, setConsents, truncateIp } from "../marketing/consent.js";
import { readUnsubscribe, type UnsubscribeClaims } from "../marketing/unsubscribe-token.js";
import type { Env } from "../env.js";
import { requestDb } from "../repo/db.js";
import { consentsToAdvertising } from "../repo/marketing-consents.js";

export const marketingMeRoutes = new Hono<AppEnv>();

const CONSENT_NOTE = "Off until given. Advertising goes only on channels with consent; booking messages do not depend on it.";

marketingMeRoutes.get("/", doc({ tag: "Marketing", summary: "Your advertising consent per channel, with its history", description: CONSENT_NOTE, access: "signed_in", responses: { 200: ["Current state per channel and every change, newest first", MarketingConsents] } }), requireUser(), async (c) => {
  return c.json(await consentsView(requestDb(c), c.get("user").id));
});

marketingMeRoutes.put("/", doc({ tag: "Marketing", summary: "Give or withdraw advertising consent per channel", description: `${CONSENT_NOTE} Channels left out keep their state; a channel already in the asked state adds no history.`, access: "signed_in", body: UpdateMarketingBody, responses: { 200: ["The consent after the change", MarketingConsents] } }), requireUser(), async (c) => {
  const body = await jsonBody(c, UpdateMarketingBody);
  const db = requestDb(c);
  const userId = c.get("user").id;
  await setConsents(db, userId, body, { source: "profile", ip: truncateIp(c.req.header("cf-connecting-ip")) }, new Date());
  return c.json(await consentsView(db, userId));
});

export const unsubscribeRoutes = new Hono<AppEnv>();

const TOKEN_NOTE = "The token comes from the link at the end of an advertising message; it names one client and one channel and does not expire.";
const notOurs = { 404: "`not_found`: not a link we signed" } as const;

async function claimsOf(env: Env, token: string): Promise<UnsubscribeClaims> {
  const claims = await readUnsubscribe(env.JWT_SECRET, token);
  if (!claims) throw new AppError("not_found", "This link is not valid; check that it was copied in full");
  return claims;
}

unsubscribeRoutes.get("/:token", doc({ tag: "Marketing", summary: "What an unsubscribe link is for, and whether advertising still goes there", description: TOKEN_NOTE, access: "anyone", params: { token: "Signed unsubscribe token" }, responses: { 200: ["The channel and its state", UnsubscribeState], ...notOurs } }), async (c) => {
  const claims = await claimsOf(c.env, c.req.param("token"));
  return c.json({ channel: claims.channel, subscribed: await consentsToAdvertising(requestDb(c), claims.userId, claims.channel) });
});

// Any body (or none) is accepted: mail clients' one-click unsubscribe (RFC 8058) posts a form.
unsubscribeRoutes.post("/:token", doc({ tag: "Marketing", summary: "Stop advertising on the link's channel, without signing in", description: `${TOKEN_NOTE} Takes effect at once, also for messages already queued; repeating it changes nothing. Any request body is ignored (RFC 8058 one-click).`, access: "anyone", params: { token: "Signed unsubscribe token" }, responses: { 200: ["The channel, now unsubscribed", UnsubscribeState], ...notOurs } }), async (c) => {
  const claims = await claimsOf(c.env, c.req.param("token"));
  await setConsents(requestDb(c), claims.userId, { [claims.channel]: false }, { source: "unsubscribe_link", campaignId: claims.campaignId, ip: truncateIp(c.req.header("cf-connecting-ip")) }, new Date());
  return c.json({ channel: claims.channel, subscribed: false });
});
