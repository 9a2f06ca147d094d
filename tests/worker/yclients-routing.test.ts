// Hybrid routing of services linked to YClients: free times from YClients'
// book_times, bookings sent to the widget, and the salon's fallback setting
// deciding what happens while YClients is down.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import worker from "../../worker/index.js";
import { COMPANY_ID, fakeScope, requestsTo, setMode, fake } from "../yclients/fake-control.js";
import { call } from "./client.js";
import { moscow, newCustomer, newKey, salonDate, slot, sql } from "./scenario.js";

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
// Its own scope of the fake: the outages it switches on (the company probe,
// Anna's free times) would send other files' linked services to our engine.
const scope = fakeScope("routing");
const companyPath = `${scope.prefix}/company/${COMPANY_ID}`;
const annaTimes = `${scope.prefix}/book_times/${COMPANY_ID}/1901/${day}`;
const slotsOf = (query: string) => call("GET", `/api/v1/booking/time-slots/${WOMENS_HAIRCUT}?${query}`, { env: scope.env });
const book = (token: string, body: Record<string, unknown>) =>
  call("POST", "/api/v1/bookings", { token, body, headers: { "idempotency-key": newKey() }, env: scope.env });

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
    await setMode(companyPath, "ok", { match: "exact" });
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
    await setMode(companyPath, "http_500", { match: "exact" });
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
    await setMode(companyPath, "http_500", { match: "exact" });
    const customer = await newCustomer();
    const refused = await withoutFallback(() => book(customer.token, { service_id: WOMENS_HAIRCUT, staff_id: ANNA, appointment_datetime: slot(day, "12:00") }));
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe("yclients_unavailable");
    const res = await book(customer.token, { service_id: WOMENS_HAIRCUT, staff_id: ANNA, appointment_datetime: slot(day, "12:00") });
    expect(res.status).toBe(201);
    expect(res.body.booking).toMatchObject({ channel: "internal", status: "pending", service: { id: WOMENS_HAIRCUT }, start_at: moscow(day, "12:00") });
  });

  it("a 429 from book_times is not an outage: 503 with YClients' Retry-After, never our engine", async () => {
    await setMode(annaTimes, "http_429", { retry_after: 7 });
    const res = await slotsOf(`staff_id=${ANNA}&date=${day}`);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("yclients_unavailable");
    expect(res.headers.get("retry-after")).toBe("7");
  });

  it("another 4xx from book_times is not an outage either", async () => {
    await setMode(annaTimes, "unauthorized");
    const res = await slotsOf(`staff_id=${ANNA}&date=${day}`);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("yclients_unavailable");
  });

  it("a rate-limited probe is not an outage: times still come from YClients and bookings go to its form", async () => {
    await setMode(companyPath, "http_429", { match: "exact", retry_after: 5 });
    const res = await slotsOf(`staff_id=${ANNA}&date=${day}`);
    expect(res.status).toBe(200);
    expect(res.body.source).toBe("yclients");
    const customer = await newCustomer();
    const booked = await book(customer.token, { service_id: WOMENS_HAIRCUT, staff_id: ANNA, appointment_datetime: slot(day, "10:00") });
    expect(booked.status).toBe(409);
    expect(booked.body.error.code).toBe("book_via_yclients");
  });

  it("many anonymous time-slot reads of one master's day cost one YClients call", async () => {
    // The tests' stack keeps nothing (YCLIENTS_TIMES_TTL_MS=0, so failures can be switched per test); here the default 30 s.
    const kept = { ...scope.env, YCLIENTS_TIMES_TTL_MS: "30000" };
    const date = salonDate(20);
    const path = `${scope.prefix}/book_times/${COMPANY_ID}/1902/${date}`;
    await fake("PUT", "/__fake/book_times", { staff_id: 1902, date, times: times(date, "12:00") });
    const read = async () => {
      const ctx = createExecutionContext();
      const res = await worker.fetch!(new Request(`http://salon.test/api/v1/booking/time-slots/${WOMENS_HAIRCUT}?staff_id=${MARIA}&date=${date}`) as never, kept, ctx);
      await waitOnExecutionContext(ctx);
      return res.json<{ source: string; slots: { time: string }[] }>();
    };
    const before = (await requestsTo(path)).length;
    const answers = [...(await Promise.all(Array.from({ length: 10 }, read))), await read(), await read()];
    for (const answer of answers) expect(answer).toMatchObject({ source: "yclients", slots: [{ time: "12:00" }] });
    expect((await requestsTo(path)).length - before).toBe(1);
  });

  it("keeps services that are not linked on our engine without asking YClients", async () => {
    const before = (await requestsTo(`${scope.prefix}/book_times/`)).length;
    const res = await call("GET", `/api/v1/booking/time-slots/3?staff_id=${ANNA}&date=${day}`, { env: scope.env });
    expect(res.body.source).toBe("internal");
    expect((await requestsTo(`${scope.prefix}/book_times/`)).length).toBe(before);
  });
});
