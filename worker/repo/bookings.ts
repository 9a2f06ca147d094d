// Booking rows in the database. Writes that change a master's occupancy are
// called only from that master's StaffLedger Durable Object.
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, notInArray, sql, type SQL } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";
import { settlementReceiptInsert } from "./receipts.js";
import { bookingSpendStatements } from "./certificates.js";
import { visitSettlementReceiptInsert } from "./visit-payments.js";
import type { BookingBoundMessage } from "./outbox.js";
import { param, prepared, statementOf } from "./prepared.js";
import { isEmptySet, preparedOnSet, type StaffSet } from "./staff-set.js";
import { isPromoRefusal, type PromoUse, promoUseStatement, releasePromoUse, retakePromoUse } from "./promo.js";
import { type AbonementReservation, abonementUseStatement, noShowUse, reReserveUse, settleUse } from "./abonements.js";

export type BookingRow = typeof s.bookings.$inferSelect;
export type ActiveStatus = "held" | "pending" | "confirmed";
export const activeStatuses: ActiveStatus[] = ["held", "pending", "confirmed"];
/** Whether a status occupies the master's time. */
export const isActive = (status: string): status is ActiveStatus => (activeStatuses as string[]).includes(status);

export interface NewBooking {
  userId: number | null;
  serviceId: number;
  staffId: number;
  startAt: string;
  endAt: string;
  status: ActiveStatus;
  phone: string;
  customerName: string | null;
  notes: string | null;
  priceTotalMinor: number;
  prepaymentMinor: number;
  currency: string;
  holdExpiresAt: string | null;
  idempotencyKey: string;
  requestHash: string;
  /** Sent at once, or replayed from the PWA's offline outbox. */
  origin: BookingRow["origin"];
  addons: { serviceId: number; durationMin: number; priceMinor: number }[];
  /** The visit this booking is an item of (several services booked together). */
  visitId?: number | null;
  /** The series (a recurring booking) this booking is one occurrence of. */
  seriesId?: number | null;
  /** classes: the session this booking is a seat of (counted by that session's ledger). */
  classId?: number | null;
  /** The customer's message about the new booking, written in the same batch. */
  message?: BookingBoundMessage;
  /** certificates: the gift certificate paying `certificateMinor` of the price, spent in the same batch. */
  certificateId?: number | null;
  certificateMinor?: number;
  /** The request's instant: the certificate must not have expired by then. */
  certificateAt?: string;
  /** promo: the code's use, written in the same batch only while its limits allow (else nothing is written). */
  promo?: PromoUse;
  /** abonements: the abonement paying `abonementMinor`; its visit is reserved in the same batch (else nothing is written). */
  abonementId?: number | null;
  abonementMinor?: number;
  abonement?: AbonementReservation;
  /** No-show protection: the policy rule that made the prepayment a deposit the salon keeps on a late cancel or a no-show. */
  depositRule?: BookingRow["depositRule"];
  /** The units of resources (rooms, machines) the booking holds, claimed in their ledgers before. */
  units?: { resourceId: number; unit: number }[];
}

export function isUniqueViolation(error: unknown): boolean {
  const text = `${(error as { code?: string })?.code ?? ""} ${(error as Error)?.message ?? ""} ${String((error as { cause?: unknown })?.cause ?? "")}`;
  return text.includes("SQLITE_CONSTRAINT_UNIQUE") || text.includes("UNIQUE constraint failed");
}

const byKeyOfUser = prepared((db) =>
  db.select().from(s.bookings).where(and(eq(s.bookings.userId, param("userId")), eq(s.bookings.idempotencyKey, param("key")))).limit(1).prepare(),
);
const byKeyWithoutUser = prepared((db) =>
  db.select().from(s.bookings).where(and(sql`${s.bookings.userId} is null`, eq(s.bookings.idempotencyKey, param("key")))).limit(1).prepare(),
);

export async function findByIdempotencyKey(db: Db, userId: number | null, key: string): Promise<BookingRow | null> {
  const row = await (userId === null ? byKeyWithoutUser(db).get({ key }) : byKeyOfUser(db).get({ userId, key }));
  return row ?? null;
}

