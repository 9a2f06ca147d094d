// Abonements on multi-service visits: the holder's abonement pays every item
// it covers (service and master), up to its visits left, each item's visit
// reserved in that item's own write by the guarded statement, so racing
// visits and bookings never take more visits than it has; the other items are
// paid as usual; refusals book nothing and give reserved visits back; a
// once-a-day membership pays one item a day; cancel, completion and no-show
// of an item settle its visit as for a single booking.
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "./client.js";
import { adminToken, book, moscow, newCustomer, newKey, newMaster, salonDate, slot, sql } from "./scenario.js";
import { claimInFlight, releaseInFlight } from "./direct-db.js";

const HAIRCUT = 3; // 1 500 ₽, nothing ahead, 45 min
const MASSAGE = 8; // 3 500 ₽, deposit 1 000 ₽, 60 min
const LONG_DAY = { start: "09:00", end: "21:00", breaks: [] as [string, string][] };

type Item = { id: number; status: string; service: { id: number }; prepayment: { amount_minor: number } | null; money: any };
type VisitAnswer = { id: number; bookings: Item[]; prepayment: { amount_minor: number } | null };

let cut: number;
let massage: number;
let otherCut: number;
let otherMassage: number;
beforeAll(async () => {
  const made = await Promise.all([
    newMaster({ services: [HAIRCUT], hours: LONG_DAY }),
    newMaster({ services: [MASSAGE], hours: LONG_DAY }),
    newMaster({ services: [HAIRCUT], hours: LONG_DAY }),
    newMaster({ services: [MASSAGE], hours: LONG_DAY }),
  ]);
  [cut, massage, otherCut, otherMassage] = made.map((m) => m.id) as [number, number, number, number];
});

/** An abonement of a new type sold at the desk to this phone. */
async function sell(phone: string, type: Record<string, unknown> = {}) {
  const admin = await adminToken();
  const made = await call("POST", "/api/v1/admin/abonement-types", { token: admin, body: { name: "Стрижка и массаж", kind: "visits", visits_count: 3, validity_days: 90, price_minor: 900_000, service_ids: [HAIRCUT, MASSAGE], freeze_max_days: 14, ...type } });
  expect(made.status).toBe(201);
  const sold = await call("POST", "/api/v1/admin/abonements", { token: admin, body: { type_id: made.body.type.id, phone } });
  expect(sold.status).toBe(201);
  return sold.body.abonement as { id: number };
}

/** A haircut, then a massage. */
function bookVisit(token: string, day: number, time: string, extra: Record<string, unknown>, masters = { cut, massage }, key = newKey()) {
  const items = [
    { service_id: HAIRCUT, staff_id: masters.cut },
    { service_id: MASSAGE, staff_id: masters.massage },
  ];
  return call("POST", "/api/v1/visits", { token, body: { items, appointment_datetime: slot(salonDate(day), time), ...extra }, headers: { "idempotency-key": key } });
}

const usesOf = async (abonementId: number) =>
  (await sql("select u.booking_id, u.status, b.status as booking_status from abonement_uses u join bookings b on b.id = u.booking_id where u.abonement_id = ? order by u.id", [abonementId])).rows.map((r) => ({ booking: Number(r.booking_id), status: String(r.status), bookingStatus: String(r.booking_status) }));
const useOf = async (bookingId: number) => (await sql("select status from abonement_uses where booking_id = ?", [bookingId])).rows[0]?.status;
const byService = (visit: VisitAnswer, serviceId: number) => visit.bookings.find((b) => b.service.id === serviceId)!;
const intoThePast = (id: number) => sql("update bookings set start_at = ?, end_at = ? where id = ?", [new Date(Date.now() - 7_200_000).toISOString(), new Date(Date.now() - 3_600_000).toISOString(), id]);
const mark = async (id: number, action: string) => call("PATCH", `/api/v1/bookings/${id}`, { token: await adminToken(), body: { action } });

