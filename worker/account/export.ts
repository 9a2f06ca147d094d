// "What do you hold about me?" (152-FZ, Art. 14): everything kept about an
// account, as JSON. The same document serves the person (GET /me/export) and
// the salon answering a written request (GET /admin/clients/{id}/export).
// Reads go out together as one read batch.
import { desc, eq, inArray, or } from "drizzle-orm";
import { type Db, schema as s } from "../repo/db.js";

const snakeKey = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function snake<T extends Record<string, unknown>>(row: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [snakeKey(k), v]));
}

export const EXPORT_FORMAT = "salon-personal-data-export/1";

export async function exportPerson(db: Db, userId: number, now: Date) {
  const [user] = await db.select().from(s.users).where(eq(s.users.id, userId)).limit(1);
  if (!user) return null;
  const contacts = [user.phone, ...(user.email ? [user.email] : [])];
  const [consents, bookings, visits, messages, waitlist, loyalty, push, settings, certificates, abonements] = await Promise.all([
    db.select().from(s.consents).where(eq(s.consents.userId, userId)).orderBy(s.consents.givenAt),
    db.select().from(s.bookings).where(eq(s.bookings.userId, userId)).orderBy(desc(s.bookings.startAt)),
    db.select().from(s.visits).where(eq(s.visits.userId, userId)),
    db
      .select({
        id: s.notificationOutbox.id,
        channel: s.notificationOutbox.channel,
        recipient: s.notificationOutbox.recipient,
        kind: s.notificationOutbox.kind,
        subject: s.notificationOutbox.subject,
        body: s.notificationOutbox.body,
        status: s.notificationOutbox.status,
        createdAt: s.notificationOutbox.createdAt,
        sentAt: s.notificationOutbox.sentAt,
      })
      .from(s.notificationOutbox)
      .where(inArray(s.notificationOutbox.recipient, contacts))
      .orderBy(s.notificationOutbox.id),
    db.select().from(s.waitlistEntries).where(eq(s.waitlistEntries.userId, userId)),
    db.select().from(s.loyaltyLedger).where(eq(s.loyaltyLedger.userId, userId)).orderBy(s.loyaltyLedger.id),
    // The browser's keys are secrets of the device, not data about the person: the endpoint says which browser.
    db.select({ id: s.pushSubscriptions.id, endpoint: s.pushSubscriptions.endpoint, createdAt: s.pushSubscriptions.createdAt }).from(s.pushSubscriptions).where(eq(s.pushSubscriptions.userId, userId)),
    db.select({ name: s.salonSettings.name, legalName: s.salonSettings.operatorLegalName, email: s.salonSettings.operatorEmail }).from(s.salonSettings).limit(1),
    // Gift certificates they bought, and those addressed to them.
    db
      .select()
      .from(s.certificates)
      .where(or(eq(s.certificates.buyerUserId, userId), inArray(s.certificates.recipientPhone, contacts), inArray(s.certificates.recipientEmail, contacts)))
      .orderBy(s.certificates.id),
    // abonements: theirs, with every visit and freeze.
    db.select().from(s.abonements).where(eq(s.abonements.holderUserId, userId)).orderBy(s.abonements.id),
  ]);
  const abonementIds = abonements.map((a) => a.id);
  const [abonementUses, abonementFreezes] = abonementIds.length
    ? await Promise.all([
        db.select().from(s.abonementUses).where(inArray(s.abonementUses.abonementId, abonementIds)).orderBy(s.abonementUses.id),
        db.select().from(s.abonementFreezes).where(inArray(s.abonementFreezes.abonementId, abonementIds)).orderBy(s.abonementFreezes.id),
      ])
    : [[], []];
  const bookingIds = bookings.map((b) => b.id);
  const [addons, payments, reviews] = bookingIds.length
    ? await Promise.all([
        db.select().from(s.bookingAddons).where(inArray(s.bookingAddons.bookingId, bookingIds)),
        db.select().from(s.payments).where(inArray(s.payments.bookingId, bookingIds)).orderBy(s.payments.id),
        db.select().from(s.reviews).where(inArray(s.reviews.bookingId, bookingIds)),
      ])
    : [[], [], []];
  const paymentIds = payments.map((p) => p.id);
  const refunds = paymentIds.length ? await db.select().from(s.refunds).where(inArray(s.refunds.paymentId, paymentIds)).orderBy(s.refunds.id) : [];
  const points = loyalty.reduce((sum, row) => sum + row.points, 0);
  return {
    format: EXPORT_FORMAT,
    exported_at: now.toISOString(),
    operator: settings[0] ? { name: settings[0].name, legal_name: settings[0].legalName, contact_email: settings[0].email } : null,
    profile: {
      id: user.id,
      phone: user.phone,
      name: user.name,
      email: user.email,
      role: user.role,
      created_at: user.createdAt,
      updated_at: user.updatedAt,
      deleted_at: user.deletedAt,
      // The salon's own notes about the client are data about them too.
      salon_notes: user.notes,
    },
    consents: consents.map(snake),
    bookings: bookings.map((b) => ({
      ...snake(b),
      // Internal bookkeeping of retries, not data about the person.
      idempotency_key: undefined,
      request_hash: undefined,
      addons: addons.filter((a) => a.bookingId === b.id).map(snake),
      payments: payments
        .filter((p) => p.bookingId === b.id)
        .map((p) => ({ ...snake(p), idempotency_key: undefined, refunds: refunds.filter((r) => r.paymentId === p.id).map((r) => ({ ...snake(r), idempotency_key: undefined })) })),
    })),
    visits: visits.map((v) => ({ ...snake(v), idempotency_key: undefined, request_hash: undefined })),
    messages: messages.map(snake),
    waitlist: waitlist.map(snake),
    reviews: reviews.map(snake),
    loyalty: { points, entries: loyalty.map((l) => ({ ...snake(l), dedupe_key: undefined })) },
    push_subscriptions: push.map(snake),
    certificates: certificates.map((c) => ({ ...snake(c), sale_key: undefined })),
    abonements: abonements.map((a) => ({
      ...snake(a),
      sale_key: undefined,
      uses: abonementUses.filter((u) => u.abonementId === a.id).map(snake),
      freezes: abonementFreezes.filter((f) => f.abonementId === a.id).map(snake),
    })),
  };
}
