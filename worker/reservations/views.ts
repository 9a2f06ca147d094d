// Booking rows as the API shows them: names of service and master, add-ons,
// salon-local date and time next to the UTC instants.
import { eq, inArray, type SQL, sql } from "drizzle-orm";
import { instantToWall } from "../booking/zoned-time.js";
import type { Booking } from "../contracts/bookings.js";
import { addonsOf, type BookingRow } from "../repo/bookings.js";
import { type Db, schema as s } from "../repo/db.js";
import { moneyOf } from "../repo/payments.js";
import { bookingMoney, type MoneyRows } from "../payments/booking-money.js";
import { promoUsesOf, type PromoUseView } from "../repo/promo.js";
import { unitsOfBookings } from "../repo/resources.js";

/** What a booking's view needs besides its row: names, the service's buffer and the add-ons it carries. */
export interface ViewParts {
  services: { id: number; name: string; bufferAfterMin: number }[];
  staff: { id: number; name: string }[];
  addons: { bookingId: number; id: number; name: string; durationMin: number; priceMinor: number; currency: string }[];
  /** Payments and refunds of the bookings; a booking just made has none. */
  money?: MoneyRows;
  /** Every booking of the series the rows belong to (for "3 of 10"); absent: not read. */
  series?: SeriesMember[];
  /** promo: the held promo uses of the bookings (their discounts). */
  promoUses?: PromoUseView[];
  /** Units of rooms and machines the bookings hold. */
  units?: Awaited<ReturnType<typeof unitsOfBookings>>;
  /** abonements: names of the abonements paying the bookings. */
  abonements?: { id: number; name: string }[];
}

/** A booking of a series, as its position is worked out. */
export interface SeriesMember {
  id: number;
  seriesId: number | null;
  startAt: string;
}

const seriesMembers = (db: Db, where: SQL) =>
  db.select({ id: s.bookings.id, seriesId: s.bookings.seriesId, startAt: s.bookings.startAt }).from(s.bookings).where(where);

/** "3 of 10": the booking's place among its series' bookings by start (cancelled ones keep their places). */
export function seriesRefOf(row: Pick<BookingRow, "id" | "seriesId">, members: SeriesMember[]) {
  if (row.seriesId == null) return null;
  const mine = members.filter((m) => m.seriesId === row.seriesId).sort((a, b) => a.startAt.localeCompare(b.startAt) || a.id - b.id);
  return { id: row.seriesId, position: mine.findIndex((m) => m.id === row.id) + 1, count: mine.length };
}

/** The parts for these rows: reads started together, so one round trip. */
export async function viewParts(db: Db, rows: BookingRow[]): Promise<ViewParts> {
  const serviceIds = [...new Set(rows.map((r) => r.serviceId).filter((id): id is number => id !== null))];
  const staffIds = [...new Set(rows.map((r) => r.staffId).filter((id): id is number => id !== null))];
  const seriesIds = [...new Set(rows.map((r) => r.seriesId).filter((id): id is number => id !== null))];
  const abonementIds = [...new Set(rows.map((r) => r.abonementId).filter((id): id is number => id !== null))];
  const [services, staff, addons, money, series, promoUses, units, abonements] = await Promise.all([
    serviceIds.length
      ? db.select({ id: s.services.id, name: s.services.name, bufferAfterMin: s.services.bufferAfterMin }).from(s.services).where(inArray(s.services.id, serviceIds))
      : [],
    staffIds.length ? db.select({ id: s.staff.id, name: s.staff.name }).from(s.staff).where(inArray(s.staff.id, staffIds)) : [],
    addonsOf(db, rows.map((r) => r.id)),
    moneyOf(db, rows.map((r) => r.id)),
    seriesIds.length ? seriesMembers(db, inArray(s.bookings.seriesId, seriesIds)) : [],
    promoUsesOf(db, rows.map((r) => r.id)),
    unitsOfBookings(db, rows.map((r) => r.id)),
    abonementIds.length ? db.select({ id: s.abonements.id, name: s.abonements.name }).from(s.abonements).where(inArray(s.abonements.id, abonementIds)) : [],
  ]);
  return { services, staff, addons, money, series, promoUses, units, abonements };
}

/**
 * The parts for one booking named by id (its payments and refunds included),
 * read without its row: they travel in the same read batch as the row itself.
 */
