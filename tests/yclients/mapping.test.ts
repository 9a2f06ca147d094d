// Record → booking facts: attendance, time zones, lengths, phones, fixtures.
import { readFileSync } from "node:fs";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { mapRecord, statusOf } from "../../worker/yclients/mapping.js";
import { WebhookEvent, YcRecord } from "../../worker/yclients/schemas.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));
const recordOf = (name: string) => v.parse(YcRecord, v.parse(WebhookEvent, fixture(name)).data);

describe("YClients record mapping", () => {
  it.each([
    [2, false, "confirmed"],
    [0, false, "pending"],
    [1, false, "completed"],
    [-1, false, "no_show"],
    [2, true, "cancelled"],
  ] as const)("attendance %i (deleted: %s) is %s", (attendance, deleted, status) => {
    expect(statusOf(attendance, deleted)).toBe(status);
  });

  it("reads the documented create event: salon offset to UTC, seconds to an end, phone to E.164", () => {
    const mapped = mapRecord(recordOf("webhook-record-create.json"), "Europe/Moscow");
    expect(mapped).toEqual({
      recordId: 880011223,
      ycStaffId: 1901,
      ycServiceIds: [5147108],
      startAt: "2025-01-15T07:00:00.000Z",
      endAt: "2025-01-15T08:00:00.000Z",
      status: "pending",
      deleted: false,
      client: { name: "Иван Иванов", phone: "+79991234567", email: "ivan@example.com" },
      phoneUnreadable: false,
      notes: "Комментарий от клиента",
      priceTotalMinor: 250000,
      lastChange: "2025-01-10T15:42:05.000Z",
      resourceInstanceIds: [],
    });
  });

  it("marks the delete and attended events", () => {
    expect(mapRecord(recordOf("webhook-record-delete.json"), "Europe/Moscow")).toMatchObject({ status: "cancelled", deleted: true });
    expect(mapRecord(recordOf("webhook-record-attended.json"), "Europe/Moscow")).toMatchObject({ status: "completed" });
  });

  it("reads `date` as salon wall time, never as UTC, when datetime is missing", () => {
    const record = { ...recordOf("webhook-record-create.json"), datetime: null };
    expect(mapRecord(record, "Europe/Moscow")).toMatchObject({ startAt: "2025-01-15T07:00:00.000Z" });
    expect(mapRecord(record, "Asia/Yekaterinburg")).toMatchObject({ startAt: "2025-01-15T05:00:00.000Z" });
  });

  it("takes the top-level staff_id over the nested staff object", () => {
    const [, second] = fixture("records-page.json").data.map((r: unknown) => v.parse(YcRecord, r));
    expect(mapRecord(second, "Europe/Moscow")).toMatchObject({ ycStaffId: 1902, endAt: "2025-01-16T14:00:00.000Z" });
  });

  it("refuses a record without a readable time or length", () => {
    const base = recordOf("webhook-record-create.json");
    expect(mapRecord({ ...base, datetime: "soon", date: null }, "Europe/Moscow")).toHaveProperty("error");
    expect(mapRecord({ ...base, length: 0, seance_length: 0 }, "Europe/Moscow")).toHaveProperty("error");
  });

  it("reads attendance first and visit_attendance when attendance is missing", () => {
    const base = recordOf("webhook-record-create.json");
    expect(mapRecord({ ...base, attendance: -1, visit_attendance: 1 }, "Europe/Moscow")).toMatchObject({ status: "no_show" });
    expect(mapRecord({ ...base, attendance: null, visit_attendance: 1 }, "Europe/Moscow")).toMatchObject({ status: "completed" });
  });

  it("tolerates unknown fields and numbers sent as strings", () => {
    const raw = { ...fixture("webhook-record-create.json").data, id: "880011223", attendance: "2", brand_new_field: { x: 1 } };
    expect(mapRecord(v.parse(YcRecord, raw), "Europe/Moscow")).toMatchObject({ recordId: 880011223, status: "confirmed" });
  });
});
