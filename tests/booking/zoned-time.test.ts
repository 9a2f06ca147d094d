import { describe, expect, it } from "vitest";
import {
  addDays,
  dayClock,
  dayOfWeek,
  formatMinutes,
  instantToWall,
  minutesOf,
  wallMinutesToMs,
  wallMinutesToMsAtOrAfter,
  wallTimeToInstant,
} from "../../worker/booking/zoned-time.js";

const iso = (date: Date | null) => date?.toISOString() ?? null;

describe("wallTimeToInstant", () => {
  it("converts Moscow wall time at a fixed UTC+3", () => {
    expect(iso(wallTimeToInstant("2026-11-26", "10:00", "Europe/Moscow"))).toBe("2026-11-26T07:00:00.000Z");
    expect(iso(wallTimeToInstant("2026-07-01", "10:00", "Europe/Moscow"))).toBe("2026-07-01T07:00:00.000Z");
    expect(iso(wallTimeToInstant("2026-11-26", "01:30", "Europe/Moscow"))).toBe("2026-11-25T22:30:00.000Z");
  });

  it("returns null for a wall time inside the Berlin spring-forward gap", () => {
    expect(wallTimeToInstant("2026-03-29", "02:00", "Europe/Berlin")).toBeNull();
    expect(wallTimeToInstant("2026-03-29", "02:30", "Europe/Berlin")).toBeNull();
    expect(wallTimeToInstant("2026-03-29", "02:59", "Europe/Berlin")).toBeNull();
  });

  it("converts the wall times around the Berlin spring-forward gap", () => {
    expect(iso(wallTimeToInstant("2026-03-29", "01:59", "Europe/Berlin"))).toBe("2026-03-29T00:59:00.000Z");
    expect(iso(wallTimeToInstant("2026-03-29", "03:00", "Europe/Berlin"))).toBe("2026-03-29T01:00:00.000Z");
  });

  it("picks the earlier instant for an ambiguous Berlin fall-back time", () => {
    expect(iso(wallTimeToInstant("2026-10-25", "02:00", "Europe/Berlin"))).toBe("2026-10-25T00:00:00.000Z");
    expect(iso(wallTimeToInstant("2026-10-25", "02:30", "Europe/Berlin"))).toBe("2026-10-25T00:30:00.000Z");
    expect(iso(wallTimeToInstant("2026-10-25", "03:00", "Europe/Berlin"))).toBe("2026-10-25T02:00:00.000Z");
  });

  it("handles New York's gap and overlap at the other side of UTC", () => {
    expect(wallTimeToInstant("2026-03-08", "02:30", "America/New_York")).toBeNull();
    expect(iso(wallTimeToInstant("2026-03-08", "03:00", "America/New_York"))).toBe("2026-03-08T07:00:00.000Z");
    expect(iso(wallTimeToInstant("2026-11-01", "01:30", "America/New_York"))).toBe("2026-11-01T05:30:00.000Z");
  });

  it("handles half-hour DST shifts and quarter-hour offsets", () => {
    expect(wallTimeToInstant("2026-10-04", "02:15", "Australia/Lord_Howe")).toBeNull();
    expect(iso(wallTimeToInstant("2026-04-05", "01:45", "Australia/Lord_Howe"))).toBe("2026-04-04T14:45:00.000Z");
    expect(iso(wallTimeToInstant("2026-11-26", "12:45", "Asia/Kathmandu"))).toBe("2026-11-26T07:00:00.000Z");
  });

  it("reads 24:00 as midnight at the start of the next day", () => {
    expect(iso(wallTimeToInstant("2026-11-26", "24:00", "Europe/Moscow"))).toBe("2026-11-26T21:00:00.000Z");
  });

  it("rejects malformed dates and times", () => {
    expect(() => wallTimeToInstant("2026-02-30", "10:00", "Europe/Moscow")).toThrow(RangeError);
    expect(() => wallTimeToInstant("2026-11-26", "10:00:00", "Europe/Moscow")).toThrow(RangeError);
    expect(() => wallTimeToInstant("2026-11-26", "10:00", "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("wallMinutesToMsAtOrAfter", () => {
  it("moves a boundary inside the gap to the moment of the transition", () => {
    const at = (date: string, time: string, zone: string) =>
      new Date(wallMinutesToMsAtOrAfter(date, minutesOf(time), zone)).toISOString();
    expect(at("2026-03-29", "02:30", "Europe/Berlin")).toBe("2026-03-29T01:00:00.000Z");
    expect(at("2026-03-08", "02:00", "America/New_York")).toBe("2026-03-08T07:00:00.000Z");
    expect(at("2026-10-04", "02:15", "Australia/Lord_Howe")).toBe("2026-10-03T15:30:00.000Z");
    expect(at("2026-03-29", "01:30", "Europe/Berlin")).toBe("2026-03-29T00:30:00.000Z");
  });
});

describe("instantToWall", () => {
  it("gives date, time and Monday-based weekday in Moscow", () => {
    expect(instantToWall(new Date("2026-11-26T07:00:00.000Z"), "Europe/Moscow")).toEqual({
      date: "2026-11-26",
      time: "10:00",
      dayOfWeek: 3,
    });
    expect(instantToWall(new Date("2026-11-22T21:00:00.000Z"), "Europe/Moscow")).toEqual({
      date: "2026-11-23",
      time: "00:00",
      dayOfWeek: 0,
    });
  });

  it("shows both sides of the Berlin fall-back hour", () => {
    expect(instantToWall(new Date("2026-10-25T00:30:00.000Z"), "Europe/Berlin").time).toBe("02:30");
    expect(instantToWall(new Date("2026-10-25T01:30:00.000Z"), "Europe/Berlin").time).toBe("02:30");
  });

  it("round-trips every existing quarter hour of a DST day", () => {
    for (const date of ["2026-03-29", "2026-10-25"]) {
      for (let m = 0; m < 1440; m += 15) {
        const instant = wallTimeToInstant(date, formatMinutes(m), "Europe/Berlin");
        if (instant) expect(instantToWall(instant, "Europe/Berlin")).toMatchObject({ date, time: formatMinutes(m) });
      }
    }
  });
});

describe("calendar helpers", () => {
  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDays("2026-11-30", 1)).toBe("2026-12-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-03-28", 2)).toBe("2026-03-30");
  });

  it("numbers weekdays from Monday = 0 to Sunday = 6", () => {
    expect(dayOfWeek("2026-11-23")).toBe(0);
    expect(dayOfWeek("2026-11-26")).toBe(3);
    expect(dayOfWeek("2026-11-29")).toBe(6);
  });

  it("converts between HH:MM and minutes", () => {
    expect(minutesOf("00:00")).toBe(0);
    expect(minutesOf("13:45")).toBe(825);
    expect(minutesOf("24:00")).toBe(1440);
    expect(formatMinutes(825)).toBe("13:45");
    expect(formatMinutes(5)).toBe("00:05");
    expect(() => minutesOf("24:30")).toThrow(RangeError);
    expect(() => minutesOf("9:00")).toThrow(RangeError);
    expect(() => minutesOf("10:60")).toThrow(RangeError);
    expect(() => formatMinutes(1441)).toThrow(RangeError);
  });
});

describe("dayClock", () => {
  it("agrees with the general conversion on every quarter hour around DST changes", () => {
    const cases: [string, string][] = [
      ["Europe/Berlin", "2026-03-26"],
      ["Europe/Berlin", "2026-10-22"],
      ["America/New_York", "2026-03-05"],
      ["America/New_York", "2026-10-29"],
      ["Australia/Lord_Howe", "2026-10-01"],
      ["Europe/Moscow", "2026-11-23"],
    ];
    for (const [zone, from] of cases) {
      for (let d = 0; d < 7; d++) {
        const date = addDays(from, d);
        const clock = dayClock(date, zone);
        for (let m = 0; m <= 1440; m += 15) {
          expect(clock.toMs(m), `${zone} ${date} ${formatMinutes(m)}`).toBe(wallMinutesToMs(date, m, zone));
          expect(clock.atOrAfter(m)).toBe(wallMinutesToMsAtOrAfter(date, m, zone));
        }
      }
    }
  });
});
