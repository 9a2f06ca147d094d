// Pure parts of the back office, run under Node: calendar geometry, the weekly
// schedule grid, money typed in roubles, chart axes, CSV, statistics tables,
// reordering and the admin dictionary.
import { describe, expect, it } from "vitest";
import type { Booking } from "../../worker/contracts/bookings";
import type { Stats } from "../../worker/contracts/stats";
import {
  bookingSpan,
  canMarkOutcome,
  channelOf,
  closedStretches,
  freeStarts,
  gridWindow,
  isWorking,
  placeInLanes,
  toClock,
  toMinutes,
  weekdayOf,
  workDay,
} from "../../web/src/admin/data/calendar";
import { labelEvery, linePath, niceTicks, xOf, yOf, type Frame } from "../../web/src/admin/data/chart";
import { toCsv } from "../../web/src/admin/data/csv";
import { parseRoubles, roublesText } from "../../web/src/admin/data/money";
import { moved } from "../../web/src/admin/data/order";
import { bookingsTable, channelsTable, defaultRange, revenueTable, splitColumns, splitTable, staffTable } from "../../web/src/admin/data/stats-view";
import { lineChange, weekLines } from "../../web/src/admin/data/week";
import { adminTranslate } from "../../web/src/admin/i18n";

const booking = (over: Partial<Booking> = {}): Booking => ({
  id: 1,
  status: "confirmed",
  channel: "internal",
  origin: "online",
  service: { id: 3, name: "Стрижка мужская" },
  staff: { id: 1, name: "Анна" },
  start_at: "2026-12-02T07:00:00.000Z",
  end_at: "2026-12-02T07:45:00.000Z",
  local_date: "2026-12-02",
  local_time: "10:00",
  duration_min: 45,
  addons: [],
  price: { amount_minor: 150000, currency: "RUB" },
  prepayment: null,
  hold_expires_at: null,
  phone: "+79991234567",
  customer_name: "Пётр",
  notes: null,
  cancel_reason: null,
  needs_attention: null,
  created_at: "2026-11-30T10:00:00.000Z",
  ...over,
});

const day = { hours: { start_time: "10:00", end_time: "19:00" }, breaks: [{ start_time: "13:00", end_time: "14:00" }], exception: null };

describe("calendar geometry", () => {
  it("converts wall times to minutes and back", () => {
    expect(toMinutes("09:30")).toBe(570);
    expect(toClock(570)).toBe("09:30");
    expect(toClock(24 * 60)).toBe("24:00");
  });

  it("counts weekdays from Monday as the schedule API does", () => {
    expect(weekdayOf("2026-11-30")).toBe(0); // a Monday
    expect(weekdayOf("2026-12-06")).toBe(6); // a Sunday
  });

  it("reads a working day with its break, and a day off with its reason", () => {
    expect(workDay(day)).toEqual({ closed: null, open: [[600, 1140]], breaks: [[780, 840]] });
    expect(workDay({ hours: null, breaks: [], exception: { kind: "vacation" } }).closed).toBe("vacation");
    expect(workDay({ hours: null, breaks: [], exception: null }).closed).toBe("no_hours");
    expect(workDay(undefined).closed).toBe("no_hours");
  });

  it("shades the hours before opening, the break and after closing", () => {
    expect(closedStretches(workDay(day), [540, 1260])).toEqual([
      [540, 600],
      [780, 840],
      [1140, 1260],
    ]);
    expect(closedStretches(workDay({ hours: null, breaks: [], exception: { kind: "day_off" } }), [540, 1260])).toEqual([[540, 1260]]);
  });

  it("shows whole hours around every open hour and every booking", () => {
    expect(gridWindow([workDay(day)], [])).toEqual([600, 1140]);
    expect(gridWindow([workDay(day)], [{ start: 545, end: 1150 }])).toEqual([540, 1200]);
    expect(gridWindow([], [])).toEqual([540, 1260]);
  });

  it("offers empty cells only in working time that no booking takes", () => {
    const wd = workDay(day);
    const free = freeStarts(wd, [600, 1140], 30, [{ start: 600, end: 645 }]);
    expect(free).not.toContain(600);
    expect(free).not.toContain(630); // still inside the 45-minute visit
    expect(free).toContain(660);
    expect(free).not.toContain(780); // break
    expect(free.at(-1)).toBe(1110);
    expect(isWorking(wd, 840)).toBe(true);
  });

  it("offers empty cells on the salon's grid: from a 12:15 start, or on the clock", () => {
    const late = workDay({ hours: { start_time: "12:15", end_time: "14:00" }, breaks: [], exception: null });
    expect(freeStarts(late, [720, 840], 30, [])).toEqual([735, 765, 795, 825]);
    expect(freeStarts(late, [720, 840], 30, [], "clock")).toEqual([750, 780, 810]);
  });

  it("puts overlapping items side by side and leaves the rest full width", () => {
    const placed = placeInLanes([
      { item: "a", start: 600, end: 660 },
      { item: "b", start: 630, end: 690 },
      { item: "c", start: 700, end: 720 },
    ]);
    const by = Object.fromEntries(placed.map((p) => [p.item, p]));
    expect([by.a!.lane, by.b!.lane]).toEqual([0, 1]);
    expect(by.a!.lanes).toBe(2);
    expect(by.c).toMatchObject({ lane: 0, lanes: 1 });
  });

  it("places a booking from its wall time and duration", () => {
    expect(bookingSpan(booking())).toEqual({ start: 600, end: 645 });
  });

  it("lets a visit be marked completed or no-show only once it has started", () => {
    const b = booking();
    expect(canMarkOutcome(b, new Date("2026-12-02T06:59:00Z"))).toBe(false);
    expect(canMarkOutcome(b, new Date("2026-12-02T07:00:00Z"))).toBe(true);
    expect(canMarkOutcome(booking({ status: "cancelled" }), new Date("2026-12-03T00:00:00Z"))).toBe(false);
  });

  it("colours by channel: ours, YClients, replayed from offline", () => {
    expect(channelOf(booking())).toBe("internal");
    expect(channelOf(booking({ channel: "yclients" }))).toBe("yclients");
    expect(channelOf(booking({ origin: "offline" }))).toBe("offline");
    // A YClients record is YClients whatever its origin says.
    expect(channelOf(booking({ channel: "yclients", origin: "offline" }))).toBe("yclients");
  });
});

