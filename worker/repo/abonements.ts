// Abonement rows. A visit of an abonement is one row of abonement_uses per
// booking, written only by the guarded INSERT … SELECT below inside the
// booking's write batch: its value is NULL (and the NOT NULL column fails the
// whole batch, booking included) unless the abonement is still active, not
// expired and not frozen on the visit's date, and has a visit left, counted
// inside the write transaction. Racing bookings therefore never take more
// visits than there are. Later changes of a use (spent, returned) are single
// UPDATEs guarded by `status = 'reserved'`, so each happens once per booking.
import type { InStatement } from "@libsql/client/web";
import { and, count, desc, eq, inArray, isNotNull, lte, sql, type SQL } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";

export type AbonementTypeRow = typeof s.abonementTypes.$inferSelect;
export type AbonementRow = typeof s.abonements.$inferSelect;
export type NewAbonement = typeof s.abonements.$inferInsert;
export type AbonementUseRow = typeof s.abonementUses.$inferSelect;
export type FreezeRow = typeof s.abonementFreezes.$inferSelect;

/** Uses that count against the abonement's visits. */
const COUNTED = "('reserved','spent')";

export async function listAbonementTypes(db: Db, filter: "all" | "active" | "online"): Promise<AbonementTypeRow[]> {
  const where = filter === "all" ? undefined : filter === "active" ? eq(s.abonementTypes.active, true) : and(eq(s.abonementTypes.active, true), eq(s.abonementTypes.soldOnline, true));
  return db.select().from(s.abonementTypes).where(where).orderBy(s.abonementTypes.id);
}

export async function findAbonementType(db: Db, id: number): Promise<AbonementTypeRow | null> {
  const [row] = await db.select().from(s.abonementTypes).where(eq(s.abonementTypes.id, id)).limit(1);
  return row ?? null;
}

export async function findAbonement(db: Db, id: number): Promise<AbonementRow | null> {
  const [row] = await db.select().from(s.abonements).where(eq(s.abonements.id, id)).limit(1);
  return row ?? null;
}

export async function insertAbonement(db: Db, row: NewAbonement): Promise<AbonementRow> {
  const [inserted] = await db.insert(s.abonements).values(row).returning();
  return inserted!;
}

export async function updateAbonement(db: Db, id: number, set: Partial<NewAbonement>, onlyIf?: SQL): Promise<AbonementRow | null> {
  const [row] = await db
    .update(s.abonements)
    .set({ ...set, updatedAt: new Date().toISOString() })
    .where(onlyIf ? and(eq(s.abonements.id, id), onlyIf) : eq(s.abonements.id, id))
    .returning();
  return row ?? null;
}

export async function abonementBySaleKey(db: Db, saleKey: string): Promise<AbonementRow | null> {
  const [row] = await db.select().from(s.abonements).where(eq(s.abonements.saleKey, saleKey)).limit(1);
  return row ?? null;
}

export async function abonementByProviderPayment(db: Db, provider: string, providerPaymentId: string): Promise<AbonementRow | null> {
  const [row] = await db
    .select()
    .from(s.abonements)
    .where(and(eq(s.abonements.provider, provider), eq(s.abonements.providerPaymentId, providerPaymentId)))
    .limit(1);
  return row ?? null;
}

/** What a booking needs to decide about an abonement: the row, its counted visits and its freezes (one read of the booking's read batch). */
export interface AbonementForBooking {
  abonement: AbonementRow;
  counted: number;
  /** Salon dates already taken by a counted use (a "once a day" membership). */
  dates: string[];
  freezes: { from: string; to: string }[];
}

export async function abonementForBooking(db: Db, id: number): Promise<AbonementForBooking | null> {
  const [row] = await db
    .select({
      abonement: s.abonements,
      counted: sql<number>`(select count(*) from ${s.abonementUses} u where u.abonement_id = abonements.id and u.status in ${sql.raw(COUNTED)})`,
      dates: sql<string>`(select json_group_array(u.visit_date) from ${s.abonementUses} u where u.abonement_id = abonements.id and u.status in ${sql.raw(COUNTED)})`,
      freezes: sql<string>`(select json_group_array(json_object('from', f.from_date, 'to', f.to_date)) from ${s.abonementFreezes} f where f.abonement_id = abonements.id)`,
    })
    .from(s.abonements)
    .where(eq(s.abonements.id, id))
    .limit(1);
  if (!row) return null;
  return { abonement: row.abonement, counted: Number(row.counted), dates: JSON.parse(row.dates) as string[], freezes: JSON.parse(row.freezes) as { from: string; to: string }[] };
}

