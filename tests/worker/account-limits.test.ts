// A customer's bookings go to the account's verified phone, and one account
// holds only so many future bookings, held bookings and waitlist entries
// (salon settings, defaults 5, 2 and 5).
import { describe, expect, it } from "vitest";
import { call } from "./client.js";
import { adminToken, book, moscow, newCustomer, newMaster, salonDate, slot, sql } from "./scenario.js";

const HAIRCUT = 3;
const MASSAGE = 8;
const times = ["10:00", "11:00", "12:00", "13:00", "15:00", "16:00", "17:00"];
const outboxOf = async (phone: string) => (await call("GET", `/api/v1/dev/outbox?phone=${encodeURIComponent(phone)}`)).body.messages as { kind: string }[];
const bookingsOf = async (userId: number) => Number((await sql("select count(*) as n from bookings where user_id = ?", [userId])).rows[0]!.n);

describe("the phone a booking's messages go to", () => {
  it("refuses a customer's booking for another number, and books nothing", async () => {
    const master = await newMaster();
    const customer = await newCustomer();
    const other = await newCustomer();
    const res = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(2), "10:00"), phone: other.phone });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "phone_not_own", details: { phone: customer.phone } });
    expect(await bookingsOf(customer.id)).toBe(0);
    expect((await outboxOf(other.phone)).filter((m) => m.kind !== "otp")).toHaveLength(0);
  });

  it("books a customer who writes their own phone another way, with the account's phone", async () => {
    const master = await newMaster();
    const customer = await newCustomer();
    const written = `8${customer.phone.slice(2)}`;
    const res = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(2), "11:00"), phone: written });
    expect(res.status).toBe(201);
    expect(res.body.booking.phone).toBe(customer.phone);
  });

  it("lets staff book for another number, only of a country the salon serves", async () => {
    const master = await newMaster();
    const token = await adminToken();
    const client = await newCustomer();
    const booked = await book(token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(2), "12:00"), phone: client.phone, customer_name: "Клиентка" });
    expect(booked.status).toBe(201);
    expect(booked.body.booking.phone).toBe(client.phone);
    const abroad = await book(token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(2), "13:00"), phone: "+380501234567" });
    expect(abroad.status).toBe(422);
    expect(abroad.body.error.code).toBe("phone_country_not_served");
  });
});

describe("per-account caps", () => {
  it("refuses a sixth upcoming booking with too_many_active_bookings until one is cancelled", async () => {
    const master = await newMaster();
    const customer = await newCustomer();
    const date = salonDate(3);
    const ids: number[] = [];
    for (const time of times.slice(0, 5)) {
      const res = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(date, time) });
      expect(res.status).toBe(201);
      ids.push(res.body.booking.id);
    }
    const sixth = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(date, times[5]!) });
    expect(sixth.status).toBe(409);
    expect(sixth.body.error).toMatchObject({ code: "too_many_active_bookings", details: { active: 5, limit: 5 } });
    expect(await bookingsOf(customer.id)).toBe(5);
    // The slot was not taken either.
    const day = await call("GET", `/api/v1/booking/time-slots/${HAIRCUT}?staff_id=${master.id}&date=${date}`);
    expect(day.body.slots.find((s: { start_at: string }) => s.start_at === moscow(date, times[5]!))?.available).toBe(true);

    expect((await call("PATCH", `/api/v1/bookings/${ids[0]}`, { token: customer.token, body: { action: "cancel" } })).status).toBe(200);
    expect((await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(date, times[5]!) })).status).toBe(201);
  });

  it("does not cap staff booking for their clients", async () => {
    const master = await newMaster();
    const token = await adminToken();
    const client = await newCustomer();
    for (const time of times.slice(0, 6)) {
      const res = await book(token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(4), time), phone: client.phone });
      expect(res.status).toBe(201);
    }
  });

  it("refuses a third held booking with too_many_held_bookings", async () => {
    const master = await newMaster({ services: [MASSAGE] });
    const customer = await newCustomer();
    for (const time of times.slice(0, 2)) {
      const res = await book(customer.token, { service_id: MASSAGE, staff_id: master.id, appointment_datetime: slot(salonDate(5), time) });
      expect(res.body.booking.status).toBe("held");
    }
    const third = await book(customer.token, { service_id: MASSAGE, staff_id: master.id, appointment_datetime: slot(salonDate(5), times[2]!) });
    expect(third.status).toBe(409);
    expect(third.body.error).toMatchObject({ code: "too_many_held_bookings", details: { held: 2, limit: 2 } });
    expect(await bookingsOf(customer.id)).toBe(2);
  });

  it("counts a visit's services against the cap, all or nothing", async () => {
    const master = await newMaster({ services: [HAIRCUT, 6] });
    const customer = await newCustomer();
    const date = salonDate(6);
    for (const time of times.slice(0, 4)) {
      expect((await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(date, time) })).status).toBe(201);
    }
    const visit = await call("POST", "/api/v1/visits", {
      token: customer.token,
      headers: { "idempotency-key": `cap-visit-${customer.id}` },
      body: { items: [{ service_id: HAIRCUT, staff_id: master.id }, { service_id: 6, staff_id: master.id }], appointment_datetime: slot(salonDate(7), "10:00") },
    });
    expect(visit.status).toBe(409);
    expect(visit.body.error.code).toBe("too_many_active_bookings");
    expect(await bookingsOf(customer.id)).toBe(4);
  });

  it("refuses a sixth open waitlist entry, but joining again with the same wishes is the same entry", async () => {
    const customer = await newCustomer();
    const join = (days: number) => call("POST", "/api/v1/waitlist", { token: customer.token, body: { service_id: HAIRCUT, date: salonDate(days) } });
    for (let days = 1; days <= 5; days++) expect((await join(days)).status).toBe(201);
    const sixth = await join(6);
    expect(sixth.status).toBe(409);
    expect(sixth.body.error).toMatchObject({ code: "too_many_waitlist_entries", details: { waiting: 5, limit: 5 } });
    expect((await join(3)).status).toBe(200);
  });
});
