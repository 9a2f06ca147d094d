// Pure parts of the master-first flow, run under Node: the month calendar's
// grid and its one range request per month, which slots the time step shows,
// picking a slot by instant (the repeated hour of a DST fall-back day), the
// booking body's time, avatars and the map link.
import { describe, expect, it } from "vitest";
import type { Slot } from "../../worker/contracts/slots";
import { appointmentOf, draftToBody, emptyDraft } from "../../web/src/data/draft";
import { avatarHue, initials, mapHref } from "../../web/src/data/masters";
import { addMonths, dayKind, daysInMonth, monthBounds, monthGrid, monthRange } from "../../web/src/data/month";
import { isChosen, occurrenceOf, repeatOf, utcOffsetOf, visibleSlots } from "../../web/src/data/slot-view";

describe("month calendar", () => {
  it("lays a month out Monday first", () => {
    // 1 December 2026 is a Tuesday, 1 February 2027 a Monday
    expect(monthGrid("2026-12")).toMatchObject({ leading: 1 });
    expect(monthGrid("2026-12").dates).toHaveLength(31);
    expect(monthGrid("2027-02")).toMatchObject({ leading: 0 });
    expect(monthGrid("2027-02").dates.at(-1)).toBe("2027-02-28");
    expect(daysInMonth("2028-02")).toBe(29);
  });

  it("pages months across a year end", () => {
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2027-01", -1)).toBe("2026-12");
  });

  it("asks for one range per month: from today (or the 1st) to the month's end or the horizon", () => {
    const today = "2026-11-30";
    expect(monthRange("2026-11", today, 60)).toEqual({ from: "2026-11-30", days: 1 });
    expect(monthRange("2026-12", today, 60)).toEqual({ from: "2026-12-01", days: 31 });
    // the horizon (today + 60 = 29 January) cuts the last month
    expect(monthRange("2027-01", today, 60)).toEqual({ from: "2027-01-01", days: 29 });
    expect(monthRange("2027-02", today, 60)).toBeNull();
    expect(monthRange("2026-10", today, 60)).toBeNull();
    expect(monthBounds(today, 60)).toEqual({ first: "2026-11", last: "2027-01" });
  });

  it("tells free days, full days, closed days and days outside the bookable range apart", () => {
    expect(dayKind({ status: "open", available: 3 })).toBe("free");
    expect(dayKind({ status: "open", available: 0 })).toBe("full");
    expect(dayKind({ status: "day_off", available: 0 })).toBe("closed");
    expect(dayKind({ status: "vacation", available: 0 })).toBe("closed");
    expect(dayKind(undefined)).toBe("outside");
  });
});

const slot = (time: string, start_at: string, available: boolean, reason?: string): Slot => ({ time, start_at, available, duration: 45, ...(reason ? { reason } : {}) });

describe("time step", () => {
  it("leaves out past, too-soon and beyond-horizon times but keeps taken ones", () => {
    const day = [
      slot("09:00", "2026-12-01T06:00:00.000Z", false, "past"),
      slot("09:30", "2026-12-01T06:30:00.000Z", false, "notice"),
      slot("10:00", "2026-12-01T07:00:00.000Z", false, "booked"),
      slot("10:30", "2026-12-01T07:30:00.000Z", true),
      slot("11:00", "2026-12-01T08:00:00.000Z", false, "break"),
    ];
    expect(visibleSlots(day).map((s) => s.time)).toEqual(["10:00", "10:30", "11:00"]);
  });

  it("lights up one of the two 02:30s of a fall-back day: slots are chosen by instant", () => {
    const first = slot("02:30", "2027-10-31T00:30:00.000Z", true);
    const second = slot("02:30", "2027-10-31T01:30:00.000Z", true);
    const chosen = { time: "02:30", startAt: second.start_at };
    expect([first, second].filter((s) => isChosen(s, chosen))).toEqual([second]);
    // a draft saved before instants were kept still matches by wall time
    expect(isChosen(first, { time: "02:30" })).toBe(true);
  });

  it("tells the two 02:30s of the night the clocks go back apart by occurrence and offset", () => {
    const first = slot("02:30", "2027-10-31T00:30:00.000Z", true);
    const second = slot("02:30", "2027-10-31T01:30:00.000Z", true);
    const three = slot("03:00", "2027-10-31T02:00:00.000Z", true);
    // Listed in any order, the earlier instant is the first occurrence.
    expect([second, first, three].map((s) => repeatOf(s, [second, first, three]))).toEqual([
      { first: false, offset: "UTC+1" },
      { first: true, offset: "UTC+2" },
      null,
    ]);
  });

  it("knows which occurrence a chosen instant is, from the zone alone, for 1-hour and 30-minute changes", () => {
    expect(occurrenceOf("2027-10-31T00:30:00.000Z", "02:30", "Europe/Berlin")).toBe("first");
    expect(occurrenceOf("2027-10-31T01:30:00.000Z", "02:30", "Europe/Berlin")).toBe("second");
    expect(occurrenceOf("2027-04-03T15:00:00.000Z", "01:30", "Australia/Lord_Howe")).toBe("second");
    expect(occurrenceOf("2027-04-03T14:30:00.000Z", "01:30", "Australia/Lord_Howe")).toBe("first");
    expect(occurrenceOf("2027-10-31T03:30:00.000Z", "04:30", "Europe/Berlin")).toBeNull();
    expect(occurrenceOf("2027-10-31T07:30:00.000Z", "10:30", "Europe/Moscow")).toBeNull();
  });

  it("reads a slot's UTC offset off its wall time and instant, west, east and half-hour zones alike", () => {
    expect(utcOffsetOf({ time: "23:30", start_at: "2027-04-04T02:30:00.000Z" })).toBe("UTC−3");
    expect(utcOffsetOf({ time: "02:30", start_at: "2027-04-03T15:30:00.000Z" })).toBe("UTC+11");
    expect(utcOffsetOf({ time: "01:30", start_at: "2027-04-03T15:00:00.000Z" })).toBe("UTC+10:30");
    expect(utcOffsetOf({ time: "10:00", start_at: "2027-04-03T10:00:00.000Z" })).toBe("UTC+0");
  });

  it("books the chosen instant, or the wall time for an older draft", () => {
    const draft = { ...emptyDraft(3, 0), date: "2027-10-31", time: "02:30" };
    expect(appointmentOf(draft)).toBe("2027-10-31T02:30");
    expect(draftToBody({ ...draft, startAt: "2027-10-31T01:30:00.000Z" })?.appointment_datetime).toBe("2027-10-31T01:30:00.000Z");
    expect(appointmentOf({ ...draft, time: null })).toBeUndefined();
  });
});

describe("masters", () => {
  it("draws initials and a stable colour when there is no photo", () => {
    expect(initials("Анна Смирнова")).toBe("АС");
    expect(initials("  Cher ")).toBe("C");
    expect(avatarHue(5)).toBe(avatarHue(5));
    expect(avatarHue(1)).not.toBe(avatarHue(2));
  });

  it("links the salon's own map link, else a map search for its address, else nothing", () => {
    expect(mapHref({ address: "Москва, ул. Покровка, 12", map_url: "https://yandex.ru/maps/-/x" })).toBe("https://yandex.ru/maps/-/x");
    expect(mapHref({ address: "Москва, ул. Покровка, 12" })).toBe(`https://yandex.ru/maps/?text=${encodeURIComponent("Москва, ул. Покровка, 12")}`);
    expect(mapHref({ address: null, map_url: null })).toBeNull();
  });
});