/** What a new booking's visit is written with. */
export interface AbonementReservation {
  abonementId: number;
  /** The covered service's price: what the abonement pays of the booking. */
  coveredMinor: number;
  visitDate: string;
  startAt: string;
}

/**
 * The reservation of the booking just inserted in the same batch (the
 * newest booking row). The value is the visit's share of the price: a
 * package's price / visits, the last visit taking what is left (so the shares
 * add up to the price exactly); a membership's visit the service's price,
 * never more than is left of the price (closing receipts never exceed the
 * advance). NULL when the abonement may not take the visit: the batch fails.
 */
export function abonementUseStatement(r: AbonementReservation): InStatement {
  return {
    sql: `insert into abonement_uses (abonement_id, booking_id, visit_date, status, covered_minor, value_minor, currency)
select a.id, (select max(id) from bookings), ?, 'reserved', ?,
  case when a.status = 'active' and a.expires_at > ?
    and not exists (select 1 from abonement_freezes f where f.abonement_id = a.id and ? between f.from_date and f.to_date)
    and (a.visits_total is null or (select count(*) from abonement_uses u where u.abonement_id = a.id and u.status in ${COUNTED}) < a.visits_total)
    and (a.once_per_day = 0 or not exists (select 1 from abonement_uses u where u.abonement_id = a.id and u.status in ${COUNTED} and u.visit_date = ?))
  then case
    when a.visits_total is null then max(0, min(?, a.price_minor - (select coalesce(sum(u.value_minor), 0) from abonement_uses u where u.abonement_id = a.id and u.status in ${COUNTED})))
    when (select count(*) from abonement_uses u where u.abonement_id = a.id and u.status in ${COUNTED}) = a.visits_total - 1
      then a.price_minor - (select coalesce(sum(u.value_minor), 0) from abonement_uses u where u.abonement_id = a.id and u.status in ${COUNTED})
    else a.price_minor / a.visits_total end
  else null end,
  a.currency
from abonements a where a.id = ?`,
    args: [r.visitDate, r.coveredMinor, r.startAt, r.visitDate, r.visitDate, r.coveredMinor, r.abonementId],
  };
}

/** Whether a write failed because abonementUseStatement found no visit to take. */
export function isAbonementRefusal(error: unknown): boolean {
  const text = `${(error as Error)?.message ?? ""} ${String((error as { cause?: unknown })?.cause ?? "")}`;
  return text.includes("NOT NULL constraint failed: abonement_uses.value_minor");
}

/** Only while the booking is in this status: a follow-up of a status change that did not apply changes nothing. */
const bookingIs = (bookingId: number, status: string) => sql`exists (select 1 from ${s.bookings} where ${s.bookings.id} = ${bookingId} and ${s.bookings.status} = ${status})`;

/**
 * A booking's reserved visit becomes spent or is given back (once: only
 * while reserved; with `bookingStatus`, only once the booking has it).
 */
export function settleUse(db: Db, bookingId: number, to: "spent" | "returned", at: string, bookingStatus?: string) {
  const reserved = and(eq(s.abonementUses.bookingId, bookingId), eq(s.abonementUses.status, "reserved"));
  return db
    .update(s.abonementUses)
    .set({ status: to, updatedAt: at })
    .where(bookingStatus ? and(reserved, bookingIs(bookingId, bookingStatus)) : reserved)
    .returning();
}

/**
 * A booking brought back (a lapsed hold paid after all) takes its returned
 * visit again, guarded like a new reservation: only while the abonement is
 * active and has a visit left (else the booking stands without one).
 */
export function reReserveUse(db: Db, bookingId: number, at: string) {
  return db
    .update(s.abonementUses)
    .set({ status: "reserved", updatedAt: at })
    .where(
      and(
        eq(s.abonementUses.bookingId, bookingId),
        eq(s.abonementUses.status, "returned"),
        bookingIs(bookingId, "confirmed"),
        sql`exists (select 1 from ${s.abonements} a where a.id = ${s.abonementUses.abonementId} and a.status = 'active'
          and (a.visits_total is null or (select count(*) from abonement_uses u where u.abonement_id = a.id and u.status in ${sql.raw(COUNTED)}) < a.visits_total))`,
      ),
    )
    .returning();
}

