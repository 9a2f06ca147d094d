// Statistics answer → the tables under the charts (also their CSV). Pure, so
// tests/web checks the figures and the formatting without a browser.
import type { Stats } from "../../../../worker/contracts/stats";
import type { Table } from "./csv";

type Fmt = { money: (minor: number) => string; percent: (share: number) => string; period: (date: string) => string };
type Heads = Record<"period" | "bookings" | "paid" | "expected" | "avg" | "cancelled" | "noShow" | "master" | "booked" | "working" | "occupancy" | "service" | "channel", string>;

export const revenueTable = (s: Stats, h: Heads, f: Fmt): Table => ({
  head: [h.period, h.paid, h.expected, h.avg],
  rows: s.series.map((p) => [f.period(p.period), f.money(p.revenue_paid_minor), f.money(p.revenue_expected_minor), f.money(p.average_check_minor)]),
});

export const bookingsTable = (s: Stats, h: Heads, f: Fmt): Table => ({
  head: [h.period, h.bookings, h.cancelled, h.noShow],
  rows: s.series.map((p) => [f.period(p.period), p.bookings, p.cancelled, p.no_show]),
});

export const staffTable = (s: Stats, h: Heads, f: Fmt): Table => ({
  head: [h.master, h.bookings, h.expected, h.booked, h.working, h.occupancy],
  rows: s.staff.map((m) => [m.name, m.bookings, f.money(m.revenue_expected_minor), m.booked_min, m.working_min, f.percent(m.occupancy)]),
});

export const servicesTable = (s: Stats, h: Heads, f: Fmt): Table => ({
  head: [h.service, h.bookings, h.expected],
  rows: s.top_services.map((x) => [x.name, x.bookings, f.money(x.revenue_expected_minor)]),
});

export const channelsTable = (s: Stats, h: Heads, f: Fmt, name: (c: string) => string): Table => ({
  head: [h.channel, h.bookings, h.expected],
  rows: s.channels.map((c) => [name(c.channel), c.bookings, f.money(c.revenue_expected_minor)]),
});

/** The default range: the last 30 days up to today. */
export function defaultRange(today: string): { from: string; to: string } {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 29);
  return { from: d.toISOString().slice(0, 10), to: today };
}

/** The revenue split's columns in order; `money` is online + desk; the abonements' value and refunds are not parts of the sum. */
export const splitColumns = ["list_price_minor", "discount_minor", "certificate_minor", "points_minor", "abonement_minor", "money_minor", "online_minor", "desk_minor", "abonement_value_minor", "refunds_minor"] as const;
export type SplitColumn = (typeof splitColumns)[number];
/** The parts a list price splits into, for the chart: money shown as its online and desk halves. */
export const splitBars = ["discount_minor", "certificate_minor", "points_minor", "abonement_minor", "online_minor", "desk_minor"] as const satisfies readonly SplitColumn[];

type SplitLabels = { what: string; total: string; master: string; service: string; columns: Record<SplitColumn, string> };

/** What paid for the completed visits: the total, then each master, then each service. */
export function splitTable(s: Stats, l: SplitLabels, f: Fmt): Table {
  const split = s.revenue_split;
  if (!split) return { head: [], rows: [] };
  const line = (label: string, parts: Record<SplitColumn, number>) => [label, ...splitColumns.map((k) => f.money(parts[k]))];
  return {
    head: [l.what, ...splitColumns.map((k) => l.columns[k])],
    rows: [line(l.total, split.total), ...split.staff.map((m) => line(`${l.master}: ${m.name}`, m)), ...split.services.map((x) => line(`${l.service}: ${x.name}`, x))],
  };
}
