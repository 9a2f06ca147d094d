// Turns the SQL figures into the Stats answer (rates, averages) and into CSV.
import { csvCell } from "../lib/csv.js";
import type { RevenueSplit, Stats, StatsQuery } from "../contracts/stats.js";
import type { loadStats } from "../repo/stats.js";
import { partKeys, revenueSplit } from "./revenue-split.js";

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);
const average = (sum: number, n: number) => (n > 0 ? Math.round(sum / n) : 0);

export function buildStats(q: StatsQuery, currency: string, raw: Awaited<ReturnType<typeof loadStats>>): Stats {
  const n = (x: unknown) => Number(x ?? 0);
  const series = raw.series.map((r) => ({
    period: r.label,
    bookings: n(r.bookings),
    completed: n(r.completed),
    cancelled: n(r.cancelled),
    no_show: n(r.no_show),
    revenue_paid_minor: n(r.revenue_paid),
    revenue_expected_minor: n(r.revenue_expected),
    average_check_minor: average(n(r.completed_revenue), n(r.completed)),
  }));
  const sum = (key: keyof (typeof series)[number]) => series.reduce((total, r) => total + (r[key] as number), 0);
  const completedRevenue = raw.series.reduce((total, r) => total + n(r.completed_revenue), 0);
  const bookings = sum("bookings");
  const clients = n(raw.clients.clients);
  const fresh = n(raw.clients.new_clients);
  return {
    from: q.from,
    to: q.to,
    group: q.group,
    staff_id: q.staff_id ?? null,
    currency,
    totals: {
      bookings,
      completed: sum("completed"),
      cancelled: sum("cancelled"),
      no_show: sum("no_show"),
      revenue_paid_minor: sum("revenue_paid_minor"),
      revenue_expected_minor: sum("revenue_expected_minor"),
      average_check_minor: average(completedRevenue, sum("completed")),
      cancellation_rate: rate(sum("cancelled"), bookings),
      no_show_rate: rate(sum("no_show"), bookings),
      new_clients: fresh,
      returning_clients: clients - fresh,
      prepayments_minor: n(raw.money.prepayments),
      refunds_minor: n(raw.money.refunds),
    },
    series,
    staff: raw.staff.map((r) => ({
      staff_id: n(r.staff_id),
      name: r.name,
      bookings: n(r.bookings),
      revenue_expected_minor: n(r.revenue_expected),
      booked_min: n(r.booked_min),
      working_min: n(r.working_min),
      occupancy: rate(n(r.booked_min), n(r.working_min)),
    })),
    top_services: raw.services.map((r) => ({ service_id: n(r.service_id), name: r.name, bookings: n(r.bookings), revenue_expected_minor: n(r.revenue_expected) })),
    channels: raw.channels.map((r) => ({ channel: r.channel, bookings: n(r.bookings), revenue_expected_minor: n(r.revenue_expected) })),
    classes: raw.classes.map((r) => ({ service_id: n(r.service_id), name: r.name, sessions: n(r.sessions), seats: n(r.seats), seats_taken: n(r.taken), fill_rate: rate(n(r.taken), n(r.seats)) })),
    revenue_split: revenueSplit(raw.split),
  };
}

const rows = (header: string[], body: (string | number)[][]) => [header, ...body].map((r) => r.map(csvCell).join(",")).join("\r\n");

/** The revenue split as one table: the total, then per period, master and service. */
function splitCsv(split: NonNullable<Stats["revenue_split"]>): string {
  const line = (scope: string, id: string | number, name: string, parts: RevenueSplit) => [scope, id, name, ...partKeys.map((k) => parts[k])];
  return rows(
    ["split", "id", "name", ...partKeys],
    [
      line("total", "", "", split.total),
      ...split.series.map((r) => line("period", r.period, "", r)),
      ...split.staff.map((r) => line("staff", r.staff_id, r.name, r)),
      ...split.services.map((r) => line("service", r.service_id, r.name, r)),
    ],
  );
}

/** Three tables in one file: the periods (with a total line), the masters, the revenue split. Money in minor units. */
export function statsCsv(s: Stats): string {
  const periods = rows(
    ["period", "bookings", "completed", "cancelled", "no_show", "revenue_paid_minor", "revenue_expected_minor", "average_check_minor"],
    [
      ...s.series.map((r) => [r.period, r.bookings, r.completed, r.cancelled, r.no_show, r.revenue_paid_minor, r.revenue_expected_minor, r.average_check_minor]),
      ["total", s.totals.bookings, s.totals.completed, s.totals.cancelled, s.totals.no_show, s.totals.revenue_paid_minor, s.totals.revenue_expected_minor, s.totals.average_check_minor],
    ],
  );
  const staff = rows(
    ["staff_id", "name", "bookings", "revenue_expected_minor", "booked_min", "working_min", "occupancy"],
    s.staff.map((r) => [r.staff_id, r.name, r.bookings, r.revenue_expected_minor, r.booked_min, r.working_min, r.occupancy]),
  );
  const split = s.revenue_split ? `\r\n${splitCsv(s.revenue_split)}\r\n` : "";
  return `${periods}\r\n\r\n${staff}\r\n${split}`;
}