export async function viewPartsOfBooking(db: Db, bookingId: number): Promise<ViewParts> {
  const ofBooking = (column: typeof s.bookings.serviceId | typeof s.bookings.staffId) =>
    sql`(select ${column} from ${s.bookings} where ${s.bookings.id} = ${bookingId})`;
  const [services, staff, addons, money, series, promoUses, units, abonements] = await Promise.all([
    db.select({ id: s.services.id, name: s.services.name, bufferAfterMin: s.services.bufferAfterMin }).from(s.services).where(eq(s.services.id, ofBooking(s.bookings.serviceId))),
    db.select({ id: s.staff.id, name: s.staff.name }).from(s.staff).where(eq(s.staff.id, ofBooking(s.bookings.staffId))),
    addonsOf(db, [bookingId]),
    moneyOf(db, [bookingId]),
    seriesMembers(db, eq(s.bookings.seriesId, sql`(select ${s.bookings.seriesId} from ${s.bookings} where ${s.bookings.id} = ${bookingId})`)),
    promoUsesOf(db, [bookingId]),
    unitsOfBookings(db, [bookingId]),
    db.select({ id: s.abonements.id, name: s.abonements.name }).from(s.abonements).where(eq(s.abonements.id, sql`(select ${s.bookings.abonementId} from ${s.bookings} where ${s.bookings.id} = ${bookingId})`)),
  ]);
  return { services, staff, addons, money, series, promoUses, units, abonements };
}

/**
 * How long the visit itself lasts. The booked interval is the truth: it holds
 * the master's own duration (and add-ons) as they were when booked, which the
 * service's standard duration does not. An internal booking's interval also
 * holds the service's clean-up buffer; a YClients record's is just the visit.
 */
function visitMinutes(row: BookingRow, bufferAfterMin: number): number {
  const bookedMin = Math.round((Date.parse(row.endAt) - Date.parse(row.startAt)) / 60_000);
  const buffer = row.channel === "internal" ? bufferAfterMin : 0;
  return Math.max(0, bookedMin - buffer);
}

export function toView(row: BookingRow, parts: ViewParts, zone: string): Booking {
  const service = parts.services.find((x) => x.id === row.serviceId) ?? null;
  const member = parts.staff.find((x) => x.id === row.staffId) ?? null;
  const mine = parts.addons.filter((a) => a.bookingId === row.id);
  const promo = parts.promoUses?.find((u) => u.bookingId === row.id);
  const wall = instantToWall(new Date(row.startAt), zone);
  return {
    id: row.id,
    status: row.status,
    channel: row.channel,
    origin: row.origin,
    service: service && { id: service.id, name: service.name },
    staff: member && { id: member.id, name: member.name },
    start_at: row.startAt,
    end_at: row.endAt,
    local_date: wall.date,
    local_time: wall.time,
    duration_min: visitMinutes(row, service?.bufferAfterMin ?? 0),
    addons: mine.map((a) => ({ id: a.id, name: a.name, duration_min: a.durationMin, price: { amount_minor: a.priceMinor, currency: a.currency } })),
    price: { amount_minor: row.priceTotalMinor, currency: row.currency },
    discount: promo
      ? { promo_code: promo.code, amount: { amount_minor: promo.discountMinor, currency: promo.currency }, price_before: { amount_minor: promo.priceBeforeMinor, currency: promo.currency } }
      : null,
    deposit_rule: row.depositRule,
    prepayment: row.prepaymentMinor > 0 ? { amount_minor: row.prepaymentMinor, currency: row.currency } : null,
    hold_expires_at: row.holdExpiresAt,
    money: bookingMoney(row, parts.money, parts.abonements?.find((a) => a.id === row.abonementId)?.name),
    phone: row.phone,
    customer_name: row.customerName,
    notes: row.notes,
    cancel_reason: row.cancelReason,
    needs_attention: row.needsAttention,
    created_at: row.createdAt,
    visit_id: row.visitId,
    ...(row.seriesId == null ? { series: null } : parts.series ? { series: seriesRefOf(row, parts.series) } : {}),
    resources: (parts.units ?? []).filter((u) => u.bookingId === row.id).map((u) => ({ id: u.resourceId, name: u.name, kind: u.kind, unit: u.unit })),
    class_id: row.classId,
  };
}

export async function bookingViews(db: Db, rows: BookingRow[], zone: string): Promise<Booking[]> {
  if (rows.length === 0) return [];
  const parts = await viewParts(db, rows);
  return rows.map((row) => toView(row, parts, zone));
}
