// The demo salon's past and near future, so the calendar, client cards and
// statistics have something to show on first run: about three months of visits
// (mostly completed, some cancelled, a few no-shows, the prepaid ones paid)
// and bookings over the next two weeks. Deterministic: the same day seeds the
// same salon.
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import { addDays, dayOfWeek, minutesOf, wallMinutesToMs } from "../worker/booking/zoned-time.js";
import * as s from "./schema.js";

type Db = LibSQLDatabase<typeof s>;

export interface HistoryPlan {
  zone: string;
  today: string;
  services: { id: number; durationMin: number; bufferAfterMin: number; priceMinor: number; prepaymentKind: string; prepaymentValue: number; yclientsServiceId: number | null }[];
  skills: Record<number, number[]>;
  /** A master's own price and duration for a service (key "staffId:serviceId"), as the booking flow prices them. */
  ownTerms?: Record<string, { priceMinor: number; durationMin: number }>;
  weeks: Record<number, { days: number[]; start: string; end: string; breaks: [string, string][] }[]>;
  /** Dates a master does not take bookings (vacation) or takes them in other hours. */
  closed: (staffId: number, date: string) => boolean;
  customerIds: number[];
  customerPhones: Map<number, { phone: string; name: string }>;
}

const PAST_DAYS = 91;
const FUTURE_DAYS = 14;

/** mulberry32: a tiny seeded generator, so the demo is the same every time. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const demoCustomers = [
  "Алексей Петров", "Светлана Морозова", "Наталья Волкова", "Игорь Лебедев", "Татьяна Козлова", "Павел Новиков",
  "Юлия Фёдорова", "Сергей Михайлов", "Екатерина Егорова", "Андрей Павлов", "Ксения Семёнова", "Олег Голубев",
  "Дарья Виноградова", "Максим Богданов", "Алина Воробьёва", "Роман Фролов", "Вера Андреева", "Кирилл Зайцев",
  "Полина Соловьёва", "Никита Васильев", "Маргарита Орлова", "Антон Макаров", "Людмила Никитина", "Виктор Захаров",
  "Валерия Зуева", "Григорий Титов", "Софья Калинина", "Денис Белов", "Ольга Гусева", "Степан Комаров",
];

type NewBookingRow = typeof s.bookings.$inferInsert;

/** Upcoming visits per demo account: the demo customer can still book (the salon's cap is 5). */
const UPCOMING_PER_CLIENT = 2;

/** A client who booked by phone and has no account: a made-up number in the demo's own range. */
const byPhone = (n: number) => ({ phone: `+7999300${String(n % 10_000).padStart(4, "0")}`, name: demoCustomers[n % demoCustomers.length]! });

