// Offline rules of the PWA, run under Node: the slot cache (keys, expiry,
// bound, "as of now"), the favourite master and the days fetched ahead for
// them, a service page built from the saved catalog, and a reschedule queued
// in the outbox (kept with its key, conflict → alternatives, retarget).
import { describe, expect, it } from "vitest";
import type { AlternativeSlot } from "../../worker/contracts/bookings";
import type { DayCounts, DaySlots } from "../../worker/contracts/slots";
import { serviceFromCatalog } from "../../web/src/data/booking";
import { claim, isDue, newSeatEntry, newUpdateEntry, otherTimes, parseEntries, pendingChange, retarget, settle, type OutboxEntry } from "../../web/src/data/outbox-logic";
import {
  SLOT_CACHE_MAX,
  SLOT_TTL_MS,
  asOfNow,
  countsFrom,
  dayCountsKey,
  daySlotsKey,
  hasFreeTime,
  isExpired,
  keysToPrune,
  lastBookedMaster,
  newerFavourite,
  type SavedEntry,
} from "../../web/src/data/slot-cache-logic";
import { catalogFixture } from "./fixtures/catalog";

const T0 = Date.parse("2026-12-01T09:00:00+03:00");
const HOUR = 3_600_000;

/** One salon day (Moscow, UTC+3) with a slot every hour from `from` to `to`, all free. */
function day(date: string, from = 10, to = 18): DaySlots {
  const slots = [];
  for (let h = from; h < to; h++) {
    const time = `${String(h).padStart(2, "0")}:00`;
    slots.push({ time, start_at: new Date(`${date}T${time}:00+03:00`).toISOString(), available: true, duration: 45 });
  }
  return { date, status: "open", duration: 45, time_zone: "Europe/Moscow", slots };
}

const saved = (key: string, fetchedAt: number, data: unknown = {}): SavedEntry => ({ key, fetchedAt, data });

describe("slot cache keys", () => {
  it("tell apart service, master, date and add-ons, whatever the add-on order", () => {
    const a = daySlotsKey(3, { staffId: 1, addons: [5, 4], date: "2026-12-02" });
    expect(a).toBe(daySlotsKey(3, { staffId: 1, addons: [4, 5], date: "2026-12-02" }));
    const others = [
      daySlotsKey(4, { staffId: 1, addons: [4, 5], date: "2026-12-02" }),
      daySlotsKey(3, { staffId: "any", addons: [4, 5], date: "2026-12-02" }),
      daySlotsKey(3, { staffId: 1, addons: [4], date: "2026-12-02" }),
      daySlotsKey(3, { staffId: 1, addons: [4, 5], date: "2026-12-03" }),
      dayCountsKey(3, { staffId: 1, addons: [4, 5], days: 14 }),
      dayCountsKey(3, { staffId: 1, addons: [4, 5], from: "2026-12-01", days: 31 }),
    ];
    expect(new Set([a, ...others]).size).toBe(7);
    for (const key of [a, ...others]) expect(key.startsWith("slots:")).toBe(true);
  });
});

describe("slot cache expiry and bound", () => {
  it("expires a copy once it is a day old", () => {
    expect(isExpired({ fetchedAt: T0 }, T0 + SLOT_TTL_MS - 1)).toBe(false);
    expect(isExpired({ fetchedAt: T0 }, T0 + SLOT_TTL_MS)).toBe(true);
  });

  it("drops copies past their age and days whose every time has passed, keeps the rest", () => {
    const entries = [
      saved("slots:day:3:1::2026-11-30", T0 - HOUR, day("2026-11-30")), // yesterday: all passed
      saved("slots:day:3:1::2026-12-01", T0 - HOUR, day("2026-12-01")), // today 10:00–17:00, some ahead
      saved("slots:day:3:1::2026-12-02", T0 - SLOT_TTL_MS - 1, day("2026-12-02")), // too old
      saved("slots:days:3:1:", T0 - HOUR, { days: [] }),
    ];
    expect(keysToPrune(entries, T0).sort()).toEqual(["slots:day:3:1::2026-11-30", "slots:day:3:1::2026-12-02"]);
  });

  it("keeps at most the newest entries and drops the oldest first", () => {
    const entries = Array.from({ length: SLOT_CACHE_MAX + 3 }, (_, i) => saved(`slots:day:3:1::d${i}`, T0 - i * 60_000));
    const dropped = keysToPrune(entries, T0);
    expect(dropped).toEqual(["slots:day:3:1::d48", "slots:day:3:1::d49", "slots:day:3:1::d50"]);
    expect(keysToPrune(entries.slice(0, SLOT_CACHE_MAX), T0)).toEqual([]);
  });
});

