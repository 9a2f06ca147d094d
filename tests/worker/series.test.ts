// Recurring bookings made by staff: the preview's free and taken dates, the
// save as one series through the ledger, retries, and changes to one date or
// to it and the following ones.
import { describe, expect, it } from "vitest";
import { addDays, dayOfWeek } from "../../worker/booking/zoned-time.js";
import { call, freshPhone } from "./client.js";
import { activeRows, quickCustomer } from "./direct-db.js";
import { adminToken, book, moscow, newKey, newMaster, salonDate, slot, sql, tokenFor } from "./scenario.js";

const HAIRCUT = 3; // 45 min, no buffer

const preview = (token: string, body: Record<string, unknown>) => call("POST", "/api/v1/admin/series/preview", { token, body });
const save = (token: string, body: Record<string, unknown>, key = newKey()) =>
  call("POST", "/api/v1/admin/series", { token, body, headers: { "idempotency-key": key } });
const change = (token: string, id: number, body: Record<string, unknown>) => call("PATCH", `/api/v1/admin/series/${id}`, { token, body });

/** A rule for a new master: weekly at 17:00 from a week ahead. */
async function weekly(count = 4, time = "17:00") {
  const master = await newMaster();
  const first = salonDate(7);
  const rule = { service_id: HAIRCUT, staff_id: master.id, phone: freshPhone(), customer_name: "Серия", first_date: first, time, every_weeks: 1, count };
  const dates = Array.from({ length: count }, (_, i) => salonDate(7 + 7 * i));
  return { master, rule, dates };
}

