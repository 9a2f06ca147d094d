// Removes or anonymises a deleted person's data everywhere it is kept, in one
// batch (all or nothing). What the salon's accounts need stays, without the
// person: bookings (service, master, times, amounts), payments and refunds,
// loyalty entries, visits, gift certificates (code and balance), abonements
// (visits and amounts, held by the anonymous account). Decisions (README, "A person's rights"):
// - a review keeps its rating (a master's average) and loses its text, which
//   the person wrote and which may name them;
// - consent rows stay as proof that processing until now was lawful, marked
//   withdrawn; they hold the anonymous account id, the text's version, the
//   time and a truncated address, nothing that names the person;
// - keyed hashes of the phone and email go to deleted_people, so a YClients
//   sync imports their records without contact data (tombstone.ts).
// Free text that may quote the person (messages to masters, audit rows,
// stored webhook payloads) has their phone and email replaced wherever they
// appear and their name where the row is about their bookings, or is dropped
// where the whole text is theirs.
import { and, eq, inArray, isNull, or, type SQL, sql, type SQLWrapper } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { User } from "../contracts/auth.js";
import type { Env } from "../env.js";
import { batchAll } from "../repo/batch.js";
import { type Db, schema as s } from "../repo/db.js";
import { tombstoneRows } from "./tombstone.js";

const ERASED = "—";
const ERASED_PAYLOAD = JSON.stringify({ erased: "account_deleted" });

/**
 * The strings that name the person in free text. Phone (E.164 and digits only)
 * and email are theirs alone and are replaced wherever they appear; names are
 * not unique ("Анна"), so they are replaced only in rows tied to the person's
 * own bookings.
 */
function identifiersOf(user: { phone: string; name: string | null; email: string | null }, bookingNames: (string | null)[]) {
  const longestFirst = (xs: (string | null)[]) =>
    [...new Set(xs.filter((x): x is string => !!x && x.trim().length >= 3))].sort((a, b) => b.length - a.length);
  const unique = longestFirst([user.phone, user.phone.replace(/\D/g, ""), user.email]);
  return { unique, all: longestFirst([...unique, user.name, ...bookingNames]) };
}

const mentions = (column: SQLWrapper, ids: string[]): SQL => or(...ids.map((id) => sql`instr(${column}, ${id}) > 0`))!;

function replaced(column: SQLWrapper, ids: string[]): SQL {
  return ids.reduce<SQL>((acc, id) => sql`replace(${acc}, ${id}, ${ERASED})`, sql`${column}`);
}

/** Whether `value` is one of a JSON array's items: any number of ids in one parameter (no OR chain to outgrow SQLite's limits). */
const inJson = (value: SQL | SQLWrapper, items: (string | number)[]) => sql`${value} in (select value from json_each(${JSON.stringify(items)}))`;

