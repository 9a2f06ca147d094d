// Promo codes and their uses in the database. A use is written only inside a
// booking's write batch (promoUseStatement), and only while the code's limits
// still allow it, so racing bookings can never take more uses than there are.
import type { InStatement } from "@libsql/client/web";
import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";

export type PromoRow = typeof s.promoCodes.$inferSelect;

/** Statuses of a booking that make it a visit the customer has (first-visit-only codes). */
const VISIT_STATUSES = "('held','pending','confirmed','completed','no_show')";

/** Codes are stored and matched upper-case. */
export const normalCode = (code: string) => code.trim().toUpperCase();

export interface PromoForBooking {
  promo: PromoRow;
  totalUses: number;
  customerUses: number;
  customerVisits: number;
}

/**
 * A code with the counts its rules need, for the customer known by phone (or,
 * when the request names none, by the caller's account): one read, which
 * joins the booking's read batch.
 */
export async function promoForBooking(db: Db, code: string, who: { phone?: string; userId: number }): Promise<PromoForBooking | null> {
  const phone = who.phone !== undefined ? sql`${who.phone}` : sql`(select ${s.users.phone} from ${s.users} where ${s.users.id} = ${who.userId})`;
  const [row] = await db
    .select({
      promo: s.promoCodes,
      totalUses: sql<number>`(select count(*) from ${s.promoUses} u where u.promo_code_id = promo_codes.id and u.released_at is null)`,
      customerUses: sql<number>`(select count(*) from ${s.promoUses} u join ${s.bookings} b on b.id = u.booking_id where u.promo_code_id = promo_codes.id and u.released_at is null and b.phone = ${phone})`,
      customerVisits: sql<number>`(select count(*) from ${s.bookings} b where b.phone = ${phone} and b.status in ${sql.raw(VISIT_STATUSES)})`,
    })
    .from(s.promoCodes)
    .where(eq(s.promoCodes.code, normalCode(code)))
    .limit(1);
  return row ? { promo: row.promo, totalUses: Number(row.totalUses), customerUses: Number(row.customerUses), customerVisits: Number(row.customerVisits) } : null;
}

/** What a booking's promo use is written with. */
export interface PromoUse {
  promoCodeId: number;
  discountMinor: number;
  priceBeforeMinor: number;
}

/**
 * The use of the booking just inserted in the same batch (the latest booking
 * row). Its discount is written only while the code is active, under both
 * limits and (first-visit codes) the customer has no other visit; otherwise
 * the discount is NULL, the NOT NULL column fails the statement and with it
 * the whole batch, booking included (isPromoRefusal tells that failure apart).
 * The counts are read inside the write transaction, after SQLite's write lock
 * is taken, so concurrent batches see each other's uses.
 */
export function promoUseStatement(use: PromoUse): InStatement {
  return {
    sql: `insert into promo_uses (promo_code_id, booking_id, user_id, discount_minor, price_before_minor, currency)
select p.id, b.id, b.user_id,
  case when p.active = 1
    and (p.total_limit is null or (select count(*) from promo_uses u where u.promo_code_id = p.id and u.released_at is null) < p.total_limit)
    and (p.per_customer_limit is null or (select count(*) from promo_uses u join bookings ob on ob.id = u.booking_id
      where u.promo_code_id = p.id and u.released_at is null and ob.phone = b.phone) < p.per_customer_limit)
    and (p.first_visit_only = 0 or not exists (select 1 from bookings ob where ob.phone = b.phone and ob.id <> b.id
      and (b.visit_id is null or ob.visit_id is null or ob.visit_id <> b.visit_id) and ob.status in ${VISIT_STATUSES}))
  then ? else null end,
  ?, b.currency
from promo_codes p, bookings b
where p.id = ? and b.id = (select max(id) from bookings)`,
    args: [use.discountMinor, use.priceBeforeMinor, use.promoCodeId],
  };
}

/** Whether a write failed because promoUseStatement found the code's limits reached. */
export function isPromoRefusal(error: unknown): boolean {
  const text = `${(error as Error)?.message ?? ""} ${String((error as { cause?: unknown })?.cause ?? "")}`;
  return text.includes("NOT NULL constraint failed: promo_uses.discount_minor");
}

/** A cancel gives the booking's use back to the code (its limits count only held uses). */
export function releasePromoUse(db: Db, bookingId: number, at: string) {
  return db
    .update(s.promoUses)
    .set({ releasedAt: at })
    .where(and(eq(s.promoUses.bookingId, bookingId), isNull(s.promoUses.releasedAt)));
}

/**
 * A lapsed hold paid after all comes back with its promo use: the customer
 * paid the discounted price, so the use counts again (even if the code has
 * reached its limit since; that use was given before the limit was met).
 * Runs in the reinstatement's batch, after the booking's own update.
 */
export function retakePromoUse(db: Db, bookingId: number) {
  return db
    .update(s.promoUses)
    .set({ releasedAt: null })
    .where(and(eq(s.promoUses.bookingId, bookingId), isNotNull(s.promoUses.releasedAt), sql`exists (select 1 from bookings where id = ${bookingId} and status = 'confirmed')`));
}

/** The uses of these bookings that are held, with their codes: what the booking views show. */
export function promoUsesOf(db: Db, bookingIds: number[]) {
  if (bookingIds.length === 0) return Promise.resolve([]);
  return db
    .select({ bookingId: s.promoUses.bookingId, code: s.promoCodes.code, discountMinor: s.promoUses.discountMinor, priceBeforeMinor: s.promoUses.priceBeforeMinor, currency: s.promoUses.currency })
    .from(s.promoUses)
    .innerJoin(s.promoCodes, eq(s.promoCodes.id, s.promoUses.promoCodeId))
    .where(and(sql`${s.promoUses.bookingId} in (select value from json_each(${JSON.stringify(bookingIds)}))`, isNull(s.promoUses.releasedAt)));
}
export type PromoUseView = Awaited<ReturnType<typeof promoUsesOf>>[number];

export interface PromoWithStats {
  promo: PromoRow;
  uses: number;
  givenAwayMinor: number;
}

const statsColumns = {
  promo: s.promoCodes,
  uses: sql<number>`(select count(*) from ${s.promoUses} u where u.promo_code_id = promo_codes.id and u.released_at is null)`,
  givenAwayMinor: sql<number>`(select coalesce(sum(u.discount_minor), 0) from ${s.promoUses} u where u.promo_code_id = promo_codes.id and u.released_at is null)`,
};

const withStats = (r: { promo: PromoRow; uses: number; givenAwayMinor: number }): PromoWithStats => ({ promo: r.promo, uses: Number(r.uses), givenAwayMinor: Number(r.givenAwayMinor) });

export async function listPromos(db: Db): Promise<PromoWithStats[]> {
  return (await db.select(statsColumns).from(s.promoCodes).orderBy(desc(s.promoCodes.id))).map(withStats);
}

export async function findPromo(db: Db, id: number): Promise<PromoWithStats | null> {
  const [row] = await db.select(statsColumns).from(s.promoCodes).where(eq(s.promoCodes.id, id)).limit(1);
  return row ? withStats(row) : null;
}