/** Someone else books the master at a date and time, through the API (the ledger knows it). */
async function takenBySomeone(staffId: number, date: string, time: string) {
  const other = await quickCustomer();
  const res = await book(other.token, { service_id: HAIRCUT, staff_id: staffId, appointment_datetime: slot(date, time) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.booking.id as number;
}

describe("series preview", () => {
  it("lists each date as free or taken, with the nearest free times for a taken one", async () => {
    const admin = await adminToken();
    const { master, rule, dates } = await weekly(4);
    await takenBySomeone(master.id, dates[1]!, "17:00");

    const res = await preview(admin, rule);

    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.occurrences.map((o: { date: string; status: string }) => [o.date, o.status])).toEqual([
      [dates[0], "free"], [dates[1], "conflict"], [dates[2], "free"], [dates[3], "free"],
    ]);
    expect(res.body.free).toBe(3);
    const taken = res.body.occurrences[1];
    expect(taken.start_at).toBe(moscow(dates[1]!, "17:00"));
    const nearest = taken.alternatives.same_staff;
    expect(nearest.length).toBeGreaterThan(0);
    // The nearest free times of the same master, never the taken time itself.
    expect(nearest.every((a: { staff_id: number; start_at: string }) => a.staff_id === master.id && a.start_at !== taken.start_at)).toBe(true);
    expect(nearest[0].date).toBe(dates[1]);
    expect(res.body.occurrences[0].alternatives).toBeNull();
  });

  it("runs past the online booking horizon for staff: twelve weekly dates are all free", async () => {
    const admin = await adminToken();
    const { rule } = await weekly(12);
    const res = await preview(admin, rule);
    expect(res.status).toBe(200);
    expect(res.body.occurrences.map((o: { status: string }) => o.status)).toEqual(Array(12).fill("free"));
  });

  it("marks a date the rules refuse (a day the master does not work) as unavailable with alternatives", async () => {
    const admin = await adminToken();
    const first = salonDate(7);
    const weekday = (new Date(`${first}T12:00:00Z`).getUTCDay() + 6) % 7;
    // Works every day but the rule's weekday.
    const master = await newMaster({ days: [0, 1, 2, 3, 4, 5, 6].filter((d) => d !== weekday) });
    const res = await preview(admin, { service_id: HAIRCUT, staff_id: master.id, phone: freshPhone(), first_date: first, time: "17:00", count: 2 });
    expect(res.status).toBe(200);
    expect(res.body.occurrences[0]).toMatchObject({ status: "unavailable", reason: { code: "outside_working_hours" } });
    expect(res.body.occurrences[0].alternatives.same_staff.length).toBeGreaterThan(0);
  });
});

describe("saving a series", () => {
  it("creates one booking per date as one series, each in the master's ledger, and the client sees them grouped", async () => {
    const admin = await adminToken();
    const { master, rule, dates } = await weekly(4);

    const res = await save(admin, rule);

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.booked).toBe(4);
    const seriesId = res.body.series.id;
    expect(res.body.series).toMatchObject({ staff_id: master.id, service_id: HAIRCUT, time: "17:00", every_weeks: 1, occurrence_count: 4 });
    expect(res.body.results.map((r: { booking: { start_at: string; series: unknown } }) => [r.booking.start_at, r.booking.series])).toEqual(
      dates.map((d, i) => [moscow(d, "17:00"), { id: seriesId, position: i + 1, count: 4 }]),
    );
    expect((await activeRows(master.id)).map((r) => r.start)).toEqual(dates.map((d) => moscow(d, "17:00")));
    // The same times are now taken for anyone else.
    const other = await quickCustomer();
    const clash = await book(other.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(dates[2]!, "17:00") });
    expect(clash.status).toBe(409);

    // The client's "Мои записи" carries the series and each date's place in it.
    const client = await tokenFor(rule.phone);
    const mine = await call("GET", "/api/v1/bookings", { token: client });
    expect(mine.status).toBe(200);
    const positions = mine.body.bookings.map((b: { series: { id: number; position: number; count: number } }) => b.series);
    expect(positions).toEqual(expect.arrayContaining([1, 2, 3, 4].map((position) => ({ id: seriesId, position, count: 4 }))));

    const detail = await call("GET", `/api/v1/admin/series/${seriesId}`, { token: admin });
    expect(detail.status).toBe(200);
    expect(detail.body.bookings.map((b: { id: number }) => b.id)).toEqual(res.body.results.map((r: { booking_id: number }) => r.booking_id));
  });

  it("reports a date taken between the preview and the save and books the others, never the taken one twice", async () => {
    const admin = await adminToken();
    const { master, rule, dates } = await weekly(3);
    const before = await preview(admin, rule);
    expect(before.body.free).toBe(3);
    const theirs = await takenBySomeone(master.id, dates[1]!, "17:00");

    const res = await save(admin, { ...rule, occurrences: before.body.occurrences.map((o: { start_at: string }) => ({ appointment_datetime: o.start_at })) });

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.booked).toBe(2);
    const lost = res.body.results[1];
    expect(lost).toMatchObject({ ok: false, booking_id: null, error: { code: "slot_taken" } });
    expect(lost.alternatives.same_staff.length).toBeGreaterThan(0);
    const rows = await activeRows(master.id);
    expect(rows.filter((r) => r.start === moscow(dates[1]!, "17:00")).map((r) => r.id)).toEqual([theirs]);
    expect(rows).toHaveLength(3);
  });

  it("books an alternative chosen in the preview in place of a taken date", async () => {
    const admin = await adminToken();
    const { master, rule, dates } = await weekly(2);
    await takenBySomeone(master.id, dates[1]!, "17:00");
    const seen = await preview(admin, rule);
    const instead = seen.body.occurrences[1].alternatives.same_staff[0];

    const res = await save(admin, { ...rule, occurrences: [{ appointment_datetime: seen.body.occurrences[0].start_at }, { appointment_datetime: instead.start_at }] });

    expect(res.status).toBe(201);
    expect(res.body.booked).toBe(2);
    expect(res.body.results[1].booking.start_at).toBe(instead.start_at);
  });

  it("a retry with the same Idempotency-Key books nothing twice; the same key with another body is refused", async () => {
    const admin = await adminToken();
    const { master, rule } = await weekly(3);
    const key = newKey();
    const first = await save(admin, rule, key);
    expect(first.status).toBe(201);

    const again = await save(admin, rule, key);

    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.series.id).toBe(first.body.series.id);
    expect(again.body.results.map((r: { booking_id: number }) => r.booking_id)).toEqual(first.body.results.map((r: { booking_id: number }) => r.booking_id));
    expect(await activeRows(master.id)).toHaveLength(3);
    const { rows } = await sql("select count(*) as n from bookings where series_id = ?", [first.body.series.id]);
    expect(Number(rows[0]!.n)).toBe(3);

    const other = await save(admin, { ...rule, time: "12:00" }, key);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe("idempotency_key_reused");
    expect(await activeRows(master.id)).toHaveLength(3);
  });
});