/** The booking a customer, known by phone, made with this key (staff booking for them). */
export async function findByIdempotencyKeyForPhone(db: Db, phone: string, key: string): Promise<BookingRow | null> {
  const [row] = await db
    .select()
    .from(s.bookings)
    .where(
      and(
        inArray(s.bookings.userId, db.select({ id: s.users.id }).from(s.users).where(eq(s.users.phone, phone))),
        eq(s.bookings.idempotencyKey, key),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** The columns a new booking row is written with (the rest take their defaults). */
type BookingColumns = Omit<NewBooking, "addons" | "message" | "certificateAt" | "promo" | "units" | "abonement">;
const bookingColumns: (keyof BookingColumns)[] = [
  "userId", "serviceId", "staffId", "startAt", "endAt", "status", "phone", "customerName", "notes",
  "priceTotalMinor", "prepaymentMinor", "currency", "holdExpiresAt", "idempotencyKey", "requestHash", "origin", "visitId", "seriesId", "depositRule", "classId",
  "certificateId", "certificateMinor", "abonementId", "abonementMinor",
];
const newBookingRow = prepared((db) =>
  db
    .insert(s.bookings)
    .values(Object.fromEntries(bookingColumns.map((c) => [c, param(c)])) as unknown as typeof s.bookings.$inferInsert)
    .returning()
    .prepare(),
);
// Right after the booking insert, last_insert_rowid() is the booking's id.
const bookingMessageRow = prepared((db) =>
  db
    .insert(s.notificationOutbox)
    .values({
      channel: param("channel"),
      recipient: param("recipient"),
      kind: param("kind"),
      subject: param("subject"),
      body: param("body"),
      dedupeKey: sql`${param("dedupeBefore")} || last_insert_rowid() || ${param("dedupeAfter")}`,
      nextAttemptAt: param("dueAt"),
    })
    .onConflictDoNothing({ target: s.notificationOutbox.dedupeKey })
    .prepare(),
);
const bookingAddonRow = prepared((db) =>
  db
    .insert(s.bookingAddons)
    .values({ bookingId: sql`(select max(id) from ${s.bookings})`, serviceId: param("serviceId"), durationMin: param("durationMin"), priceMinor: param("priceMinor") })
    .prepare(),
);

const bookingUnitRow = prepared((db) =>
  db
    .insert(s.bookingResources)
    .values({ bookingId: sql`(select max(id) from ${s.bookings})`, resourceId: param("resourceId"), unit: param("unit") })
    .prepare(),
);

/**
 * Inserts the booking, its customer message, its add-ons and its resource units atomically, in
 * one round trip. A second insert with the same (user, idempotency key)
 * returns the first row instead (and adds no second message). With a promo
 * code whose limits were reached meanwhile nothing is written: `refused`.
 */
export async function insertBooking(db: Db, b: NewBooking): Promise<{ row: BookingRow; replayed: boolean } | { refused: "promo_code" }> {
  const { addons, message, certificateAt, promo, units, abonement, ...booking } = b;
  const insert = newBookingRow(db);
  const columns: Record<string, unknown> = {};
  for (const c of bookingColumns) columns[c] = booking[c] ?? null;
  columns.certificateMinor = booking.certificateMinor ?? 0;
  columns.abonementMinor = booking.abonementMinor ?? 0;
  // certificates: the spend refuses the whole batch (no booking) when the certificate cannot pay it.
  const spend = booking.certificateId && booking.certificateMinor
    ? bookingSpendStatements({ certificateId: booking.certificateId, amountMinor: booking.certificateMinor, now: certificateAt ?? new Date().toISOString() })
    : [];
  try {
    // One write batch, built from prepared statements (see prepared.ts).
    const [inserted] = await db.$client.batch([
      statementOf(insert, columns),
      ...(message
        ? [statementOf(bookingMessageRow(db), {
            channel: message.channel,
            recipient: message.recipient,
            kind: message.kind,
            subject: message.subject ?? null,
            body: message.body,
            dedupeBefore: message.dedupeAround[0],
            dedupeAfter: message.dedupeAround[1],
            dueAt: message.dueAt,
          })]
        : []),
      ...addons.map((a) => statementOf(bookingAddonRow(db), a)),
      ...(units ?? []).map((u) => statementOf(bookingUnitRow(db), u)),
      ...spend,
      // abonements: the guarded reservation of a visit refuses the whole batch when none is left.
      ...(abonement ? [abonementUseStatement(abonement)] : []),
      // promo: last, so "the latest booking" is still this one whatever ran before.
      ...(promo ? [promoUseStatement(promo)] : []),
    ]);
    return { row: (insert.mapAllResult(inserted!.rows) as BookingRow[])[0]!, replayed: false };
  } catch (error) {
    if (promo && isPromoRefusal(error)) return { refused: "promo_code" };
    if (!isUniqueViolation(error)) throw error;
    const existing = await findByIdempotencyKey(db, b.userId, b.idempotencyKey);
    if (!existing) throw error;
    return { row: existing, replayed: true };
  }
}

export async function findBooking(db: Db, id: number): Promise<BookingRow | null> {
  const [row] = await db.select().from(s.bookings).where(eq(s.bookings.id, id)).limit(1);
  return row ?? null;
}

/** Moves a booking from one of `from` to `to`; returns the row, or null if it was in another state. */
export async function transitionBooking(
  db: Db,
  id: number,
  from: BookingRow["status"][],
  to: BookingRow["status"],
  extra: { cancelReason?: string | null } = {},
): Promise<BookingRow | null> {
  const update = db
    .update(s.bookings)
    .set({
      status: to,
      updatedAt: new Date().toISOString(),
      ...(to === "confirmed" ? { holdExpiresAt: null } : {}),
      ...(extra.cancelReason !== undefined ? { cancelReason: extra.cancelReason } : {}),
    })
    .where(and(eq(s.bookings.id, id), inArray(s.bookings.status, from)))
    .returning();
  const at = new Date().toISOString();
  // promo: a cancel gives the booking's promo use back, in the same batch;
  // abonements: so does a lapsed hold its reserved visit (other cancels follow the refund policy: reservations/change.ts).
  if (to === "cancelled") {
    const back = extra.cancelReason === "hold_expired" ? [settleUse(db, id, "returned", at, to)] : [];
    const [rows] = await db.batch([update, releasePromoUse(db, id, at), ...back]);
    return rows[0] ?? null;
  }
  // abonements: a lapsed hold paid after all comes back with its visit, while the abonement still has one;
  // promo: and with its promo use, whose discount it was paid at.
  if (to === "confirmed" && from.includes("cancelled")) {
    const [rows] = await db.batch([update, reReserveUse(db, id, at), retakePromoUse(db, id)]);
    return rows[0] ?? null;
  }
  if (to !== "completed" && to !== "no_show") return (await update)[0] ?? null;
  // receipts: completing a prepaid booking owes its closing receipt, written in the same batch;
  // onepay: a visit payment's, once none of its items is still to come;
  // abonements: completion spends the reserved visit, a no-show as the salon's setting says.
  const use = to === "completed" ? settleUse(db, id, "spent", at, to) : noShowUse(db, id, at);
  const [rows] = await db.batch([update, settlementReceiptInsert(db, id), visitSettlementReceiptInsert(db, id), use]);
  return rows[0] ?? null;
}

/** Moves an active booking to a new master/interval if it is still where the caller saw it. */
export async function moveBooking(
  db: Db,
  id: number,
  expected: { staffId: number; startAt: string },
  next: { staffId: number; startAt: string; endAt: string; priceTotalMinor?: number },
): Promise<BookingRow | null> {
  const [row] = await db
    .update(s.bookings)
    // The first move keeps the start it had (SET reads the row as it was).
    .set({ ...next, originalStartAt: sql`coalesce(${s.bookings.originalStartAt}, ${s.bookings.startAt})`, updatedAt: new Date().toISOString() })
    .where(
      and(
        eq(s.bookings.id, id),
        eq(s.bookings.staffId, expected.staffId),
        eq(s.bookings.startAt, expected.startAt),
        inArray(s.bookings.status, activeStatuses),
      ),
    )
    .returning();
  return row ?? null;
}

/** Active bookings of a master that end after `after`: what the ledger rebuilds from. */
export function activeIntervalsOf(db: Db, staffId: number, after: string) {
  return db
    .select({ id: s.bookings.id, startAt: s.bookings.startAt, endAt: s.bookings.endAt, status: s.bookings.status, holdExpiresAt: s.bookings.holdExpiresAt })
    .from(s.bookings)
    // A class's seats are its own ledger's; the master's holds the session once (a block).
    .where(and(eq(s.bookings.staffId, staffId), isNull(s.bookings.classId), inArray(s.bookings.status, activeStatuses), gt(s.bookings.endAt, after)));
}

/** Active bookings of these masters overlapping [from, to), earliest first. */
const busyOn = preparedOnSet((db, inSet) =>
  db
    .select({ id: s.bookings.id, staffId: s.bookings.staffId, start: s.bookings.startAt, end: s.bookings.endAt })
    .from(s.bookings)
    .where(and(inSet(s.bookings.staffId), inArray(s.bookings.status, activeStatuses), lt(s.bookings.startAt, param("to")), gt(s.bookings.endAt, param("from"))))
    .orderBy(asc(s.bookings.startAt))
    .prepare(),
);

export function busyBetween(db: Db, staff: StaffSet, from: string, to: string) {
  if (isEmptySet(staff)) return Promise.resolve([]);
  const { query, params } = busyOn(db, staff);
  return query.all({ ...params, from, to });
}

export interface BookingFilter {
  userId?: number;
  staffId?: number;
  status?: BookingRow["status"];
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export function listBookings(db: Db, f: BookingFilter) {
  const conditions: SQL[] = [];
  if (f.userId !== undefined) conditions.push(eq(s.bookings.userId, f.userId));
  if (f.staffId !== undefined) conditions.push(eq(s.bookings.staffId, f.staffId));
  if (f.status !== undefined) conditions.push(eq(s.bookings.status, f.status));
  if (f.from !== undefined) conditions.push(gte(s.bookings.startAt, f.from));
  if (f.to !== undefined) conditions.push(lt(s.bookings.startAt, f.to));
  // A visit's bookings show once the whole visit is booked, and only those of
  // the attempt that booked it (never half a visit, never a rolled-back try; keys: repo/visits.ts).
  conditions.push(sql`(${s.bookings.visitId} is null or exists (select 1 from visits where visits.id = ${s.bookings.visitId} and visits.status = 'booked'
    and ${s.bookings.idempotencyKey} like 'visit ' || visits.id || ' try ' || visits.attempt || ' item %'))`);
  return db
    .select()
    .from(s.bookings)
    .where(and(...conditions))
    .orderBy(f.staffId !== undefined && f.userId === undefined ? asc(s.bookings.startAt) : desc(s.bookings.startAt))
    .limit(f.limit)
    .offset(f.offset);
}

export function addonsOf(db: Db, bookingIds: number[]) {
  if (bookingIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      bookingId: s.bookingAddons.bookingId,
      id: s.bookingAddons.serviceId,
      name: s.services.name,
      durationMin: s.bookingAddons.durationMin,
      priceMinor: s.bookingAddons.priceMinor,
      currency: s.services.currency,
    })
    .from(s.bookingAddons)
    .innerJoin(s.services, eq(s.bookingAddons.serviceId, s.services.id))
    .where(inArray(s.bookingAddons.bookingId, bookingIds));
}

export async function flagBookings(db: Db, ids: number[], note: string): Promise<void> {
  if (ids.length === 0) return;
  await db.update(s.bookings).set({ needsAttention: note, updatedAt: new Date().toISOString() }).where(inArray(s.bookings.id, ids));
}

/** Clears a flag once its cause is gone (e.g. a failed refund went through). */
export async function clearFlag(db: Db, id: number, note: string): Promise<void> {
  await db
    .update(s.bookings)
    .set({ needsAttention: null, updatedAt: new Date().toISOString() })
    .where(and(eq(s.bookings.id, id), eq(s.bookings.needsAttention, note)));
}

/**
 * Clears a flag from the master's bookings that no longer carry its cause
 * (the YClients record they overlapped was deleted or moved off them); the
 * bookings in `keep` still do.
 */
export async function clearFlagExcept(db: Db, staffId: number, note: string, keep: number[]): Promise<void> {
  await db
    .update(s.bookings)
    .set({ needsAttention: null, updatedAt: new Date().toISOString() })
    .where(and(eq(s.bookings.staffId, staffId), eq(s.bookings.needsAttention, note), ...(keep.length ? [notInArray(s.bookings.id, keep)] : [])));
}

/** Bookings of these masters (any status, cancelled too) starting in [from, to), by start: the calendar's. */
export function bookingsBetween(db: Db, staffIds: number[], from: string, to: string): Promise<BookingRow[]> {
  if (staffIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(s.bookings)
    .where(and(inArray(s.bookings.staffId, staffIds), gte(s.bookings.startAt, from), lt(s.bookings.startAt, to)))
    .orderBy(asc(s.bookings.startAt))
    .limit(5000);
}

/** Where the database has these bookings now: what a ledger checks a contested interval against. */
export function bookingStates(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select({ id: s.bookings.id, staffId: s.bookings.staffId, startAt: s.bookings.startAt, endAt: s.bookings.endAt, status: s.bookings.status, holdExpiresAt: s.bookings.holdExpiresAt })
    .from(s.bookings)
    .where(inArray(s.bookings.id, ids));
}