describe("weekly schedule grid", () => {
  const rows = [{ id: 7, day_of_week: 1, start_time: "10:00", end_time: "18:00", is_active: true, breaks: [{ start_time: "13:00", end_time: "13:30" }] }];

  it("has seven lines from Monday, a weekday without hours as a day off", () => {
    const lines = weekLines(rows);
    expect(lines.map((l) => l.day)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(lines[1]).toMatchObject({ rowId: 7, works: true, start: "10:00", breaks: [{ start_time: "13:00", end_time: "13:30" }] });
    expect(lines[0]).toMatchObject({ rowId: null, works: false });
  });

  it("edits an existing weekday, creates a new one, and leaves an untouched day off alone", () => {
    const [mon, tue] = weekLines(rows);
    expect(lineChange({ ...tue!, end: "17:00" })).toEqual({ op: "edit", rowId: 7, hours: { start_time: "10:00", end_time: "17:00", breaks: [{ start_time: "13:00", end_time: "13:30" }], is_active: true } });
    expect(lineChange({ ...mon!, works: true })).toMatchObject({ op: "add", hours: { start_time: "10:00", is_active: true } });
    expect(lineChange(mon!)).toEqual({ op: "none" });
  });

  it("drops half-filled breaks instead of sending them", () => {
    const [, tue] = weekLines(rows);
    const change = lineChange({ ...tue!, breaks: [...tue!.breaks, { start_time: "15:00", end_time: "" }] });
    expect(change.op === "edit" && change.hours.breaks).toHaveLength(1);
  });
});

describe("money in the editors and the side panel", () => {
  it("reads roubles as typed and gives kopecks", () => {
    expect(parseRoubles("1500")).toBe(150000);
    expect(parseRoubles("1 500,50 ₽")).toBe(150050);
    expect(parseRoubles("12.5")).toBe(1250);
    expect(parseRoubles("abc")).toBeNull();
    expect(parseRoubles("1.234")).toBeNull();
    expect(roublesText(150000)).toBe("1500");
    expect(roublesText(150050)).toBe("1500.50");
  });
});

describe("charts", () => {
  it("picks round ticks that reach the largest value", () => {
    expect(niceTicks(950)).toEqual([0, 250, 500, 750, 1000]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });

  it("maps values into the plot and draws a path through them", () => {
    const f: Frame = { width: 100, height: 100, left: 10, right: 10, top: 10, bottom: 10 };
    expect(yOf(f, 100, 0)).toBe(90);
    expect(yOf(f, 100, 100)).toBe(10);
    expect(xOf(f, 0, 3)).toBe(10);
    expect(xOf(f, 2, 3)).toBe(90);
    expect(xOf(f, 0, 1)).toBe(50);
    expect(linePath(f, 100, [0, 50, 100])).toBe("M10.0 90.0 L50.0 50.0 L90.0 10.0");
  });

  it("thins period labels so that they do not collide", () => {
    expect(labelEvery(7, 700)).toBe(1);
    expect(labelEvery(90, 640)).toBe(8);
  });
});

describe("CSV export", () => {
  it("quotes cells with commas, quotes and line breaks", () => {
    expect(toCsv({ head: ["Услуга", "Записи"], rows: [["Стрижка, мужская", 3], ['Маникюр "гель"', 2], ["a\nb", 1]] })).toBe(
      'Услуга,Записи\r\n"Стрижка, мужская",3\r\n"Маникюр ""гель""",2\r\n"a\nb",1\r\n',
    );
  });

  it("neutralises text starting with = + - @ tab or CR, and leaves numbers alone", () => {
    const names = ["=1+2", "+7 999", "-x", "@SUM(A1)", "\tTab", "\rCR"];
    expect(toCsv({ head: ["name", "n"], rows: names.map((name) => [name, -5]) })).toBe(
      "name,n\r\n'=1+2,-5\r\n'+7 999,-5\r\n'-x,-5\r\n'@SUM(A1),-5\r\n'\tTab,-5\r\n\"'\rCR\",-5\r\n",
    );
  });
});

describe("statistics tables", () => {
  const stats: Stats = {
    from: "2026-11-01",
    to: "2026-11-30",
    group: "week",
    staff_id: null,
    currency: "RUB",
    totals: {
      bookings: 10, completed: 6, cancelled: 2, no_show: 1, revenue_paid_minor: 900000, revenue_expected_minor: 1200000, average_check_minor: 150000,
      cancellation_rate: 0.2, no_show_rate: 0.1, new_clients: 4, returning_clients: 3, prepayments_minor: 100000, refunds_minor: 0,
    },
    series: [{ period: "2026-11-02", bookings: 10, completed: 6, cancelled: 2, no_show: 1, revenue_paid_minor: 900000, revenue_expected_minor: 1200000, average_check_minor: 150000 }],
    staff: [{ staff_id: 1, name: "Анна", bookings: 10, revenue_expected_minor: 1200000, booked_min: 450, working_min: 1800, occupancy: 0.25 }],
    top_services: [{ service_id: 3, name: "Стрижка мужская", bookings: 10, revenue_expected_minor: 1200000 }],
    channels: [{ channel: "yclients", bookings: 4, revenue_expected_minor: 500000 }],
  };
  const heads = { period: "P", bookings: "B", paid: "Paid", expected: "Exp", avg: "Avg", cancelled: "C", noShow: "N", master: "M", booked: "Bm", working: "Wm", occupancy: "O", service: "S", channel: "Ch" };
  const fmt = { money: (m: number) => `${m / 100} ₽`, percent: (s: number) => `${s * 100}%`, period: (d: string) => d.slice(5) };

  it("has a row per period: money under the revenue chart, counts under the bookings chart", () => {
    expect(revenueTable(stats, heads, fmt)).toEqual({ head: ["P", "Paid", "Exp", "Avg"], rows: [["11-02", "9000 ₽", "12000 ₽", "1500 ₽"]] });
    expect(bookingsTable(stats, heads, fmt)).toEqual({ head: ["P", "B", "C", "N"], rows: [["11-02", 10, 2, 1]] });
  });

  it("shows occupancy per master from booked and working minutes", () => {
    expect(staffTable(stats, heads, fmt).rows).toEqual([["Анна", 10, "12000 ₽", 450, 1800, "25%"]]);
  });

  it("names the channels", () => {
    expect(channelsTable(stats, heads, fmt, (c) => c.toUpperCase()).rows).toEqual([["YCLIENTS", 4, "5000 ₽"]]);
  });

  it("lists the revenue split's total, then each master and each service, and nothing for an answer saved before it", () => {
    const parts = { list_price_minor: 1300, discount_minor: 100, certificate_minor: 200, points_minor: 50, abonement_minor: 300, abonement_value_minor: 250, money_minor: 650, online_minor: 400, desk_minor: 250, refunds_minor: 30 };
    const withSplit: Stats = { ...stats, revenue_split: { total: parts, series: [], staff: [{ staff_id: 1, name: "Анна", ...parts }], services: [{ service_id: 3, name: "Стрижка", ...parts }] } };
    const labels = { what: "W", total: "T", master: "M", service: "S", columns: Object.fromEntries(splitColumns.map((k) => [k, k])) as Record<(typeof splitColumns)[number], string> };
    const row = ["13 ₽", "1 ₽", "2 ₽", "0.5 ₽", "3 ₽", "6.5 ₽", "4 ₽", "2.5 ₽", "2.5 ₽", "0.3 ₽"];
    expect(splitTable(withSplit, labels, fmt)).toEqual({ head: ["W", ...splitColumns], rows: [["T", ...row], ["M: Анна", ...row], ["S: Стрижка", ...row]] });
    expect(splitTable(stats, labels, fmt)).toEqual({ head: [], rows: [] });
  });

  it("defaults to the last 30 days", () => {
    expect(defaultRange("2026-11-30")).toEqual({ from: "2026-11-01", to: "2026-11-30" });
  });
});

describe("reorder and dictionary", () => {
  it("moves an id one place and leaves the ends alone", () => {
    expect(moved([1, 2, 3], 2, -1)).toEqual([2, 1, 3]);
    expect(moved([1, 2, 3], 3, 1)).toEqual([1, 2, 3]);
    expect(moved([1, 2, 3], 9, 1)).toEqual([1, 2, 3]);
  });

  it("speaks Russian first and English on the switch, with placeholders filled", () => {
    expect(adminTranslate("ru", "panel.title", { id: 5 })).toBe("Запись №5");
    expect(adminTranslate("en", "panel.title", { id: 5 })).toBe("Booking #5");
  });
});
