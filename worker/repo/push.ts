// Web Push subscriptions of users.
import { eq } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";

export type PushSubscriptionRow = typeof s.pushSubscriptions.$inferSelect;

/** Saves a browser's subscription for a user; the same endpoint again updates it (a browser may change hands). */
export async function saveSubscription(db: Db, sub: { userId: number; endpoint: string; p256dh: string; auth: string }): Promise<PushSubscriptionRow> {
  const [row] = await db
    .insert(s.pushSubscriptions)
    .values(sub)
    .onConflictDoUpdate({ target: s.pushSubscriptions.endpoint, set: { userId: sub.userId, p256dh: sub.p256dh, auth: sub.auth } })
    .returning();
  return row!;
}

export const subscriptionsOf = (db: Db, userId: number) => db.select().from(s.pushSubscriptions).where(eq(s.pushSubscriptions.userId, userId)).limit(10);

export async function forgetSubscription(db: Db, id: number): Promise<void> {
  await db.delete(s.pushSubscriptions).where(eq(s.pushSubscriptions.id, id));
}