/** A no-show spends the visit or gives it back, as the salon's setting says (read in the same statement). */
export function noShowUse(db: Db, bookingId: number, at: string) {
  return db
    .update(s.abonementUses)
    .set({ status: sql`case when (select abonement_no_show_spends from salon_settings where id = 1) = 0 then 'returned' else 'spent' end`, updatedAt: at })
    .where(and(eq(s.abonementUses.bookingId, bookingId), eq(s.abonementUses.status, "reserved"), bookingIs(bookingId, "no_show")))
    .returning();
}

export async function useOfBooking(db: Db, bookingId: number): Promise<AbonementUseRow | null> {
  const [row] = await db.select().from(s.abonementUses).where(eq(s.abonementUses.bookingId, bookingId)).limit(1);
  return row ?? null;
}

/** Uses of these bookings with their abonements' names (the booking views). */
export function usesOfBookings(db: Db, bookingIds: number[]) {
  if (bookingIds.length === 0) return Promise.resolve([]);
  return db
    .select({ bookingId: s.abonementUses.bookingId, abonementId: s.abonementUses.abonementId, name: s.abonements.name, status: s.abonementUses.status, coveredMinor: s.abonementUses.coveredMinor, valueMinor: s.abonementUses.valueMinor })
    .from(s.abonementUses)
    .innerJoin(s.abonements, eq(s.abonements.id, s.abonementUses.abonementId))
    .where(sql`${s.abonementUses.bookingId} in (select value from json_each(${JSON.stringify(bookingIds)}))`);
}
export type BookingUseView = Awaited<ReturnType<typeof usesOfBookings>>[number];

/** The uses of these abonements with their bookings, newest first. */
export async function usesOf(db: Db, abonementIds: number[]) {
  if (abonementIds.length === 0) return [];
  return db
    .select({ use: s.abonementUses, startAt: s.bookings.startAt, serviceId: s.bookings.serviceId })
    .from(s.abonementUses)
    .innerJoin(s.bookings, eq(s.bookings.id, s.abonementUses.bookingId))
    .where(inArray(s.abonementUses.abonementId, abonementIds))
    .orderBy(desc(s.bookings.startAt));
}
export type UseWithBooking = Awaited<ReturnType<typeof usesOf>>[number];

export async function freezesOf(db: Db, abonementIds: number[]): Promise<FreezeRow[]> {
  if (abonementIds.length === 0) return [];
  return db.select().from(s.abonementFreezes).where(inArray(s.abonementFreezes.abonementId, abonementIds)).orderBy(s.abonementFreezes.fromDate);
}

export async function holderAbonements(db: Db, userId: number): Promise<AbonementRow[]> {
  return db
    .select()
    .from(s.abonements)
    .where(and(eq(s.abonements.holderUserId, userId), inArray(s.abonements.status, ["active", "awaiting_payment", "void", "refunded"])))
    .orderBy(desc(s.abonements.id))
    .limit(50);
}

export interface AbonementFilter {
  status?: AbonementRow["status"];
  phone?: string;
  /** Active ones expiring before this instant. */
  expiringBefore?: string;
  limit: number;
  offset: number;
}

export async function listAbonements(db: Db, f: AbonementFilter): Promise<{ rows: AbonementRow[]; total: number }> {
  const conditions: SQL[] = [];
  if (f.status) conditions.push(eq(s.abonements.status, f.status));
  if (f.phone) {
    const digits = `%${f.phone.replace(/[^\d]/g, "")}%`;
    conditions.push(inArray(s.abonements.holderUserId, db.select({ id: s.users.id }).from(s.users).where(sql`${s.users.phone} like ${digits}`)));
  }
  if (f.expiringBefore) conditions.push(eq(s.abonements.status, "active"), isNotNull(s.abonements.expiresAt), lte(s.abonements.expiresAt, f.expiringBefore));
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db.select().from(s.abonements).where(where).orderBy(f.expiringBefore ? s.abonements.expiresAt : desc(s.abonements.id)).limit(f.limit).offset(f.offset),
    db.select({ n: count() }).from(s.abonements).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}
