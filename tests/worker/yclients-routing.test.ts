// Hybrid routing of services linked to YClients: free times from YClients'
// book_times, bookings sent to the widget, and the salon's fallback setting
// deciding what happens while YClients is down.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { COMPANY_ID, requestsTo, setMode, fake } from "../yclients/fake-control.js";
import { call } from "./client.js";
import { book, moscow, newCustomer, salonDate, slot, sql } from "./scenario.js";

const WOMENS_HAIRCUT = 1; // linked to YClients service 5147108
const ANNA = 1; // ↔ YClients 1901
const MARIA = 2; // ↔ YClients 1902

/** A coming weekday on which Anna keeps her usual 10:00–19:00 hours. */
function annasWorkday(): string {
  for (let days = 3; days < 14; days++) {
    const date = salonDate(days);
    const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
    if (weekday <= 4) return date;
  }
  throw new Error("no weekday in two weeks");
}

const day = annasWorkday();
const times = (date: string, ...hhmm: string[]) => hhmm.map((time) => ({ time, seance_length: 3600, sum_length: 3600, datetime: `${date}T${time}:00+03:00` }));
const annaTimes = `/book_times/${COMPANY_ID}/1901/${day}`;
const slotsOf = (query: string) => call("GET", `/api/v1/booking/time-slots/${WOMENS_HAIRCUT}?${query}`);

async function withoutFallback<T>(run: () => Promise<T>): Promise<T> {
  await sql("update salon_settings set yclients_fallback = 0 where id = 1");
  try {
    return await run();
  } finally {
    await sql("update salon_settings set yclients_fallback = 1 where id = 1");
  }
}

describe("hybrid routing for a linked service", () => {
  beforeAll(async () => {
    await fake("PUT", "/__fake/book_times", { staff_id: 1901, date: day, times: times(day, "10:00", "11:00", "14:30") });
    await fake("PUT", "/__fake/book_times", { staff_id: 1902, date: day, times: times(day, "11:00", "16:00") });
  });
  afterEach(async () => {
    await setMode(annaTimes, "ok");
    await setMode(`/company/${COMPANY_ID}`, "ok", { match: "exact" });
  });

  it("answers time-slots from YClients' book_times in our slot shape", async () => {
    const res = await slotsOf(`staff_id=${ANNA}&date=${day}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ service_id: WOMENS_HAIRCUT, staff_id: ANNA, source: "yclients", date: day, time_zone: "Europe/Moscow" });
    expect(res.body.slots).toEqual([
      { time: "10:00", start_at: moscow(day, "10:00"), available: true, duration: 60 },
      { time: "11:00", start_at: moscow(day, "11:00"), available: true, duration: 60 },
      { time: "14:30", start_at: moscow(day, "14:30"), available: true, duration: 60 },
    ]);
    const [seen] = (await requestsTo(annaTimes)).slice(-1);
    expect(seen!.query["service_ids[]"]).toEqual(["5147108"]);
    expect(seen!.accept).toBe("application/vnd.yclients.v2+json");
    expect(seen!.authorization).toBe("Bearer fake-partner-token, User fake-user-token");
  });

  it("merges masters for any master, listing who is free at each time", async () => {
    const res = await slotsOf(`staff_id=any&date=${day}`);
    expect(res.body.source).toBe("yclients");
    expect(res.body.slots.map((s: { time: string; staff_ids: number[] }) => [s.time, s.staff_ids])).toEqual([
      ["10:00", [ANNA]],
      ["11:00", [ANNA, MARIA]],
      ["14:30", [ANNA]],
      ["16:00", [MARIA]],
    ]);
  });

  it("falls back to our own schedule when YClients fails, if the salon allows it", async () => {
    await setMode(annaTimes, "http_500");
    const res = await slotsOf(`staff_id=${ANNA}&date=${day}`);
    expect(res.status).toBe(200);
    expect(res.body.source).toBe("internal_fallback");
    expect(res.body.slots.find((s: { time: string }) => s.time === "10:00")).toMatchObject({ available: true, duration: 60 });
    expect(res.body.slots.find((s: { time: string }) => s.time === "14:00")).toMatchObject({ available: false, reason: "break" });
  });

  it("does not ask for free times while YClients is known to be down", async () => {
    await setMode(`/company/${COMPANY_ID}`, "http_500", { match: "exact" });
    const before = (await requestsTo(annaTimes)).length;
    const res = await slotsOf(`staff_id=${ANNA}&date=${day}`);
    expect(res.body.source).toBe("internal_fallback");
    expect((await requestsTo(annaTimes)).length).toBe(before);
  });

  it("falls back when YClients is too slow to answer", async () => {
    await setMode(annaTimes, "slow", { delay_ms: 4000 });
    const res = await slotsOf(`staff_id=${ANNA}&date=${day}`);
    expect(res.body.source).toBe("internal_fallback");
  });

  it("answers 503 yclients_unavailable when YClients is down and the salon allows no fallback", async () => {
    await setMode(annaTimes, "http_500");
    const res = await withoutFallback(() => slotsOf(`staff_id=${ANNA}&date=${day}`));
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("yclients_unavailable");
    expect(res.body.error.message).toMatch(/Онлайн-запись/);
    expect(res.headers.get("retry-after")).toBe("60");
    expect(res.body.error.details.phone).toMatch(/^\+\d+$/);
  });

  it("sends a booking of a linked service to the widget while YClients answers", async () => {
    const customer = await newCustomer();
    const res = await book(customer.token, { service_id: WOMENS_HAIRCUT, staff_id: ANNA, appointment_datetime: slot(day, "11:00") });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "book_via_yclients", details: { service_id: WOMENS_HAIRCUT } });
  });

  it("books a linked service with our engine while YClients is down and fallback is allowed, else 503", async () => {
    await setMode(`/company/${COMPANY_ID}`, "http_500", { match: "exact" });
    const customer = await newCustomer();
    const refused = await withoutFallback(() => book(customer.token, { service_id: WOMENS_HAIRCUT, staff_id: ANNA, appointment_datetime: slot(day, "12:00") }));
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe("yclients_unavailable");
    const res = await book(customer.token, { service_id: WOMENS_HAIRCUT, staff_id: ANNA, appointment_datetime: slot(day, "12:00") });
    expect(res.status).toBe(201);
    expect(res.body.booking).toMatchObject({ channel: "internal", status: "pending", service: { id: WOMENS_HAIRCUT }, start_at: moscow(day, "12:00") });
  });

  it("keeps services that are not linked on our engine without asking YClients", async () => {
    const before = (await requestsTo("/book_times/")).length;
    const res = await call("GET", `/api/v1/booking/time-slots/3?staff_id=${ANNA}&date=${day}`);
    expect(res.body.source).toBe("internal");
    expect((await requestsTo("/book_times/")).length).toBe(before);
  });
});