describe("saving a series twice at once", () => {
  it("two simultaneous saves with one key make one series and book each date once", async () => {
    const admin = await adminToken();
    const { master, rule } = await weekly(3);
    const key = newKey();

    const [a, b] = await Promise.all([save(admin, rule, key), save(admin, rule, key)]);

    // Either both answer the series, or one is told to try again (the ledger was busy with its twin).
    const answered = [a, b].filter((r) => r.status === 201);
    expect(answered.length).toBeGreaterThan(0);
    expect([a, b].every((r) => r.status === 201 || r.status === 503)).toBe(true);
    expect(new Set(answered.map((r) => r.body.series.id)).size).toBe(1);
    const { rows } = await sql("select count(*) as n from bookings where series_id = ?", [answered[0]!.body.series.id]);
    expect(Number(rows[0]!.n)).toBe(3);
    expect(await activeRows(master.id)).toHaveLength(3);
    for (const r of answered) expect(r.body.booked).toBe(3);
  });
});

describe("changing a series", () => {
  async function savedSeries(count = 4) {
    const admin = await adminToken();
    const made = await weekly(count);
    const res = await save(admin, made.rule);
    expect(res.status).toBe(201);
    return { admin, ...made, seriesId: res.body.series.id as number, ids: res.body.results.map((r: { booking_id: number }) => r.booking_id) as number[] };
  }

  it("cancels this and the following dates through the cancel flow, leaving the earlier ones", async () => {
    const { admin, master, rule, dates, seriesId, ids } = await savedSeries(4);

    const res = await change(admin, seriesId, { action: "cancel", from_booking_id: ids[1], scope: "following", reason: "Клиент уехал" });

    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results.map((r: { booking_id: number; ok: boolean; booking: { status: string } }) => [r.booking_id, r.ok, r.booking.status])).toEqual(
      ids.slice(1).map((id) => [id, true, "cancelled"]),
    );
    expect((await activeRows(master.id)).map((r) => r.start)).toEqual([moscow(dates[0]!, "17:00")]);
    // Each cancelled booking got its own message to the client, as a single cancel does.
    const outbox = await call("GET", `/api/v1/dev/outbox?phone=${encodeURIComponent(rule.phone)}`);
    expect(outbox.body.messages.filter((m: { kind: string }) => m.kind === "booking_cancelled")).toHaveLength(3);
  });

  it("moves one date to another time and leaves the rest where they were", async () => {
    const { admin, master, dates, seriesId, ids } = await savedSeries(3);

    const res = await change(admin, seriesId, { action: "move", from_booking_id: ids[1], scope: "one", time: "12:00" });

    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results).toHaveLength(1);
    expect(res.body.results[0].booking).toMatchObject({ id: ids[1], start_at: moscow(dates[1]!, "12:00"), series: { id: seriesId, position: 2, count: 3 } });
    expect((await activeRows(master.id)).map((r) => r.start)).toEqual([moscow(dates[0]!, "17:00"), moscow(dates[1]!, "12:00"), moscow(dates[2]!, "17:00")]);
  });

  it("moves this and the following to another weekday and time, reporting a date whose new time is taken", async () => {
    const { admin, master, dates, seriesId, ids } = await savedSeries(3);
    // The next weekday (0 = Monday), in each date's own week: from a Sunday that is the Monday before.
    const weekday = dayOfWeek(dates[0]!);
    const target = (weekday + 1) % 7;
    const moved = (date: string) => addDays(date, target - weekday);
    await takenBySomeone(master.id, moved(dates[2]!), "16:00");

    const res = await change(admin, seriesId, { action: "move", from_booking_id: ids[1], scope: "following", time: "16:00", weekday: target });

    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false]);
    expect(res.body.results[1].error.code).toBe("slot_taken");
    expect(res.body.results[1].alternatives.same_staff.length).toBeGreaterThan(0);
    const starts = (await activeRows(master.id)).map((r) => r.start);
    expect(starts).toContain(moscow(moved(dates[1]!), "16:00"));
    expect(starts).toContain(moscow(dates[2]!, "17:00"));
  });
});

