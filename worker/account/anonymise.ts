// Removes or anonymises a deleted person's data everywhere it is kept, in one
// batch (all or nothing). What the salon's accounts need stays, without the
// person: bookings (service, master, times, amounts), payments and refunds,
// loyalty entries, visits. Decisions (README, "A person's rights"):
// - a review keeps its rating (a master's average) and loses its text, which
//   the person wrote and which may name them;
// - consent rows stay as proof that processing until now was lawful, marked
//   withdrawn; they hold the anonymous account id, the text's version, the
//   time and a truncated address, nothing that names the person;
// - keyed hashes of the phone and email go to deleted_people, so a YClients
//   sync imports their records without contact data (tombstone.ts).
// Free text that may quote the person (messages to masters, audit rows,
// stored webhook payloads) has their phone, name and email replaced, or is
// dropped where the whole text is theirs.
import { and, eq, inArray, isNull, like, or, type SQL, sql, type SQLWrapper } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { User } from "../contracts/auth.js";
import type { Env } from "../env.js";
import { batchAll } from "../repo/batch.js";
import { type Db, schema as s } from "../repo/db.js";
import { tombstoneRows } from "./tombstone.js";

const ERASED = "—";
const ERASED_PAYLOAD = JSON.stringify({ erased: "account_deleted" });

/** The strings that name the person in free text: phone (E.164 and digits only), email, names. */
function identifiersOf(user: { phone: string; name: string | null; email: string | null }, bookingNames: string[]): string[] {
  const digits = user.phone.replace(/\D/g, "");
  const all = [user.phone, digits, user.email, user.name, ...bookingNames].filter((x): x is string => !!x && x.trim().length >= 3);
  // Longer first, so "+7999…" is replaced before its digits are.
  return [...new Set(all)].sort((a, b) => b.length - a.length);
}

const mentions = (column: SQLWrapper, ids: string[]): SQL => or(...ids.map((id) => sql`instr(${column}, ${id}) > 0`))!;

function replaced(column: SQLWrapper, ids: string[]): SQL {
  return ids.reduce<SQL>((acc, id) => sql`replace(${acc}, ${id}, ${ERASED})`, sql`${column}`);
}

export async function anonymisePerson(db: Db, env: Env, user: User, now: Date): Promise<void> {
  const stamp = now.toISOString();
  const [own, payments] = await Promise.all([
    db
      .select({ id: s.bookings.id, name: s.bookings.customerName, record: s.bookings.yclientsRecordId })
      .from(s.bookings)
      .where(or(eq(s.bookings.userId, user.id), eq(s.bookings.phone, user.phone))),
    db
      .select({ providerId: s.payments.providerPaymentId })
      .from(s.payments)
      .innerJoin(s.bookings, eq(s.bookings.id, s.payments.bookingId))
      .where(eq(s.bookings.userId, user.id)),
  ]);
  const ids = identifiersOf(user, own.map((b) => b.name).filter((n): n is string => !!n));
  const bookingIds = own.map((b) => b.id);
  const records = own.map((b) => b.record).filter((r): r is number => r !== null);
  const providerIds = payments.map((p) => p.providerId).filter((p): p is string => !!p);
  const contacts = [user.phone, ...(user.email ? [user.email] : [])];
  const anonymous = `deleted:${user.id}`;
  const tombstones = await tombstoneRows(env, [user.phone, user.email], now);

  const events = s.webhookEvents;
  const payloadOfTheirs = or(
    mentions(events.payload, ids),
    ...records.map((r) => like(events.externalId, `record:${r}:%`)),
    ...providerIds.map((p) => sql`instr(${events.payload}, ${p}) > 0`),
  )!;
  const writes: BatchItem<"sqlite">[] = [
    db
      .update(s.bookings)
      .set({ phone: anonymous, customerName: null, notes: null, updatedAt: stamp })
      .where(or(eq(s.bookings.userId, user.id), eq(s.bookings.phone, user.phone))),
    db.delete(s.otpCodes).where(eq(s.otpCodes.phone, user.phone)),
    db
      .update(s.waitlistEntries)
      .set({ state: "cancelled", updatedAt: stamp })
      .where(and(eq(s.waitlistEntries.userId, user.id), eq(s.waitlistEntries.state, "waiting"))),
    db.delete(s.pushSubscriptions).where(eq(s.pushSubscriptions.userId, user.id)),
    // Messages to them (sent or not) go; messages to masters about them keep their text without them.
    db.delete(s.notificationOutbox).where(inArray(s.notificationOutbox.recipient, contacts)),
    db
      .update(s.notificationOutbox)
      .set({ body: replaced(s.notificationOutbox.body, ids), subject: sql`case when ${s.notificationOutbox.subject} is null then null else ${replaced(s.notificationOutbox.subject, ids)} end` })
      .where(or(mentions(s.notificationOutbox.body, ids), mentions(s.notificationOutbox.subject, ids))),
    // The salon's notes about them were about them as a whole: their audit rows lose the values.
    db
      .update(s.auditLog)
      .set({ before: null, after: null })
      .where(and(eq(s.auditLog.entity, "client"), eq(s.auditLog.entityId, user.id))),
    db
      .update(s.auditLog)
      .set({ before: sql`${replaced(s.auditLog.before, ids)}`, after: sql`${replaced(s.auditLog.after, ids)}` })
      .where(or(mentions(s.auditLog.before, ids), mentions(s.auditLog.after, ids))),
    // Processed payloads are not read again (dedupe uses external_id): theirs are dropped whole.
    db.update(events).set({ payload: ERASED_PAYLOAD }).where(payloadOfTheirs),
    db
      .update(s.webhookEvents)
      .set({ lastError: replaced(s.webhookEvents.lastError, ids) })
      .where(mentions(s.webhookEvents.lastError, ids)),
    db
      .update(s.consents)
      .set({ withdrawnAt: stamp })
      .where(and(eq(s.consents.userId, user.id), isNull(s.consents.withdrawnAt))),
    db
      .update(s.users)
      .set({ phone: anonymous, name: null, email: null, notes: null, deletedAt: stamp, updatedAt: stamp })
      .where(and(eq(s.users.id, user.id), isNull(s.users.deletedAt))),
  ];
  if (bookingIds.length > 0) writes.push(db.update(s.reviews).set({ text: "" }).where(inArray(s.reviews.bookingId, bookingIds)));
  if (tombstones.length > 0) writes.push(db.insert(s.deletedPeople).values(tombstones).onConflictDoNothing());
  // The salon's notes may quote the person anywhere else too (another client's notes naming them).
  writes.push(db.update(s.users).set({ notes: replaced(s.users.notes, ids) }).where(mentions(s.users.notes, ids)));
  await batchAll(db, writes);
}
