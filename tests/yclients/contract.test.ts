// Every documented payload variant in fixtures/ (copied byte for byte from
// the team's corrected notes) read through the schemas, the mapping and the
// client: string numbers, `+0300` offsets, unix date-times, `client: null`,
// display_name/surname, phones as numbers, `meta: []`, errors without
// `success`, sparse webhooks and resources we ignore.
import { readFileSync } from "node:fs";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { YClientsClient, YClientsError } from "../../worker/yclients/client.js";
import type { YcConfig } from "../../worker/yclients/config.js";
import { mapRecord } from "../../worker/yclients/mapping.js";
import { BookDates, BookRecordAnswer, BookTime, WebhookEvent, YcRecord, YcService, YcStaff } from "../../worker/yclients/schemas.js";
import { ycInstant } from "../../worker/yclients/time.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));
const eventOf = (name: string) => v.parse(WebhookEvent, fixture(name));
const MOSCOW = "Europe/Moscow";

const config: YcConfig = { baseUrl: "http://yclients.invalid/api/v1", companyId: 235564, partnerToken: "p", userToken: "u", formId: null, widgetBaseUrl: null, webhookSecret: null, timeoutMs: 500, timesTtlMs: 0, probeTtlMs: 0 };
/** A client whose every answer is one fixture body with one status. */
const answering = (status: number, body: string) =>
  new YClientsClient(config, { acquire: async () => undefined, maxAttempts: 1, fetch: async () => new Response(body || null, { status }) });

describe("YClients dates", () => {
  it.each([
    ["2025-01-15T10:00:00+03:00", "2025-01-15T07:00:00.000Z"],
    ["2025-01-14T20:35:11+0300", "2025-01-14T17:35:11.000Z"],
    ["2025-01-15T07:00:00Z", "2025-01-15T07:00:00.000Z"],
    [1736947800, "2025-01-15T13:30:00.000Z"],
    ["1736947800", "2025-01-15T13:30:00.000Z"],
    ["2025-01-15 10:00:00", "2025-01-15T07:00:00.000Z"],
  ])("reads %s", (value, instant) => {
    expect(ycInstant(value, MOSCOW)).toBe(instant);
  });

  it.each(["2025-02-30 10:00:00", "2025-02-30T10:00:00+03:00", "2025-01-15T24:00:00+03:00", "0001-01-01T10:00:00+03:00", "9999-12-31T10:00:00+03:00", "soon", "", 1e300, 12])("refuses %s", (value) => {
    expect(ycInstant(value as string | number, MOSCOW)).toBeNull();
  });

  it("never reads wall time without a zone", () => {
    expect(ycInstant("2025-01-15 10:00:00")).toBeNull();
  });
});

describe("record payloads", () => {
  it("records-page: two records and meta.total_count", () => {
    const page = fixture("records-page.json");
    const records = v.parse(v.array(YcRecord), page.data);
    expect(records.map((r) => mapRecord(r, MOSCOW))).toMatchObject([
      { recordId: 880011223, ycStaffId: 1901, startAt: "2025-01-15T07:00:00.000Z", endAt: "2025-01-15T08:00:00.000Z", client: { phone: "+79991234567" } },
      { recordId: 880011299, ycStaffId: 1902, startAt: "2025-01-16T12:30:00.000Z", endAt: "2025-01-16T14:00:00.000Z" },
    ]);
    expect(page.meta.total_count).toBe(2);
  });

  it("record-get: phone as a number, +0300 stamps, display_name, string visit_id, attendance 1", () => {
    const record = v.parse(YcRecord, fixture("record-get.json").data);
    expect(mapRecord(record, MOSCOW)).toEqual({
      recordId: 880011223,
      ycStaffId: 1901,
      ycServiceIds: [5147108],
      startAt: "2025-01-15T09:00:00.000Z",
      endAt: "2025-01-15T10:00:00.000Z",
      status: "completed",
      deleted: false,
      client: { name: "Иван Иванов", phone: "+79991234567", email: "ivan@example.com" },
      notes: "Комментарий от клиента",
      phoneUnreadable: false,
      priceTotalMinor: 250000,
      lastChange: "2025-01-15T10:05:00.000Z",
      resourceInstanceIds: [],
    });
  });

  it("record-client-null: no client, no services, still a booking", () => {
    const record = v.parse(YcRecord, fixture("record-client-null.json").data);
    expect(mapRecord(record, MOSCOW)).toMatchObject({
      recordId: 880011350,
      ycServiceIds: [],
      client: { name: null, phone: null, email: null },
      priceTotalMinor: 0,
      startAt: "2025-01-16T06:00:00.000Z",
      lastChange: "2025-01-14T17:35:15.000Z",
      resourceInstanceIds: [],
    });
  });

  it("a client with only name and surname is joined; the formatted phone becomes E.164", () => {
    const data = eventOf("webhook-record-create-plus0300.json").data as Record<string, any>;
    const mapped = mapRecord(v.parse(YcRecord, data), MOSCOW);
    expect(mapped).toMatchObject({ client: { name: "Ольга Петрова", phone: "+79991234567", email: null }, lastChange: "2025-01-12T06:30:41.000Z", startAt: "2025-01-17T08:00:00.000Z" });
    const noDisplay = { ...data, client: { ...data.client, display_name: "", name: "Ольга", surname: "Петрова" } };
    expect(mapRecord(v.parse(YcRecord, noDisplay), MOSCOW)).toMatchObject({ client: { name: "Ольга Петрова" } });
  });

  it("a record id too large to be an integer is refused, not stored as a float", () => {
    expect(v.safeParse(YcRecord, { ...fixture("record-get.json").data, id: 1e300 }).success).toBe(false);
  });
});