describe("a saved day read later", () => {
  it("greys the times that passed since it was saved, as past, and keeps the others free", () => {
    const now = Date.parse("2026-12-01T12:30:00+03:00");
    const read = asOfNow(day("2026-12-01"), now);
    expect(read.slots.filter((s) => s.available).map((s) => s.time)).toEqual(["13:00", "14:00", "15:00", "16:00", "17:00"]);
    expect(read.slots.find((s) => s.time === "12:00")).toMatchObject({ available: false, reason: "past" });
  });

  it("leaves a taken time's own reason alone", () => {
    const d = day("2026-12-01");
    d.slots[0] = { ...d.slots[0]!, available: false, reason: "booked" };
    expect(asOfNow(d, Date.parse("2026-12-01T15:00:00+03:00")).slots[0]).toMatchObject({ reason: "booked" });
  });

  it("drops the days that are over from the saved day strip", () => {
    const counts: DayCounts = {
      days: [
        { date: "2026-11-30", status: "open", available: 3 },
        { date: "2026-12-01", status: "open", available: 2 },
        { date: "2026-12-02", status: "open", available: 0 },
      ],
    };
    expect(countsFrom(counts, "2026-12-01").days.map((d) => d.date)).toEqual(["2026-12-01", "2026-12-02"]);
  });
});

describe("the favourite master and the days fetched ahead", () => {
  it("is the master of the most recently made booking", () => {
    const made = (id: number | null, at: string) => ({ staff: id === null ? null : { id, name: `m${id}` }, created_at: at });
    expect(
      lastBookedMaster([made(1, "2026-11-01T10:00:00Z"), made(4, "2026-11-20T10:00:00Z"), made(null, "2026-11-25T10:00:00Z"), made(2, "2026-11-10T10:00:00Z")]),
    ).toEqual({ staffId: 4, at: Date.parse("2026-11-20T10:00:00Z") });
    expect(lastBookedMaster([])).toBeNull();
  });

  it("a later pick wins over an older booking, and an older booking does not undo a pick", () => {
    const pick = { staffId: 2, at: T0 };
    expect(newerFavourite({ staffId: 4, at: T0 - HOUR }, pick)).toEqual(pick);
    expect(newerFavourite(pick, { staffId: 4, at: T0 - HOUR })).toEqual(pick);
    expect(newerFavourite(null, pick)).toEqual(pick);
    expect(newerFavourite(pick, null)).toEqual(pick);
  });

  it("counts a day fetched ahead only when it has a time still free", () => {
    expect(hasFreeTime(day("2026-12-02"))).toBe(true);
    const full = day("2026-12-02");
    full.slots = full.slots.map((slot) => ({ ...slot, available: false, reason: "booked" }));
    expect(hasFreeTime(full)).toBe(false);
    expect(hasFreeTime({ ...full, slots: [] })).toBe(false);
  });
});

describe("a service page from the saved catalog", () => {
  const staff = {
    staff: [
      { id: 1, name: "Анна", specialization: null, photo_url: null, service_ids: [11, 12] },
      { id: 2, name: "Мария", specialization: "колорист", photo_url: null, service_ids: [13] },
    ],
  };

  it("has the service and the masters who do it", () => {
    const detail = serviceFromCatalog(catalogFixture, staff, 11);
    expect(detail?.service.name).toBe("Женская стрижка");
    expect(detail?.staff.map((m) => m.name)).toEqual(["Анна"]);
  });

  it("has no masters without a saved list, and nothing for a service not in the catalog", () => {
    expect(serviceFromCatalog(catalogFixture, undefined, 11)?.staff).toEqual([]);
    expect(serviceFromCatalog(catalogFixture, staff, 999)).toBeUndefined();
  });
});