/** An outbox row about one of these bookings: customers' keys are `kind:id:…`, masters' `kind#id#…`. */
const aboutBookings = (key: SQLWrapper, ids: number[]) =>
  sql`exists (select 1 from json_each(${JSON.stringify(ids)}) b where ${key} like '%:' || b.value || ':%' or ${key} like '%#' || b.value || '#%')`;

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
  const ids = identifiersOf(user, own.map((b) => b.name));
  const bookingIds = own.map((b) => b.id);
  const records = own.map((b) => `record:${b.record}:`).filter((r) => !r.includes("null"));
  const providerIds = payments.map((p) => p.providerId).filter((p): p is string => !!p);
  const contacts = [user.phone, ...(user.email ? [user.email] : [])];
  const anonymous = `deleted:${user.id}`;
  const tombstones = await tombstoneRows(env, [user.phone, user.email], now);
  const outbox = s.notificationOutbox;
  const audit = s.auditLog;
  const events = s.webhookEvents;

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
    // Messages to them (sent or not) go; messages to masters about their bookings keep their text without them.
    db.delete(outbox).where(inArray(outbox.recipient, contacts)),
    db
      .update(outbox)
      .set({ body: replaced(outbox.body, ids.all), subject: replaced(outbox.subject, ids.all) })
      .where(aboutBookings(outbox.dedupeKey, bookingIds)),
    db
      .update(outbox)
      .set({ body: replaced(outbox.body, ids.unique), subject: replaced(outbox.subject, ids.unique) })
      .where(or(mentions(outbox.body, ids.unique), mentions(outbox.subject, ids.unique))),
    // The salon's notes about them were about them as a whole: their audit rows lose the values.
    db
      .update(audit)
      .set({ before: null, after: null })
      .where(and(eq(audit.entity, "client"), eq(audit.entityId, user.id))),
    db
      .update(audit)
      .set({ before: sql`${replaced(audit.before, ids.all)}`, after: sql`${replaced(audit.after, ids.all)}` })
      .where(and(eq(audit.entity, "booking"), inJson(audit.entityId, bookingIds))),
    db
      .update(audit)
      .set({ before: sql`${replaced(audit.before, ids.unique)}`, after: sql`${replaced(audit.after, ids.unique)}` })
      .where(or(mentions(audit.before, ids.unique), mentions(audit.after, ids.unique))),
    // A payment's stored receipt named them as its customer (54-FZ): the amounts and lines stay.
    db
      .update(s.payments)
      .set({ receipt: sql`${replaced(sql`${s.payments.receipt}`, ids.unique)}` })
      .where(mentions(sql`${s.payments.receipt}`, ids.unique)),
    // Processed payloads are not read again (dedupe uses external_id): theirs are dropped whole.
    db
      .update(events)
      .set({ payload: ERASED_PAYLOAD })
      .where(
        or(
          mentions(events.payload, ids.unique),
          sql`exists (select 1 from json_each(${JSON.stringify(records)}) r where ${events.externalId} like r.value || '%')`,
          sql`exists (select 1 from json_each(${JSON.stringify(providerIds)}) p where instr(${events.payload}, p.value) > 0)`,
        ),
      ),
    db.update(events).set({ lastError: replaced(events.lastError, ids.unique) }).where(mentions(events.lastError, ids.unique)),
    db
      .update(s.consents)
      .set({ withdrawnAt: stamp })
      .where(and(eq(s.consents.userId, user.id), isNull(s.consents.withdrawnAt))),
    db
      .update(s.users)
      .set({ phone: anonymous, name: null, email: null, notes: null, deletedAt: stamp, updatedAt: stamp })
      .where(and(eq(s.users.id, user.id), isNull(s.users.deletedAt))),
    // Another client's notes may give this person's phone or email.
    db.update(s.users).set({ notes: replaced(s.users.notes, ids.unique) }).where(mentions(s.users.notes, ids.unique)),
    db.update(s.reviews).set({ text: "" }).where(inJson(s.reviews.bookingId, bookingIds)),
    // A certificate addressed to them keeps its code and balance (it is money) without who it was for.
    db
      .update(s.certificates)
      .set({ recipientName: null, recipientPhone: null, recipientEmail: null, message: null, updatedAt: stamp })
      .where(or(inArray(s.certificates.recipientPhone, contacts), inArray(s.certificates.recipientEmail, contacts))),
    // One they gave stays the recipient's; the greeting they wrote loses their name, the receipt their contacts.
    db
      .update(s.certificates)
      .set({ message: replaced(s.certificates.message, ids.all), updatedAt: stamp })
      .where(and(eq(s.certificates.buyerUserId, user.id), mentions(s.certificates.message, ids.all))),
    db
      .update(s.certificates)
      .set({ receipt: sql`${replaced(sql`${s.certificates.receipt}`, ids.unique)}` })
      .where(mentions(sql`${s.certificates.receipt}`, ids.unique)),
    // abonements: theirs stay (money, and visits the salon settles) on the anonymous account; the advance receipt loses their contacts.
    db
      .update(s.abonements)
      .set({ receipt: sql`${replaced(sql`${s.abonements.receipt}`, ids.unique)}`, updatedAt: stamp })
      .where(and(eq(s.abonements.holderUserId, user.id), mentions(sql`${s.abonements.receipt}`, ids.unique))),
  ];
  if (tombstones.length > 0) writes.push(db.insert(s.deletedPeople).values(tombstones).onConflictDoNothing());
  await batchAll(db, writes);
}
