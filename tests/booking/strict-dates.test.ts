// The one strict reader of dates and date-times that come from clients and
// webhooks: real calendar days, hours 00–23, offsets within ±14:00, years a
// salon can mean; and appointment times read as the instant that was named.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { readAppointment } from "../../worker/booking/appointment.js";
import { parseCalendarDate, parseDateTime } from "../../worker/booking/zoned-time.js";
import { mapRecord } from "../../worker/yclients/mapping.js";
import { YcRecord } from "../../worker/yclients/schemas.js";

describe("parseCalendarDate", () => {
  it.each(["2026-11-31", "2025-02-30", "2026-02-29", "2026-13-01", "2026-00-10", "2026-12-00", "0000-01-01", "0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01", "2026-1-01", "２０２６-12-01", " 2026-12-01", ""])(
    "refuses %j",
    (text) => expect(parseCalendarDate(text)).toBeNull(),
  );

  it("reads real days, leap days included, from 2000 to 2100", () => {
    expect(parseCalendarDate("2028-02-29")).toEqual({ y: 2028, m: 2, d: 29 });
    expect(parseCalendarDate("2000-02-29")).toEqual({ y: 2000, m: 2, d: 29 });
    expect(parseCalendarDate("2100-02-29")).toBeNull();
    expect(parseCalendarDate("2100-12-31")).toEqual({ y: 2100, m: 12, d: 31 });
  });
});

describe("parseDateTime", () => {
  it.each([
    "2026-11-31T12:00+03:00",
    "2025-02-30T10:00",
    "2026-12-01T24:00",
    "2026-12-01T23:60",
    "2026-12-01T10:00:60",
    "2026-12-01T10:00+15:00",
    "2026-12-01T10:00+03:60",
    "2026-12-01T10:00+03",
    "2026-12-01T10:00:00.1234Z",
    "2026-12-01 10:00",
    "0000-01-01T00:00Z",
    "9999-12-31T23:59:59.999Z",
    "2026-12-01",
    "2026-12-01T10:00Z ",
  ])("refuses %j", (text) => expect(parseDateTime(text)).toBeNull());

  it("reads wall times and offsets without Date.parse", () => {
    expect(parseDateTime("2026-12-01T10:00")).toEqual({ date: "2026-12-01", hour: 10, minute: 0, second: 0, millis: 0, offsetMin: null });
    expect(parseDateTime("2026-12-01T10:00:05.5-03:30")).toEqual({ date: "2026-12-01", hour: 10, minute: 0, second: 5, millis: 500, offsetMin: -210 });
    expect(parseDateTime("2026-12-01T00:00Z")?.offsetMin).toBe(0);
  });
});

describe("readAppointment", () => {
  it("refuses 2026-11-31 with an offset instead of booking 1 December", () => {
    expect(readAppointment("2026-11-31T12:00+03:00", "Europe/Moscow")).toBe("invalid_datetime");
  });

  it("reads an instant in the repeated hour as that instant, not the first 02:30", () => {
    const second = readAppointment("2027-10-31T02:30+01:00", "Europe/Berlin");
    expect(second).toMatchObject({ date: "2027-10-31", time: "02:30", exact: true });
    expect(typeof second !== "string" && second.instant.toISOString()).toBe("2027-10-31T01:30:00.000Z");
    const first = readAppointment("2027-10-31T02:30+02:00", "Europe/Berlin");
    expect(typeof first !== "string" && first.instant.toISOString()).toBe("2027-10-31T00:30:00.000Z");
    // Without an offset the wall time means its first occurrence.
    const wall = readAppointment("2027-10-31T02:30", "Europe/Berlin");
    expect(wall).toMatchObject({ exact: false });
    expect(typeof wall !== "string" && wall.instant.toISOString()).toBe("2027-10-31T00:30:00.000Z");
  });

  it("refuses a wall time the clocks skip", () => {
    expect(readAppointment("2027-03-28T02:30", "Europe/Berlin")).toBe("nonexistent_local_time");
  });
});

describe("YClients dates", () => {
  const record = (fields: Record<string, unknown>) =>
    v.parse(YcRecord, { id: 1, staff_id: 1901, services: [{ id: 1, cost: 100 }], length: 3600, ...fields });

  it("refuses a record dated 2025-02-30 instead of moving it to March", () => {
    expect(mapRecord(record({ datetime: "2025-02-30T10:00:00+03:00", date: "2025-02-30 10:00:00" }), "Europe/Moscow")).toEqual({ error: "record 1 has no readable datetime" });
  });

  it("still reads YClients' own spellings", () => {
    expect(mapRecord(record({ datetime: "2025-01-15T10:00:00+0300" }), "Europe/Moscow")).toMatchObject({ startAt: "2025-01-15T07:00:00.000Z" });
    expect(mapRecord(record({ date: "2025-01-15 10:00:00" }), "Europe/Moscow")).toMatchObject({ startAt: "2025-01-15T07:00:00.000Z" });
  });

  it("refuses record ids that are not safe integers", () => {
    expect(v.safeParse(YcRecord, { id: 1e300 }).success).toBe(false);
    expect(v.safeParse(YcRecord, { id: 1.5 }).success).toBe(false);
    expect(v.safeParse(YcRecord, { id: "1e300" }).success).toBe(false);
    expect(v.safeParse(YcRecord, { id: "9007199254740993" }).success).toBe(false);
    expect(v.parse(YcRecord, { id: "12345" }).id).toBe(12345);
  });
});

describe("YClients phones", () => {
  it("flags a phone that reads as nothing instead of keeping it silently empty", () => {
    const mapped = mapRecord(v.parse(YcRecord, { id: 2, staff_id: 1901, length: 3600, datetime: "2025-01-15T10:00:00+03:00", client: { phone: "🙂" } }), "Europe/Moscow");
    expect(mapped).toMatchObject({ client: { phone: null }, phoneUnreadable: true });
    const fine = mapRecord(v.parse(YcRecord, { id: 3, staff_id: 1901, length: 3600, datetime: "2025-01-15T10:00:00+03:00", client: { phone: "79991234567" } }), "Europe/Moscow");
    expect(fine).toMatchObject({ client: { phone: "+79991234567" }, phoneUnreadable: false });
  });
});
