// Pushes a notification to every browser a user subscribed; dead
// subscriptions are forgotten. Without VAPID keys configured nothing is pushed.
import type { Env } from "../env.js";
import { log } from "../lib/log.js";
import type { Db } from "../repo/db.js";
import { forgetSubscription, subscriptionsOf } from "../repo/push.js";
import { sendPush, type VapidKeys } from "./web-push.js";

export function vapidKeysOf(env: Env): VapidKeys | null {
  if (!env.VAPID_PUBLIC_KEY || !env.VAPID_PRIVATE_KEY) return null;
  return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject: env.VAPID_SUBJECT ?? "mailto:admin@salon.example" };
}

/** What the service worker shows: title, body, and the app path a tap opens. */
export interface PushMessage {
  title: string;
  body: string;
  url: string;
  tag: string;
}

/** How many browsers took the message. */
export async function pushToUser(db: Db, env: Env, userId: number, message: PushMessage): Promise<number> {
  const keys = vapidKeysOf(env);
  if (!keys) return 0;
  const subs = await subscriptionsOf(db, userId);
  let sent = 0;
  for (const sub of subs) {
    const outcome = await sendPush(sub, message, keys, 600).catch((error) => {
      log("warn", "push: send failed", { error: String(error) });
      return "failed" as const;
    });
    if (outcome === "sent") sent += 1;
    if (outcome === "gone") await forgetSubscription(db, sub.id);
  }
  return sent;
}