describe("an abonement on a visit", () => {
  it("pays every item it covers, each with its own reserved visit; nothing is asked ahead", async () => {
    const customer = await newCustomer();
    const sold = await sell(customer.phone);
    const quote = await call("POST", "/api/v1/visits/quote", { token: customer.token, body: { items: [{ service_id: HAIRCUT, staff_id: cut }, { service_id: MASSAGE, staff_id: massage }], date: salonDate(40), abonement_id: sold.id } });
    expect(quote.status).toBe(200);
    expect(quote.body.quote.items.map((q: { abonement?: { covered: { amount_minor: number } } }) => q.abonement?.covered.amount_minor)).toEqual([150_000, 350_000]);
    expect(quote.body.quote.prepayment).toBeNull();
    const res = await bookVisit(customer.token, 40, "10:00", { abonement_id: sold.id });
    expect(res.status).toBe(201);
    const visit = res.body.visit as VisitAnswer;
    expect(byService(visit, HAIRCUT)).toMatchObject({ status: "pending", money: { abonement_used: { abonement_id: sold.id, covered: { amount_minor: 150_000 } } } });
    expect(byService(visit, MASSAGE)).toMatchObject({ status: "pending", prepayment: null, money: { abonement_used: { abonement_id: sold.id, covered: { amount_minor: 350_000 } } } });
    expect(visit.prepayment).toBeNull();
    expect((await usesOf(sold.id)).map((u) => [u.booking, u.status]).sort()).toEqual(visit.bookings.map((b) => [b.id, "reserved"]).sort());
  });

  it("pays only the items its visits left cover (and only its services); the rest is paid as usual by the visit's one payment", async () => {
    const customer = await newCustomer();
    const one = await sell(customer.phone, { visits_count: 1, name: "Один визит" });
    const quote = await call("POST", "/api/v1/visits/quote", { token: customer.token, body: { items: [{ service_id: MASSAGE, staff_id: massage }, { service_id: HAIRCUT, staff_id: cut }], date: salonDate(41), abonement_id: one.id } });
    expect(quote.body.quote.items.map((q: { abonement?: unknown }) => q.abonement !== undefined)).toEqual([true, false]);
    const res = await call("POST", "/api/v1/visits", {
      token: customer.token,
      headers: { "idempotency-key": newKey() },
      body: { items: [{ service_id: MASSAGE, staff_id: massage }, { service_id: HAIRCUT, staff_id: cut }], appointment_datetime: slot(salonDate(41), "10:00"), abonement_id: one.id },
    });
    expect(res.status).toBe(201);
    const visit = res.body.visit as VisitAnswer;
    expect(byService(visit, MASSAGE).money.abonement_used).toMatchObject({ abonement_id: one.id });
    expect(byService(visit, HAIRCUT).money).not.toHaveProperty("abonement_used");
    expect((await usesOf(one.id)).length).toBe(1);

    // A haircut-only abonement pays the haircut; the massage keeps its 1 000 ₽ deposit, the visit's one payment.
    const other = await newCustomer();
    const cuts = await sell(other.phone, { service_ids: [HAIRCUT], name: "Стрижки" });
    const mixed = await bookVisit(other.token, 41, "14:00", { abonement_id: cuts.id });
    expect(mixed.status).toBe(201);
    expect(byService(mixed.body.visit, HAIRCUT).money.abonement_used).toMatchObject({ abonement_id: cuts.id });
    expect(byService(mixed.body.visit, MASSAGE)).toMatchObject({ status: "held", prepayment: { amount_minor: 100_000 } });
    expect(mixed.body.visit.prepayment).toMatchObject({ amount_minor: 100_000 });
  });

  it("counts an item the abonement pays as nothing held: a customer at the held cap may still book a visit it pays whole", async () => {
    const customer = await newCustomer();
    const sold = await sell(customer.phone);
    // Two massages held for their deposits: the demo salon's cap of held bookings.
    for (const time of ["10:00", "12:00"]) {
      const held = await book(customer.token, { service_id: MASSAGE, staff_id: otherMassage, appointment_datetime: slot(salonDate(47), time) });
      expect(held.body.booking?.status).toBe("held");
    }
    const res = await bookVisit(customer.token, 47, "15:00", { abonement_id: sold.id });
    expect(res.body.error).toBeUndefined();
    expect(res.body.visit.bookings.map((b: Item) => b.status)).toEqual(["pending", "pending"]);
  });

  it("a once-a-day membership pays one item of the visit, the first it covers", async () => {
    const customer = await newCustomer();
    const daily = await sell(customer.phone, { kind: "unlimited", visits_count: undefined, validity_days: undefined, once_per_day: true, name: "Безлимит" });
    const res = await bookVisit(customer.token, 20, "10:00", { abonement_id: daily.id });
    expect(res.body.error).toBeUndefined();
    expect(byService(res.body.visit, HAIRCUT).money.abonement_used).toMatchObject({ abonement_id: daily.id });
    expect(byService(res.body.visit, MASSAGE).money).not.toHaveProperty("abonement_used");
    // That day is taken: another visit the same day is refused as a single booking would be.
    const again = await bookVisit(customer.token, 20, "15:00", { abonement_id: daily.id });
    expect([again.status, again.body.error?.code]).toEqual([422, "abonement_daily_limit"]);
  });

  it("refuses an abonement that cannot pay with a 422 naming why, and books nothing", async () => {
    const customer = await newCustomer();
    const stranger = await newCustomer();
    const own = await sell(customer.phone);
    const spaOnly = await sell(customer.phone, { service_ids: [MASSAGE], staff_ids: [otherMassage] });
    const promo = await call("POST", "/api/v1/admin/promo-codes", { token: await adminToken(), body: { code: `VISITABON${Date.now().toString(36)}`, percent_off: 10 } });
    const cases: [string, Record<string, unknown>, string][] = [
      [customer.token, { abonement_id: own.id, promo_code: promo.body.promo_code.code }, "abonement_not_combinable"],
      [customer.token, { abonement_id: own.id, certificate_code: "ABCD-EFGH-JKLM" }, "abonement_not_combinable"],
      [stranger.token, { abonement_id: own.id }, "abonement_not_found"],
      [customer.token, { abonement_id: 999_999 }, "abonement_not_found"],
      // It covers the massage only with another master than the visit's.
      [customer.token, { abonement_id: spaOnly.id }, "abonement_not_covering"],
    ];
    for (const [token, extra, code] of cases) {
      const key = newKey();
      const res = await bookVisit(token, 43, "10:00", extra, undefined, key);
      expect([res.status, res.body.error?.code]).toEqual([422, code]);
      expect(Number((await sql("select count(*) as n from bookings where idempotency_key like ? and status <> 'cancelled'", [`${key}%`])).rows[0]!.n)).toBe(0);
      // Refused before anything is written: no visit row is left behind for a retry to find.
      expect(Number((await sql("select count(*) as n from visits where idempotency_key = ?", [key])).rows[0]!.n)).toBe(0);
    }
    expect(await usesOf(own.id)).toEqual([]);
  });

  it("never takes more visits than a 3-visit abonement has when two visits and a booking race on it; refused attempts give theirs back", async () => {
    const customer = await newCustomer();
    const sold = await sell(customer.phone);
    const admin = await adminToken();
    const answers = await Promise.all([
      bookVisit(customer.token, 44, "10:00", { abonement_id: sold.id }),
      bookVisit(customer.token, 44, "10:00", { abonement_id: sold.id }, { cut: otherCut, massage: otherMassage }),
      book(admin, { service_id: MASSAGE, staff_id: massage, appointment_datetime: slot(salonDate(44), "15:00"), phone: customer.phone, abonement_id: sold.id }),
    ]);
    for (const r of answers.filter((r) => r.status !== 201)) expect(r.body.error).toMatchObject({ code: "abonement_used_up", details: { field: "abonement_id" } });
    const uses = await usesOf(sold.id);
    const counted = uses.filter((u) => u.status === "reserved");
    // Five items want it; at most three have it, each on a live booking; every other use went back with its cancelled booking.
    expect(answers.some((r) => r.status === 201)).toBe(true);
    expect(counted.length).toBeGreaterThanOrEqual(1);
    expect(counted.length).toBeLessThanOrEqual(3);
    expect(counted.every((u) => u.bookingStatus !== "cancelled")).toBe(true);
    expect(uses.filter((u) => u.status !== "reserved").every((u) => u.status === "returned" && u.bookingStatus === "cancelled")).toBe(true);
    const paidItems = answers.filter((r) => r.status === 201).flatMap((r) => (r.body.visit ? r.body.visit.bookings : [r.body.booking]) as Item[]).filter((b) => b.money.abonement_used);
    expect(paidItems.length).toBe(counted.length);
  });

  it("gives back the visit an item reserved when a later item is refused in its ledger, and reserves it again on the retry that books", async () => {
    // Fresh masters: the haircut's master has the smaller id, so its item is written (and reserves) first.
    const first = await newMaster({ services: [HAIRCUT], hours: LONG_DAY });
    const second = await newMaster({ services: [MASSAGE], hours: LONG_DAY });
    const day = salonDate(45);
    await claimInFlight(second.id, "in-flight-visit-abon", moscow(day, "11:00"), moscow(day, "11:30"));
    const customer = await newCustomer();
    const sold = await sell(customer.phone, { visits_count: 2 });
    const key = newKey();
    const refused = await bookVisit(customer.token, 45, "10:00", { abonement_id: sold.id }, { cut: first.id, massage: second.id }, key);
    expect([refused.status, refused.body.error.code]).toEqual([409, "slot_taken"]);
    expect((await usesOf(sold.id)).map((u) => [u.status, u.bookingStatus])).toEqual([["returned", "cancelled"]]);

    await releaseInFlight(second.id, "in-flight-visit-abon");
    const retried = await bookVisit(customer.token, 45, "10:00", { abonement_id: sold.id }, { cut: first.id, massage: second.id }, key);
    expect(retried.status).toBe(201);
    expect((await usesOf(sold.id)).filter((u) => u.status === "reserved").length).toBe(2);
  });

  it("settles each item's visit as a single booking's: a cancel in policy gives it back, completion and a no-show spend it, a visit cancel gives back the rest", async () => {
    const customer = await newCustomer();
    const sold = await sell(customer.phone, { visits_count: 5 });
    const first = (await bookVisit(customer.token, 46, "10:00", { abonement_id: sold.id })).body.visit as VisitAnswer;
    const second = (await bookVisit(customer.token, 46, "15:00", { abonement_id: sold.id })).body.visit as VisitAnswer;

    const cancelled = await call("PATCH", `/api/v1/bookings/${byService(first, HAIRCUT).id}`, { token: customer.token, body: { action: "cancel", reason: "changed_plans" } });
    expect(cancelled.status).toBe(200);
    expect(await useOf(byService(first, HAIRCUT).id)).toBe("returned");

    const done = byService(first, MASSAGE).id;
    await intoThePast(done);
    expect((await mark(done, "complete")).status).toBe(200);
    expect(await useOf(done)).toBe("spent");

    // The demo salon spends a visit on a no-show (abonement_no_show_spends).
    const missed = byService(second, HAIRCUT).id;
    const spends = Number((await sql("select abonement_no_show_spends as s from salon_settings where id = 1")).rows[0]!.s);
    await intoThePast(missed);
    expect((await mark(missed, "no_show")).status).toBe(200);
    expect(await useOf(missed)).toBe(spends ? "spent" : "returned");

    const whole = await call("PATCH", `/api/v1/visits/${second.id}`, { token: customer.token, body: { action: "cancel", reason: "changed_plans" } });
    expect(whole.status).toBe(200);
    expect(await useOf(byService(second, MASSAGE).id)).toBe("returned");
    expect(await useOf(missed)).toBe(spends ? "spent" : "returned");
  });
});
