// /admin/campaigns: advertising messages to clients who consented (38-FZ),
// with a preview of how many a filter reaches and each campaign's figures.
import { CampaignBody, CampaignEnvelope, CampaignList, CampaignPreview, CampaignPreviewBody, CampaignsQuery } from "../../contracts/marketing.js";
import { IdempotencyKey } from "../../contracts/common.js";
import { AppError } from "../../errors.js";
import { doc } from "../../http/openapi.js";
import { jsonBody, parseWith } from "../../http/validate.js";
import { campaignView, preview, startCampaign } from "../../marketing/campaign.js";
import { dispatchDue } from "../../notify/dispatcher.js";
import { listCampaigns } from "../../repo/campaigns.js";
import { requestDb } from "../../repo/db.js";
import { log } from "../../lib/log.js";
import { adminApp } from "./shared.js";

export const campaignsRoutes = adminApp();

const AUDIENCE_NOTE = "Clients (customers with an account) picked by `audience`: `not_seen_days` (last completed visit longer ago, nothing booked ahead), `staff_id` / `service_id` (a completed visit with that master / of that service); filters combine. Only those who consent on `channel` (and have an email / a push subscription for those channels) get it.";

campaignsRoutes.post("/preview", doc({ tag: "Back office", summary: "How many clients an audience picks and how many of them would get the message", description: AUDIENCE_NOTE, access: "admin", body: CampaignPreviewBody, responses: { 200: ["The counts", CampaignPreview] } }), async (c) => {
  const body = await jsonBody(c, CampaignPreviewBody);
  return c.json(await preview(requestDb(c), body, new Date()));
});

campaignsRoutes.post("/", doc({ tag: "Back office", summary: "Send an advertising message to the consenting clients of an audience", description: `${AUDIENCE_NOTE} Messages are queued as advertising with the client's unsubscribe link at the end and sent in batches (20 right away, the rest by the cron); consent is asked again just before each goes. A repeat with the same Idempotency-Key answers the first campaign (200) and sends nothing more. Audited.`, access: "admin", body: CampaignBody, idempotencyKey: true, responses: { 201: ["The campaign with its first figures", CampaignEnvelope], 200: ["The campaign this Idempotency-Key already started", CampaignEnvelope], 422: "`no_recipients`: nobody in the audience consents on the channel" } }), async (c) => {
  const header = c.req.header("idempotency-key");
  if (!header) throw new AppError("idempotency_key_required", "Send an Idempotency-Key header (a fresh UUID per campaign) so a retry cannot send it twice");
  const key = parseWith(IdempotencyKey, header, "Idempotency-Key");
  const body = await jsonBody(c, CampaignBody);
  const db = requestDb(c);
  const { id, created } = await startCampaign(db, c.get("user"), body, key, new Date());
  // One batch after the answer; the cron sends the rest, so a large audience never rides on one request.
  if (created) c.executionCtx.waitUntil(dispatchDue(db, c.env).then(() => undefined, (error: unknown) => log("error", "campaign dispatch failed", { error: String(error) })));
  const { campaigns } = await listCampaigns(db, { limit: 1, offset: 0, id });
  return c.json({ campaign: campaignView(campaigns[0]!) }, created ? 201 : 200);
});

campaignsRoutes.get("/", doc({ tag: "Back office", summary: "Campaigns, newest first, with sent, skipped (no consent) and unsubscribed counts", access: "admin", query: CampaignsQuery, responses: { 200: ["A page of campaigns", CampaignList] } }), async (c) => {
  const q = parseWith(CampaignsQuery, c.req.query(), "query");
  const { campaigns, total } = await listCampaigns(requestDb(c), q);
  return c.json({ campaigns: campaigns.map(campaignView), limit: q.limit, offset: q.offset, total });
});
