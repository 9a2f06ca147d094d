// Marketing consent (38-FZ) and advertising campaigns: requests and answers
// shared by the worker, the profile and unsubscribe screens and the back office.
import * as v from "valibot";
import { PageQuery } from "./admin.js";
import { BodyId } from "./common.js";


export const MarketingChannel = v.picklist(["sms", "email", "push"], "channel is sms, email or push");
export type MarketingChannel = v.InferOutput<typeof MarketingChannel>;

export const ConsentSource = v.picklist(["profile", "unsubscribe_link", "admin"]);

const ChannelState = v.object({
  granted: v.boolean(),
  /** When it was last given or withdrawn; null: never asked (not consented). */
  changed_at: v.nullable(v.string()),
});

export const MarketingConsents = v.object({
  channels: v.object({ sms: ChannelState, email: ChannelState, push: ChannelState }),
  /** Every change, newest first. */
  history: v.array(v.object({ channel: MarketingChannel, granted: v.boolean(), source: ConsentSource, changed_at: v.string() })),
});
export type MarketingConsents = v.InferOutput<typeof MarketingConsents>;

const Toggle = v.optional(v.boolean("true gives consent on the channel, false withdraws it"));
export const UpdateMarketingBody = v.pipe(
  v.object({ sms: Toggle, email: Toggle, push: Toggle }),
  v.check((b) => b.sms !== undefined || b.email !== undefined || b.push !== undefined, "name at least one channel: sms, email or push"),
);
export type UpdateMarketingBody = v.InferOutput<typeof UpdateMarketingBody>;

/** What an unsubscribe link is for, and whether advertising still goes there. */
export const UnsubscribeState = v.object({ channel: MarketingChannel, subscribed: v.boolean() });
export type UnsubscribeState = v.InferOutput<typeof UnsubscribeState>;

export const CampaignAudience = v.object({
  /** Clients whose last completed visit is older than this many days and who have nothing booked ahead. */
  not_seen_days: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3650, "not_seen_days is at most 3650"))),
  /** Clients who had a completed visit with this master. */
  staff_id: v.optional(BodyId),
  /** Clients who had a completed visit of this service. */
  service_id: v.optional(BodyId),
});
export type CampaignAudience = v.InferOutput<typeof CampaignAudience>;

export const CampaignPreviewBody = v.object({ channel: MarketingChannel, audience: v.optional(CampaignAudience, {}) });

export const CampaignBody = v.object({
  channel: MarketingChannel,
  text: v.pipe(v.string(), v.trim(), v.minLength(1, "write the message"), v.maxLength(1000, "the message is at most 1000 characters")),
  audience: v.optional(CampaignAudience, {}),
});
export type CampaignBody = v.InferOutput<typeof CampaignBody>;

export const CampaignPreview = v.object({
  /** Clients the filter picks. */
  matched: v.number(),
  /** Of them, those who consent on the channel and can be reached on it: who would get the message. */
  recipients: v.number(),
  /** matched − recipients: no consent on the channel (or no address for it). */
  skipped_no_consent: v.number(),
});
export type CampaignPreview = v.InferOutput<typeof CampaignPreview>;

export const Campaign = v.object({
  id: v.number(),
  channel: MarketingChannel,
  text: v.string(),
  audience: CampaignAudience,
  created_at: v.string(),
  matched: v.number(),
  skipped_no_consent: v.number(),
  /** Messages still waiting for the dispatcher. */
  queued: v.number(),
  sent: v.number(),
  failed: v.number(),
  /** Queued, then not sent because the client withdrew consent first. */
  withdrawn_before_send: v.number(),
  /** Clients who unsubscribed through this campaign's link. */
  unsubscribed: v.number(),
});
export type Campaign = v.InferOutput<typeof Campaign>;

export const CampaignEnvelope = v.object({ campaign: Campaign });
export const CampaignList = v.object({ campaigns: v.array(Campaign), limit: v.number(), offset: v.number(), total: v.number() });
export type CampaignList = v.InferOutput<typeof CampaignList>;
export const CampaignsQuery = v.object(PageQuery);
