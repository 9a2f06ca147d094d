// Marketing consent as the API shows and changes it: per channel, with its
// history, and proof of where a change came from (the client's address with
// its host part zeroed, so it places the change without naming a device).
import type { MarketingConsents } from "../contracts/marketing.js";
import type { Db } from "../repo/db.js";
import { type ConsentSource, consentHistory, currentConsents, recordConsent } from "../repo/marketing-consents.js";
import type { MarketingChannel } from "./unsubscribe-token.js";

export const CHANNELS: readonly MarketingChannel[] = ["sms", "email", "push"];
const HISTORY_LIMIT = 100;

/** IPv4 → a.b.c.0, IPv6 → its first 48 bits (the site prefix); anything else is not kept. */
export function truncateIp(ip: string | undefined): string | null {
  if (!ip) return null;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0`;
  if (/^[0-9a-f:]+$/i.test(ip) && ip.includes(":")) {
    const [head = ""] = ip.split("::");
    const groups = head.split(":").filter(Boolean).slice(0, 3);
    return `${groups.join(":")}::`;
  }
  return null;
}

export async function consentsView(db: Db, userId: number): Promise<MarketingConsents> {
  const [current, history] = await Promise.all([currentConsents(db, userId), consentHistory(db, userId, HISTORY_LIMIT)]);
  const state = (channel: MarketingChannel) => {
    const row = current.find((r) => r.channel === channel);
    return { granted: row?.granted ?? false, changed_at: row?.changedAt ?? null };
  };
  return {
    channels: { sms: state("sms"), email: state("email"), push: state("push") },
    history: history.map((r) => ({ channel: r.channel, granted: r.granted, source: r.source, changed_at: r.changedAt })),
  };
}

/** Gives or withdraws consent on the channels named; a channel already in that state gets no new history row. */
export async function setConsents(
  db: Db,
  userId: number,
  changes: Partial<Record<MarketingChannel, boolean>>,
  proof: { source: ConsentSource; ip: string | null; campaignId?: number | null },
  now: Date,
): Promise<MarketingChannel[]> {
  const changed: MarketingChannel[] = [];
  for (const channel of CHANNELS) {
    const granted = changes[channel];
    if (granted === undefined) continue;
    if (await recordConsent(db, { userId, channel, granted, ...proof, at: now.toISOString() })) changed.push(channel);
  }
  return changed;
}
