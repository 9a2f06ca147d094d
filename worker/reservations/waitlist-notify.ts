// Tells a waiting customer that a time is held for them: Web Push to their
// subscribed browsers first; an SMS through the outbox when they have no
// subscription or no push got through.
import { instantToWall } from "../booking/zoned-time.js";
import type { Env } from "../env.js";
import { log } from "../lib/log.js";
import { appOrigin } from "../manage/links.js";
import { dispatchSoon } from "../notify/dispatcher.js";
import { pushToUser } from "../notify/push-send.js";
import type { Db } from "../repo/db.js";
import { enqueue } from "../repo/outbox.js";
import { findUserById } from "../repo/users.js";
import type { WaitlistRow } from "../repo/waitlist.js";

export interface OfferFacts {
  entry: WaitlistRow;
  service: string;
  staff: string;
  start: string;
  expiresAt: string;
  zone: string;
}

/** The PWA screen that shows the offer with its countdown. */
export const offerPath = (entryId: number) => `/waitlist/${entryId}`;

export async function notifyOffer(db: Db, env: Env, facts: OfferFacts): Promise<"push" | "sms" | "none"> {
  const { entry, zone } = facts;
  const at = instantToWall(new Date(facts.start), zone);
  const until = instantToWall(new Date(facts.expiresAt), zone);
  const [y, m, d] = at.date.split("-");
  const title = "Освободилось время";
  const text = `${facts.service}, мастер ${facts.staff}, ${d}.${m}.${y} в ${at.time}. Держим для вас до ${until.time}.`;
  const url = `${appOrigin(env)}${offerPath(entry.id)}`;
  const pushed = await pushToUser(db, env, entry.userId, { title, body: text, url: offerPath(entry.id), tag: `waitlist-${entry.id}` }).catch((error) => {
    log("warn", "waitlist: push failed", { entry_id: entry.id, error: String(error) });
    return 0;
  });
  if (pushed > 0) return "push";
  const user = await findUserById(db, entry.userId);
  if (!user) return "none";
  // One SMS per offer: the dedupe key names the entry and the held start.
  const dedupeKey = `waitlist_offer:${entry.id}:${facts.start}`;
  await enqueue(db, { channel: "sms", recipient: user.phone, kind: "waitlist_offer", subject: title, body: `${title}: ${text} Подтвердите: ${url}`, dedupeKey }, new Date());
  await dispatchSoon(db, env, dedupeKey);
  return "sms";
}
