// Statistics of the salon's money products: promo codes (uses and revenue
// given away over a range) and the no-show policy (no-show rate before and
// after it was switched on). Straight SQL over the rows, like repo/stats.ts.
import { sql } from "drizzle-orm";
import type { Db } from "../repo/db.js";

/** Held promo uses of visits starting in [start, end), per code. */
export async function promoTotals(db: Db, start: string, end: string) {
  const rows = await db.all<{ id: number; code: string; uses: number; given: number; currency: string | null }>(sql`
    select p.id, p.code, count(u.id) as uses, coalesce(sum(u.discount_minor), 0) as given, max(u.currency) as currency
    from promo_codes p
    join promo_uses u on u.promo_code_id = p.id and u.released_at is null
    join bookings b on b.id = u.booking_id and b.start_at >= ${start} and b.start_at < ${end}
    group by p.id order by given desc, p.id`);
  return rows.map((r) => ({ id: Number(r.id), code: r.code, uses: Number(r.uses), givenMinor: Number(r.given) }));
}

interface Window {
  bookings: number;
  no_show: number;
  no_show_rate: number | null;
}

/** Finished visits (completed or no-show) that started in [start, end). */
async function noShowWindow(db: Db, start: string, end: string): Promise<Window> {
  const [row] = await db.all<{ bookings: number; no_show: number }>(sql`
    select count(*) as bookings, coalesce(sum(status = 'no_show'), 0) as no_show
    from bookings where status in ('completed', 'no_show') and start_at >= ${start} and start_at < ${end}`);
  const bookings = Number(row?.bookings ?? 0);
  const noShow = Number(row?.no_show ?? 0);
  return { bookings, no_show: noShow, no_show_rate: bookings > 0 ? Math.round((noShow / bookings) * 10_000) / 10_000 : null };
}

/**
 * The no-show rate over `days` days before the policy was switched on and
 * over the days since (up to `days`): like for like, so a season does not
 * pass for the policy's effect. Without a policy both windows end now.
 */
export async function noShowBeforeAfter(db: Db, since: string | null, days: number, now: Date) {
  const pivot = since ?? now.toISOString();
  const span = days * 86_400_000;
  const beforeStart = new Date(Date.parse(pivot) - span).toISOString();
  const afterEnd = new Date(Math.min(Date.parse(pivot) + span, now.getTime())).toISOString();
  const [before, after] = await Promise.all([noShowWindow(db, beforeStart, pivot), since ? noShowWindow(db, pivot, afterEnd) : Promise.resolve({ bookings: 0, no_show: 0, no_show_rate: null })]);
  return { since, days, before, after };
}