/** Fills each working day of each master with visits on the half-hour grid, never overlapping. */
export function planHistory(p: HistoryPlan): { bookings: NewBookingRow[] } {
  const next = random(20261130);
  const pick = <T,>(items: T[]) => items[Math.floor(next() * items.length)]!;
  const bookings: NewBookingRow[] = [];
  const upcoming = new Map<number, number>();
  let record = 88_000_000;
  for (let offset = -PAST_DAYS; offset <= FUTURE_DAYS; offset++) {
    if (offset === 0) continue;
    const date = addDays(p.today, offset);
    for (const [staffKey, blocks] of Object.entries(p.weeks)) {
      const staffId = Number(staffKey);
      if (p.closed(staffId, date)) continue;
      const day = blocks.find((b) => b.days.includes(dayOfWeek(date)));
      if (!day) continue;
      const breaks = day.breaks.map(([a, b]) => [minutesOf(a), minutesOf(b)] as const);
      const fill = offset < 0 ? 0.7 : 0.45 - offset * 0.02;
      let at = minutesOf(day.start);
      const end = minutesOf(day.end);
      while (at < end) {
        const serviceId = pick(p.skills[staffId]!);
        const standard = p.services.find((sv) => sv.id === serviceId);
        if (!standard) throw new Error(`seed: master ${staffId} does service ${serviceId}, which is not in the plan`);
        const service = { ...standard, ...p.ownTerms?.[`${staffId}:${serviceId}`] };
        const length = service.durationMin + service.bufferAfterMin;
        const clash = breaks.find(([a, b]) => at < b && at + length > a);
        if (clash) {
          at = Math.ceil(clash[1] / 30) * 30;
          continue;
        }
        if (at + length > end) break;
        if (next() < fill) {
          const startMs = wallMinutesToMs(date, at, p.zone)!;
          // Upcoming visits respect the per-account cap a real client meets
          // (max_active_bookings): past two, the visit was booked by phone.
          const picked = pick(p.customerIds);
          const customerId = offset > 0 && (upcoming.get(picked) ?? 0) >= UPCOMING_PER_CLIENT ? null : picked;
          if (offset > 0 && customerId !== null) upcoming.set(customerId, (upcoming.get(customerId) ?? 0) + 1);
          const who = customerId === null ? byPhone(bookings.length) : p.customerPhones.get(customerId)!;
          const roll = next();
          const status = offset > 0 ? (next() < 0.6 ? "confirmed" : "pending") : roll < 0.8 ? "completed" : roll < 0.93 ? "cancelled" : "no_show";
          const viaYclients = service.yclientsServiceId !== null;
          const prepaid = service.prepaymentKind !== "none" ? prepaymentOf(service) : 0;
          bookings.push({
            userId: customerId,
            serviceId: service.id,
            staffId,
            startAt: new Date(startMs).toISOString(),
            endAt: new Date(startMs + length * 60_000).toISOString(),
            status,
            channel: viaYclients ? "yclients" : "internal",
            yclientsRecordId: viaYclients ? record++ : null,
            phone: who.phone,
            customerName: who.name,
            priceTotalMinor: service.priceMinor,
            prepaymentMinor: viaYclients ? 0 : prepaid,
            currency: "RUB",
            cancelReason: status === "cancelled" ? pick(["cancelled_by_customer", "cancelled_by_salon", "Клиент заболел"]) : null,
            createdAt: new Date(startMs - Math.floor(1 + next() * 10) * 86_400_000).toISOString(),
          });
        }
        at += Math.ceil(length / 30) * 30;
      }
    }
  }
  return { bookings };
}

function prepaymentOf(service: HistoryPlan["services"][number]): number {
  if (service.prepaymentKind === "full") return service.priceMinor;
  if (service.prepaymentKind === "deposit_fixed") return Math.min(service.prepaymentValue, service.priceMinor);
  return Math.ceil((service.priceMinor * service.prepaymentValue) / 100);
}

/** Writes the plan: bookings, the prepayments of internal prepaid ones, and points for completed visits. */
export async function seedHistory(db: Db, p: HistoryPlan): Promise<number> {
  const { bookings } = planHistory(p);
  let written = 0;
  for (let i = 0; i < bookings.length; i += 200) {
    const rows = await db.insert(s.bookings).values(bookings.slice(i, i + 200)).returning();
    const paid = rows.filter((r) => r.prepaymentMinor > 0 && r.status !== "pending");
    if (paid.length > 0) {
      await db.insert(s.payments).values(
        paid.map((r) => ({
          bookingId: r.id,
          provider: "test",
          providerPaymentId: `demo-${r.id}`,
          status: r.status === "cancelled" ? ("refunded" as const) : ("succeeded" as const),
          amountMinor: r.prepaymentMinor,
          refundedMinor: r.status === "cancelled" ? r.prepaymentMinor : 0,
          currency: r.currency,
          idempotencyKey: `demo-payment-${r.id}`,
          createdAt: r.createdAt,
        })),
      );
    }
    const earned = rows.filter((r) => r.status === "completed" && r.userId !== null);
    if (earned.length > 0) {
      await db.insert(s.loyaltyLedger).values(
        earned.map((r) => ({ userId: r.userId!, bookingId: r.id, points: Math.floor(r.priceTotalMinor * 0.05), reason: "earned" as const, dedupeKey: `earn:booking:${r.id}` })),
      );
    }
    written += rows.length;
  }
  return written;
}
