// The salon's clients: search, and the figures of a client card, in SQL.
import { and, count, desc, eq, isNull, like, or, sql, type SQL } from "drizzle-orm";
import type { ClientSummary } from "../contracts/admin.js";
import { type Db, schema as s } from "./db.js";

const b = s.bookings;

const visitsOf = sql<number>`(select count(*) from bookings where bookings.user_id = users.id and bookings.status = 'completed')`;
const lastVisitOf = sql<string | null>`(select max(start_at) from bookings where bookings.user_id = users.id and bookings.status = 'completed')`;

/**
 * LIKE '%text%' with the text taken literally: `%` and `_` typed in a search
 * are characters, not wildcards. The escape character is `!`, not a
 * backslash, which SQL lexers disagree about inside string literals.
 */
const contains = (column: typeof s.users.name, text: string): SQL => sql`${column} like ${`%${text.replace(/[!%_]/g, (ch) => `!${ch}`)}%`} escape '!'`;

/**
 * Clients whose phone holds these digits or whose name holds the text.
 * SQLite folds case only for ASCII, so Cyrillic names are matched as typed,
 * lower-case and capitalised.
 */
function matching(q: string | undefined): SQL | undefined {
  if (!q) return undefined;
  const digits = q.replace(/\D/g, "");
  const lower = q.toLowerCase();
  const capitalised = lower.charAt(0).toUpperCase() + lower.slice(1);
  const names = [...new Set([q, lower, capitalised])].map((t) => contains(s.users.name, t));
  return or(...(digits.length >= 3 ? [like(s.users.phone, `%${digits}%`)] : []), ...names);
}

export async function searchClients(db: Db, q: { q?: string; limit: number; offset: number }): Promise<{ clients: ClientSummary[]; total: number }> {
  // A deleted account is nobody's client card any more (its bookings stay, anonymised).
  const where = and(eq(s.users.role, "customer"), isNull(s.users.deletedAt), matching(q.q));
  const [rows, [total]] = await Promise.all([
    db
      .select({ id: s.users.id, phone: s.users.phone, name: s.users.name, email: s.users.email, visits: visitsOf, last: lastVisitOf })
      .from(s.users)
      .where(where)
      .orderBy(desc(s.users.id))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: count() }).from(s.users).where(where),
  ]);
  return {
    clients: rows.map((r) => ({ id: r.id, phone: r.phone, name: r.name, email: r.email, visits: Number(r.visits), last_visit_at: r.last })),
    total: total?.n ?? 0,
  };
}

export async function findClient(db: Db, id: number) {
  const [row] = await db.select().from(s.users).where(eq(s.users.id, id)).limit(1);
  return row ?? null;
}

/** Completed visits and what they cost, no-shows, cancellations and visits still ahead. */
export async function clientTotals(db: Db, userId: number, now: string) {
  const [row] = await db
    .select({
      visits: sql<number>`sum(case when ${b.status} = 'completed' then 1 else 0 end)`,
      spent: sql<number>`sum(case when ${b.status} = 'completed' then ${b.priceTotalMinor} else 0 end)`,
      noShows: sql<number>`sum(case when ${b.status} = 'no_show' then 1 else 0 end)`,
      cancellations: sql<number>`sum(case when ${b.status} = 'cancelled' and coalesce(${b.cancelReason}, '') <> 'hold_expired' then 1 else 0 end)`,
      upcoming: sql<number>`sum(case when ${b.status} in ('held', 'pending', 'confirmed') and ${b.startAt} >= ${now} then 1 else 0 end)`,
    })
    .from(b)
    .where(eq(b.userId, userId));
  return {
    visits: Number(row?.visits ?? 0),
    spent: Number(row?.spent ?? 0),
    noShows: Number(row?.noShows ?? 0),
    cancellations: Number(row?.cancellations ?? 0),
    upcoming: Number(row?.upcoming ?? 0),
  };
}

export function clientBookings(db: Db, userId: number, page: { limit: number; offset: number }) {
  return db.select().from(b).where(eq(b.userId, userId)).orderBy(desc(b.startAt)).limit(page.limit).offset(page.offset);
}
