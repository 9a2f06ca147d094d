// Statistics: GET /api/v1/admin/stats?from=&to=&group=day|week|month&staff_id=&format=json|csv
//
// The range is inclusive salon dates; a booking belongs to the period its start
// falls in (salon time). Definitions, so the screens and the CSV agree:
// - bookings: every booking except unpaid holds; cancelled and no-shows included
// - revenue_expected: price of bookings that were not cancelled and not no-shows
// - revenue_paid: price of completed visits, plus what was paid online and kept
//   for visits that did not complete (a deposit kept on a no-show)
// - average_check: price of completed visits ÷ completed visits (0 when none)
// - cancellation_rate, no_show_rate: cancelled ÷ bookings, no-shows ÷ bookings
// - occupancy: booked minutes (bookings not cancelled) ÷ working minutes from
//   the weekly schedule minus breaks, after day-off/vacation/custom-hours exceptions
// - new_clients: distinct phones whose first ever booking falls in the range;
//   returning_clients: the other distinct phones with a booking in the range
// - prepayments: online payments that succeeded in the range; refunds: refunds
//   that succeeded in the range (by their own time, not the visit's)
// - revenue_split: the completed visits (by their start, like revenue) split by
//   what paid for them (promo discount, certificate, points, abonement, money
//   online and at the desk); see RevenueSplit
import * as v from "valibot";
import { CalendarDate } from "./common.js";

export const StatsQuery = v.object({
  from: CalendarDate,
  to: CalendarDate,
  group: v.optional(v.picklist(["day", "week", "month"], "group is day, week or month"), "day"),
  staff_id: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, "staff_id must be a number"), v.transform(Number))),
  format: v.optional(v.picklist(["json", "csv"], "format is json or csv"), "json"),
});
export type StatsQuery = v.InferOutput<typeof StatsQuery>;

const Counts = {
  bookings: v.number(),
  completed: v.number(),
  cancelled: v.number(),
  no_show: v.number(),
  revenue_paid_minor: v.number(),
  revenue_expected_minor: v.number(),
};

export const StatsPeriod = v.object({
  /** First salon date of the period (weeks start on Monday, months on the 1st). */
  period: CalendarDate,
  ...Counts,
  average_check_minor: v.number(),
});
export type StatsPeriod = v.InferOutput<typeof StatsPeriod>;

const part = (what: string) => v.pipe(v.number(), v.description(`${what} (minor units of the answer's \`currency\`)`));

/**
 * How completed visits were paid for. The parts add up:
 * list_price = discount + certificate + points + abonement + money, and money = online + desk.
 */
export const RevenueSplit = v.object({
  list_price_minor: part("Price of the completed visits before promo discounts"),
  discount_minor: part("Taken off by promo codes: each use's discount as stored when the visit was booked"),
  certificate_minor: part("Paid by gift certificates"),
  points_minor: part("Paid by loyalty points (1 point = 1 minor unit)"),
  abonement_minor: part("Paid by abonements: what each spent visit covered of the price (the covered service's price)"),
  abonement_value_minor: part("Those visits' share of the abonements' sale price (revenue the abonements brought); not a part of the sum"),
  money_minor: part("Paid by money: the rest of the price, online_minor + desk_minor"),
  online_minor: part("Of money_minor: paid online and kept (payments less their refunds)"),
  desk_minor: part("Of money_minor: the rest, paid at the salon's desk"),
  refunds_minor: part("Refunded online to these visits; already out of online_minor, not a part of the sum"),
});
export type RevenueSplit = v.InferOutput<typeof RevenueSplit>;

export const RevenueSplits = v.pipe(
  v.object({
    total: RevenueSplit,
    series: v.pipe(v.array(v.object({ period: CalendarDate, ...RevenueSplit.entries })), v.description("Per period of `series` that has a completed visit")),
    staff: v.pipe(v.array(v.object({ staff_id: v.number(), name: v.string(), ...RevenueSplit.entries })), v.description("Per master with a completed visit")),
    services: v.pipe(v.array(v.object({ service_id: v.number(), name: v.string(), ...RevenueSplit.entries })), v.description("Per service with a completed visit (every one, not only the top ten), largest list price first")),
  }),
  v.description("Completed visits (by their start in the salon's zone, like revenue) split by what paid for them"),
);
export type RevenueSplits = v.InferOutput<typeof RevenueSplits>;

export const Stats = v.object({
  from: CalendarDate,
  to: CalendarDate,
  group: v.picklist(["day", "week", "month"]),
  staff_id: v.nullable(v.number()),
  currency: v.string(),
  totals: v.object({
    ...Counts,
    average_check_minor: v.number(),
    /** 0…1, rounded to 4 places */
    cancellation_rate: v.number(),
    no_show_rate: v.number(),
    new_clients: v.number(),
    returning_clients: v.number(),
    prepayments_minor: v.number(),
    refunds_minor: v.number(),
  }),
  series: v.array(StatsPeriod),
  staff: v.array(
    v.object({
      staff_id: v.number(),
      name: v.string(),
      bookings: v.number(),
      revenue_expected_minor: v.number(),
      booked_min: v.number(),
      working_min: v.number(),
      /** booked_min ÷ working_min, 0 when the master had no working time */
      occupancy: v.number(),
    }),
  ),
  top_services: v.array(v.object({ service_id: v.number(), name: v.string(), bookings: v.number(), revenue_expected_minor: v.number() })),
  channels: v.array(v.object({ channel: v.picklist(["internal", "yclients"]), bookings: v.number(), revenue_expected_minor: v.number() })),
  /** Group classes: sessions in the range (not cancelled), their seats, the seats taken and fill_rate = taken ÷ seats (0…1, 4 places). Optional so copies saved before classes still read. */
  classes: v.optional(v.array(v.object({ service_id: v.number(), name: v.string(), sessions: v.number(), seats: v.number(), seats_taken: v.number(), fill_rate: v.number() }))),
  /** Completed visits split by what paid for them. Optional so copies saved before it still read. */
  revenue_split: v.optional(RevenueSplits),
});
export type Stats = v.InferOutput<typeof Stats>;

/** `format=csv`: the same figures as comma-separated text (UTF-8) for a spreadsheet. */
export const StatsCsv = v.pipe(v.string(), v.description("CSV text: a header row, then the figures"));