describe("a reschedule queued offline", () => {
  const body = { action: "reschedule" as const, appointment_datetime: "2026-12-03T12:00", staff_id: 1 };
  const summary = { serviceName: "Стрижка мужская", staffName: "Анна", date: "2026-12-03", time: "12:00" };
  const alt: AlternativeSlot = { staff_id: 1, staff_name: "Анна", date: "2026-12-03", time: "13:00", start_at: "2026-12-03T10:00:00.000Z" };
  const queued = () => newUpdateEntry("move-key-1", 7, 42, body, summary, T0);
  const taken = { ok: false as const, status: 409, code: "slot_taken", message: "taken", details: { alternatives: { same_staff: [alt], other_staff: [] } } };

  it("keeps its key on every retry until the salon answers", () => {
    const back = settle(claim(queued(), T0), { ok: false, status: 0, code: "network", message: "offline" });
    expect(back).toMatchObject({ id: "move-key-1", state: "queued", attempts: 1, bookingId: 42 });
    expect(isDue(back, T0 + 1)).toBe(true);
    expect(settle(claim(back, T0 + 2), { ok: true, bookingId: 42 })).toMatchObject({ id: "move-key-1", state: "sent", attempts: 2 });
  });

  it("meets a taken time as a conflict with the alternatives, and waits for the customer", () => {
    const conflict = settle(claim(queued(), T0), taken);
    expect(conflict).toMatchObject({ state: "conflict", kind: "update", bookingId: 42 });
    expect(conflict.alternatives).toEqual([alt]);
    expect(isDue(conflict, T0 + HOUR)).toBe(false);
  });

  it("moves to the picked alternative as a new request for the same booking", () => {
    const next = retarget(settle(claim(queued(), T0), taken) as Extract<OutboxEntry, { kind: "update" }>, alt, "move-key-2", T0 + 5);
    expect(next).toMatchObject({ id: "move-key-2", kind: "update", bookingId: 42, state: "queued", attempts: 0, summary: { time: "13:00" } });
    expect(next.body).toEqual({ action: "reschedule", appointment_datetime: alt.start_at, staff_id: 1 });
  });

  it("moves to the second 02:30 of the night the clocks go back by its instant, not its wall time", () => {
    const again = { ...alt, date: "2027-10-31", time: "02:30", start_at: "2027-10-31T01:30:00.000Z" };
    const next = retarget(settle(claim(queued(), T0), taken) as Extract<OutboxEntry, { kind: "update" }>, again, "move-key-3", T0 + 5);
    expect(next.body).toMatchObject({ action: "reschedule", appointment_datetime: "2027-10-31T01:30:00.000Z" });
  });

  it("does not offer the time the booking already has as an alternative", () => {
    const own = { ...alt, time: "10:00", start_at: "2026-12-03T07:00:00.000Z" };
    const elsewhere = { ...own, staff_id: 2, staff_name: "Мария" };
    expect(otherTimes([own, alt, elsewhere], { staffId: 1, startAt: "2026-12-03T10:00:00+03:00" })).toEqual([alt, elsewhere]);
  });

  it("a cancel that meets slot_taken (it cannot) fails instead of offering times", () => {
    const cancel = newUpdateEntry("cancel-key", 7, 42, { action: "cancel" }, summary, T0);
    expect(settle(claim(cancel, T0), taken).state).toBe("failed");
  });

  it("is found as the booking's pending change until it is sent; rows saved before alternatives existed still read", () => {
    const entries: OutboxEntry[] = [queued(), newUpdateEntry("other", 7, 43, { action: "cancel" }, summary, T0)];
    expect(pendingChange(entries, 42)?.id).toBe("move-key-1");
    expect(pendingChange([settle(claim(queued(), T0), { ok: true, bookingId: 42 })], 42)).toBeUndefined();
    expect(parseEntries([{ ...queued(), alternatives: null }])).toHaveLength(1);
  });
});

describe("a class seat queued offline", () => {
  const T0 = Date.parse("2026-12-01T09:00:00Z");
  const seatEntry = () => newSeatEntry("seat-key-1", 7, { classId: 31, serviceId: 12 }, { serviceName: "Йога", staffName: "Анна", date: "2026-12-03", time: "11:00" }, T0);
  const later = { id: 32, service: { id: 12, name: "Йога" }, staff: { id: 4, name: "Анна" }, start_at: "2026-12-10T08:00:00.000Z", end_at: "2026-12-10T09:00:00.000Z", local_date: "2026-12-10", local_time: "11:00", seats: 10, seats_left: 4, status: "scheduled" as const, series_id: null };

  it("meets a full session on replay as a conflict offering the next sessions, and waits for the customer", () => {
    const full = settle(claim(seatEntry(), T0), { ok: false, status: 409, code: "class_full", message: "full", details: { waitlist: true, next: [later] } });
    expect(full).toMatchObject({ state: "conflict", kind: "seat", classId: 31, next: [later] });
    expect(isDue(full, T0 + 3_600_000)).toBe(false);
    expect(parseEntries([full])).toEqual([full]);
  });

  it("keeps its key for every retry and becomes the booking once the salon takes it", () => {
    const retried = settle(claim(seatEntry(), T0), { ok: false, status: 0, code: "network", message: "offline" });
    expect(retried).toMatchObject({ id: "seat-key-1", state: "queued" });
    expect(settle(claim(retried, T0 + 1), { ok: true, bookingId: 77 })).toMatchObject({ id: "seat-key-1", state: "sent", bookingId: 77 });
  });
});