describe("catalog payloads", () => {
  it("company-services: tidy numbers", () => {
    const services = v.parse(v.array(YcService), fixture("company-services.json").data);
    expect(services.map((s) => [s.id, s.price_min, s.duration, s.staff.length])).toEqual([
      [5147108, 2500, 3600, 2],
      [5147109, 5000, 7200, 1],
    ]);
  });

  it("company-services-official: string numbers, a missing duration, staff [] and image_group []", () => {
    const services = v.parse(v.array(YcService), fixture("company-services-official.json").data);
    expect(services).toMatchObject([
      { id: 5147108, category_id: 301, price_min: 2500, price_max: 3500, active: true, staff: [{ id: 1901, seance_length: 3600 }, { id: 1902, seance_length: 2700 }] },
      { id: 5147109, price_min: 5000, duration: 7200, staff: [] },
    ]);
    expect(services[0]!.duration).toBeUndefined();
  });

  it("company-staff: status, position object or [], numbers as strings", () => {
    const staff = v.parse(v.array(YcStaff), fixture("company-staff.json").data);
    expect(staff).toMatchObject([
      { id: 1901, name: "Анна", fired: false, hidden: false, status: 0 },
      { id: 1902, name: "Мария", fired: false, hidden: false, status: 0 },
    ]);
  });
});

describe("online booking payloads", () => {
  it("book_dates with strings and with unix seconds", () => {
    const strings = v.parse(BookDates, fixture("book_dates.json").data);
    const unix = v.parse(BookDates, fixture("book_dates-unix.json").data);
    expect(strings.booking_days).toEqual({ "1": [15, 17] });
    expect(unix.booking_dates.map((d) => ycInstant(d, MOSCOW))).toEqual(["2025-01-15T00:00:00.000Z", "2025-01-17T00:00:00.000Z"]);
    expect(strings.booking_dates).toEqual(["2025-01-15", "2025-01-17"]);
  });

  it("book_times with and without sum_length, one datetime in unix seconds", () => {
    const times = v.parse(v.array(BookTime), fixture("book_times.json").data);
    expect(times.map((t) => [t.time, t.sum_length, ycInstant(t.datetime, MOSCOW)])).toEqual([
      ["10:00", 3600, "2025-01-15T07:00:00.000Z"],
      ["11:00", 3600, "2025-01-15T08:00:00.000Z"],
      ["14:30", 3600, "2025-01-15T11:30:00.000Z"],
      ["15:30", undefined, "2025-01-15T12:30:00.000Z"],
      ["16:30", undefined, "2025-01-15T13:30:00.000Z"],
    ]);
  });

  it("book_record answer: record id and hash", async () => {
    const { data } = await answering(201, readFileSync(new URL("./fixtures/book_record-response.json", import.meta.url), "utf8")).request("POST", "/book_record/235564", {}, {});
    expect(v.parse(BookRecordAnswer, data)).toEqual([{ id: 1, record_id: 880011224, record_hash: "5b3e0f2a9c" }]);
  });
});

describe("error payloads", () => {
  const raw = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

  it.each([
    ["error-401.json", 401, "unauthorized", "Необходима авторизация"],
    ["error-422.json", 422, "rejected", "Выбранное время уже занято"],
    ["error-404-errors.json", 404, "not_found", "Не найдено"],
  ])("%s → %s %s with its message", async (name, status, kind, message) => {
    const error = (await answering(status, raw(name)).get("/company/235564", v.unknown()).catch((e) => e)) as YClientsError;
    expect(error).toBeInstanceOf(YClientsError);
    expect(error).toMatchObject({ kind, status });
    expect(error.message).toContain(message);
  });

  it("an empty 204 is a success with no data", async () => {
    await expect(answering(204, "").request("DELETE", "/record/235564/1")).resolves.toEqual({ data: null, meta: null });
  });
});

describe("webhook payloads", () => {
  it.each([
    ["webhook-record-create.json", "create", "pending", false],
    ["webhook-record-update.json", "update", "pending", false],
    ["webhook-record-attended.json", "update", "completed", false],
    ["webhook-record-delete.json", "delete", "cancelled", true],
    ["webhook-record-create-plus0300.json", "create", "pending", false],
  ])("%s is a full record event", (name, status, booking, deleted) => {
    const e = eventOf(name);
    expect([e.resource, e.status]).toEqual(["record", status]);
    expect(mapRecord(v.parse(YcRecord, e.data), MOSCOW, { deleted: status === "delete" })).toMatchObject({ recordId: e.resource_id, status: booking, deleted });
  });

  it("sparse record events parse but cannot stand in for the record", () => {
    const update = eventOf("webhook-record-update-sparse.json");
    const sparse = v.parse(YcRecord, update.data);
    expect(sparse).toMatchObject({ id: 880011223, attendance: 1, client: { phone: "79991234567", display_name: "Иван Иванов" } });
    expect(mapRecord(sparse, MOSCOW)).toHaveProperty("error");
    const del = eventOf("webhook-record-delete-sparse.json");
    expect([del.resource, del.status, del.resource_id]).toEqual(["record", "delete", 880011299]);
    expect(v.parse(YcRecord, del.data).id).toBe(880011299);
  });

  it.each(["webhook-client-update.json", "webhook-finances-operation.json"])("%s is another resource", (name) => {
    expect(eventOf(name).resource).not.toBe("record");
  });
});
