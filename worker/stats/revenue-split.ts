// Statistics' revenue split: the completed visits' money by what paid for it
// (promo discount, certificate, points, abonement, money online or at the desk), summed
// from the SQL's groups of period × master × service into the total and the
// three breakdowns the report already has.
import type { RevenueSplit, RevenueSplits } from "../contracts/stats.js";
import type { SplitRow } from "../repo/stats.js";

export const partKeys = ["list_price_minor", "discount_minor", "certificate_minor", "points_minor", "abonement_minor", "abonement_value_minor", "money_minor", "online_minor", "desk_minor", "refunds_minor"] as const satisfies readonly (keyof RevenueSplit)[];
const empty = (): RevenueSplit => Object.fromEntries(partKeys.map((k) => [k, 0])) as RevenueSplit;

/**
 * One group's parts. The stored price is after the discount, so the list price
 * adds it back; money is what the certificate, points and abonement left, of
 * which the kept online payments are one part and the desk the other.
 */
function partsOf(r: SplitRow): RevenueSplit {
  const n = (x: unknown) => Number(x ?? 0);
  const price = n(r.price);
  const money = price - n(r.certificate) - n(r.points) - n(r.abonement);
  return {
    list_price_minor: price + n(r.discount),
    discount_minor: n(r.discount),
    certificate_minor: n(r.certificate),
    points_minor: n(r.points),
    abonement_minor: n(r.abonement),
    abonement_value_minor: n(r.abonement_value),
    money_minor: money,
    online_minor: n(r.online),
    desk_minor: money - n(r.online),
    refunds_minor: n(r.refunded),
  };
}

function add(into: RevenueSplit, part: RevenueSplit): RevenueSplit {
  // Only the parts: a breakdown's sum carries its labels (period, id, name) too.
  for (const key of partKeys) into[key] += part[key];
  return into;
}

/** Sums the groups by a key, keeping the first group's labels (name, id) for each. */
function byKey<K, L extends object>(rows: { row: SplitRow; parts: RevenueSplit }[], key: (r: SplitRow) => K, label: (r: SplitRow) => L) {
  const sums = new Map<K, L & RevenueSplit>();
  for (const { row, parts } of rows) {
    const k = key(row);
    const sum = sums.get(k) ?? { ...label(row), ...empty() };
    add(sum, parts);
    sums.set(k, sum);
  }
  return [...sums.values()];
}

export function revenueSplit(rows: SplitRow[]): RevenueSplits {
  const groups = rows.map((row) => ({ row, parts: partsOf(row) }));
  return {
    total: groups.reduce((total, g) => add(total, g.parts), empty()),
    series: byKey(groups, (r) => r.label, (r) => ({ period: r.label })).sort((a, b) => a.period.localeCompare(b.period)),
    staff: byKey(groups.filter((g) => g.row.staff_id !== null), (r) => Number(r.staff_id), (r) => ({ staff_id: Number(r.staff_id), name: r.staff_name ?? "" })).sort((a, b) => a.staff_id - b.staff_id),
    services: byKey(groups, (r) => Number(r.service_id), (r) => ({ service_id: Number(r.service_id), name: r.service_name })).sort((a, b) => b.list_price_minor - a.list_price_minor || a.service_id - b.service_id),
  };
}
