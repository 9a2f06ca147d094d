// An advertising campaign: the admin picks clients, writes the text, and it
// goes to those who consent on the chosen channel only. Every message ends
// with the recipient's unsubscribe link (filled at send time, advert.ts) and is
// marked `advertising` in the outbox; the dispatcher sends them in batches
// after the answer and from the cron, asking about consent again for each.
import type { User } from "../contracts/auth.js";
import type { Campaign, CampaignBody } from "../contracts/marketing.js";
import { AppError } from "../errors.js";
import { auditInsert } from "../repo/audit.js";
import { campaignWithKey, createCampaign, type CampaignFigures, previewAudience } from "../repo/campaigns.js";
import type { Db } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { UNSUBSCRIBE_PLACEHOLDER } from "./advert.js";

/** The stored message: the admin's text, then the unsubscribe line (Russian first: the salon's clients read it). */
function composed(b: CampaignBody, salonName: string): { body: string; subject: string | null } {
  const footer = b.channel === "email" ? `—\n${salonName}\nОтписаться от рекламных писем / Unsubscribe: ${UNSUBSCRIBE_PLACEHOLDER}` : `Отписаться: ${UNSUBSCRIBE_PLACEHOLDER}`;
  return { body: `${b.text}\n\n${footer}`, subject: b.channel === "sms" ? null : salonName };
}

export async function preview(db: Db, b: Pick<CampaignBody, "channel" | "audience">, now: Date) {
  const { matched, recipients } = await previewAudience(db, b.audience, b.channel, now);
  return { matched, recipients, skipped_no_consent: matched - recipients };
}

/**
 * Queues the campaign once per Idempotency-Key: a repeat gets the first
 * campaign back (`created: false`) and queues nothing. 422 `no_recipients`
 * when nobody in the audience consents on the channel.
 */
export async function startCampaign(db: Db, admin: User, b: CampaignBody, key: string, now: Date): Promise<{ id: number; created: boolean }> {
  const earlier = await campaignWithKey(db, key);
  if (earlier !== null) return { id: earlier, created: false };
  const [settings, counts] = await Promise.all([loadSettings(db), previewAudience(db, b.audience, b.channel, now)]);
  if (counts.recipients === 0) {
    throw new AppError("no_recipients", "Nobody in this audience consents to advertising on this channel", { matched: counts.matched, channel: b.channel });
  }
  const result = await createCampaign(db, { idempotencyKey: key, channel: b.channel, text: b.text, audience: b.audience, createdBy: admin.id, matched: counts.matched, ...composed(b, settings.name) }, now);
  if (result.created) {
    await auditInsert(db, admin, { action: "send", entity: "campaign", entityId: result.id, after: { channel: b.channel, audience: b.audience, text: b.text, recipients: counts.recipients, matched: counts.matched } });
  }
  return result;
}

export const campaignView = (c: CampaignFigures): Campaign => ({
  id: c.id,
  channel: c.channel,
  text: c.text,
  audience: c.audience,
  created_at: c.createdAt,
  matched: c.matched,
  skipped_no_consent: c.skippedNoConsent,
  queued: c.queued,
  sent: c.sent,
  failed: c.failed,
  withdrawn_before_send: c.withdrawnBeforeSend,
  unsubscribed: c.unsubscribed,
});