describe("series input", () => {
  it("answers bad rules with 4xx and books nothing", async () => {
    const admin = await adminToken();
    const { master, rule } = await weekly(1);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...rule, count: 53 }, 400, "validation_failed"],
      [{ ...rule, count: 0 }, 400, "validation_failed"],
      [{ ...rule, count: undefined }, 400, "validation_failed"],
      [{ ...rule, until: salonDate(30) }, 400, "validation_failed"],
      [{ ...rule, count: undefined, until: salonDate(3) }, 400, "validation_failed"],
      [{ ...rule, count: undefined, until: salonDate(7 + 400) }, 422, "series_too_long"],
      [{ ...rule, count: undefined, until: salonDate(7 + 364) }, 422, "series_too_long"],
      [{ ...rule, count: 52, every_weeks: 2 }, 422, "series_too_long"],
      [{ ...rule, every_weeks: 0 }, 400, "validation_failed"],
      [{ ...rule, time: "25:00" }, 400, "validation_failed"],
      [{ ...rule, first_date: "2026-02-30" }, 400, "validation_failed"],
      [{ ...rule, phone: "12" }, 400, "validation_failed"],
      [{ ...rule, staff_id: 999_999 }, 422, "staff_does_not_do_service"],
      [{ ...rule, service_id: 999_999 }, 404, "not_found"],
      [{ ...rule, occurrences: [] }, 400, "validation_failed"],
      [{ ...rule, occurrences: [{ appointment_datetime: "2026-13-01T10:00" }] }, 400, "validation_failed"],
      [{ ...rule, occurrences: [{ appointment_datetime: slot(salonDate(7), "17:00") }, { appointment_datetime: slot(salonDate(7), "17:00") }] }, 400, "validation_failed"],
    ];
    for (const [body, status, code] of cases) {
      const res = await save(admin, body);
      expect([JSON.stringify(body), res.status, res.body.error?.code]).toEqual([JSON.stringify(body), status, code]);
      if (!("occurrences" in body)) {
        const seen = await preview(admin, body);
        expect([JSON.stringify(body), seen.status]).toEqual([JSON.stringify(body), status]);
      }
    }
    expect(await activeRows(master.id)).toEqual([]);
  });

  it("keeps customers out, masters on their own calendar, and needs an Idempotency-Key", async () => {
    const { master, rule } = await weekly(1);
    const customer = await quickCustomer();
    expect((await preview(customer.token, rule)).status).toBe(403);
    expect((await save(customer.token, rule)).status).toBe(403);
    const otherMaster = await newMaster();
    const masterToken = await tokenFor(otherMaster.phone);
    const foreign = await save(masterToken, rule);
    expect([foreign.status, foreign.body.error.code]).toEqual([403, "forbidden"]);
    const admin = await adminToken();
    const keyless = await call("POST", "/api/v1/admin/series", { token: admin, body: rule });
    expect([keyless.status, keyless.body.error.code]).toEqual([400, "idempotency_key_required"]);
    expect(await activeRows(master.id)).toEqual([]);
    // A master books a series on themselves.
    const own = await save(await tokenFor(master.phone), rule);
    expect(own.status).toBe(201);
  });

  it("refuses changes to a booking outside the series, unknown series and bad bodies", async () => {
    const admin = await adminToken();
    const { rule } = await weekly(2);
    const made = await save(admin, rule);
    const seriesId = made.body.series.id;
    const outsider = await takenBySomeone(rule.staff_id, salonDate(5), "11:00");
    const cases: [number, Record<string, unknown>, number][] = [
      [seriesId, { action: "cancel", from_booking_id: outsider, scope: "one" }, 404],
      [999_999_999, { action: "cancel", from_booking_id: outsider, scope: "one" }, 404],
      [seriesId, { action: "cancel", from_booking_id: made.body.results[0].booking_id, scope: "all" }, 400],
      [seriesId, { action: "move", from_booking_id: made.body.results[0].booking_id, scope: "one", time: "9am" }, 400],
      [seriesId, { action: "move", from_booking_id: made.body.results[0].booking_id, scope: "one", time: "12:00", weekday: 7 }, 400],
      [seriesId, { action: "explode", from_booking_id: 1, scope: "one" }, 400],
      [seriesId, { action: "move", from_booking_id: made.body.results[0].booking_id, scope: "one" }, 400],
    ];
    for (const [id, body, status] of cases) expect([JSON.stringify(body), (await change(admin, id, body)).status]).toEqual([JSON.stringify(body), status]);
    const stranger = await newMaster();
    expect((await change(await tokenFor(stranger.phone), seriesId, { action: "cancel", from_booking_id: made.body.results[0].booking_id, scope: "one" })).status).toBe(403);
  });
});
