// Pure parts of the booking flow, run under Node: the offline outbox state
// machine, .ics generation, draft persistence rules, error-code mapping, pricing.
import { beforeAll, describe, expect, it } from "vitest";
import type { AlternativeSlot } from "../../worker/contracts/bookings";
import { DRAFT_TTL_MS, draftToBody, emptyDraft, likelyMaster, newest, parseDraft } from "../../web/src/data/draft";
import { ApiRequestError } from "../../web/src/data/api";
import { errorKey, reasonKey } from "../../web/src/data/errors";
import { buildIcs, foldLine, icsDate, icsEscape } from "../../web/src/data/ics";
import { LEASE_MS, claim, isDue, isPending, newCreateEntry, parseEntries, retarget, settle } from "../../web/src/data/outbox-logic";
import { quote, termsWith, toggle } from "../../web/src/data/pricing";
import { loadStrings, translate } from "../../web/src/i18n";
import { catalogFixture } from "./fixtures/catalog";

const T0 = Date.parse("2026-12-01T09:00:00+03:00");
const body = { service_id: 3, staff_id: 1 as const, appointment_datetime: "2026-12-02T10:00", additional_services: [] };
const summary = { serviceName: "Стрижка мужская", staffName: "Анна", date: "2026-12-02", time: "10:00" };
const alt: AlternativeSlot = { staff_id: 2, staff_name: "Мария", date: "2026-12-02", time: "11:00", start_at: "2026-12-02T08:00:00.000Z" };
const queued = () => newCreateEntry("key-0001", 7, body, summary, T0);

describe("outbox state machine", () => {
  it("sends a queued entry and turns it into a real booking", () => {
    const entry = queued();
    expect(isDue(entry, T0)).toBe(true);
    expect(isPending(entry)).toBe(true);
    const sending = claim(entry, T0 + 1);
    expect(sending).toMatchObject({ state: "sending", attempts: 1, lastAttemptAt: T0 + 1, id: "key-0001" });
    expect(isDue(sending, T0 + 2)).toBe(false);
    const sent = settle(sending, { ok: true, bookingId: 42 });
    expect(sent).toMatchObject({ state: "sent", bookingId: 42, error: null });
    expect(isPending(sent)).toBe(false);
  });

  it("keeps the same key and goes back to the queue on network, 5xx, 429 and 401", () => {
    for (const [status, code] of [[0, "network"], [503, "ledger_unavailable"], [429, "rate_limited"], [401, "unauthorized"]] as const) {
      const next = settle(claim(queued(), T0), { ok: false, status, code, message: "x" });
      expect(next.state, code).toBe("queued");
      expect(next.id).toBe("key-0001");
      expect(next.error?.code).toBe(code);
    }
  });

  it("retakes an entry whose sender vanished mid-request after the lease", () => {
    const sending = claim(queued(), T0);
    expect(isDue(sending, T0 + LEASE_MS - 1)).toBe(false);
    expect(isDue(sending, T0 + LEASE_MS)).toBe(true);
  });

  it("keeps the alternatives of a 409 slot_taken, same master first", () => {
    const details = { alternatives: { same_staff: [{ ...alt, staff_id: 1, staff_name: "Анна" }], other_staff: [alt] } };
    const conflict = settle(claim(queued(), T0), { ok: false, status: 409, code: "slot_taken", message: "taken", details });
    expect(conflict.state).toBe("conflict");
    expect(conflict.alternatives?.map((a) => a.staff_id)).toEqual([1, 2]);
    expect(isDue(conflict, T0 + LEASE_MS * 10)).toBe(false);
  });

  it("fails for good on other client errors", () => {
    const failed = settle(claim(queued(), T0), { ok: false, status: 422, code: "in_past", message: "past" });
    expect(failed).toMatchObject({ state: "failed", error: { code: "in_past" } });
    expect(isDue(failed, T0 + LEASE_MS * 10)).toBe(false);
  });

  it("retargets a conflict to the picked alternative with a new key", () => {
    const next = retarget(queued() as Extract<ReturnType<typeof queued>, { kind: "create" }>, alt, "key-0002", T0 + 5);
    expect(next).toMatchObject({ id: "key-0002", state: "queued", attempts: 0, summary: { staffName: "Мария", time: "11:00" } });
    expect(next.body).toMatchObject({ staff_id: 2, appointment_datetime: alt.start_at, service_id: 3 });
  });

  it("drops stored rows of another shape and sorts oldest first", () => {
    const a = queued();
    const b = { ...queued(), id: "key-0000", createdAt: T0 - 1 };
    expect(parseEntries([a, { id: "junk" }, b, null]).map((e) => e.id)).toEqual(["key-0000", "key-0001"]);
  });
});

describe(".ics", () => {
  const ics = buildIcs({
    uid: "booking-7@salon",
    start: "2026-12-02T07:00:00.000Z",
    end: "2026-12-02T07:45:00.000Z",
    stamp: "2026-12-01T06:00:00.000Z",
    summary: "Стрижка мужская — Салон «Лотос»",
    location: "Москва, ул. Покровка, 12",
    description: "Мастер: Анна; без спешки",
  });

  it("is one VEVENT in UTC with CRLF line ends", () => {
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics).toContain("\r\nDTSTART:20261202T070000Z\r\n");
    expect(ics).toContain("\r\nDTEND:20261202T074500Z\r\n");
    expect(ics).toContain("\r\nDTSTAMP:20261201T060000Z\r\n");
    expect(ics.split("\r\n").filter((l) => l === "BEGIN:VEVENT")).toHaveLength(1);
    expect(ics.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("escapes text values and folds long lines at 75 octets without splitting characters", () => {
    expect(icsEscape("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
    expect(ics).toContain("LOCATION:Москва\\, ул. Покровка\\, 12");
    const long = foldLine(`SUMMARY:${"Ж".repeat(80)}`);
    for (const line of long.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(long.split("\r\n ").join("")).toBe(`SUMMARY:${"Ж".repeat(80)}`);
    expect(icsDate("2026-03-29T00:30:00+03:00")).toBe("20260328T213000Z");
  });
});

describe("draft", () => {
  it("round-trips through storage and turns into the request body", () => {
    const d = { ...emptyDraft(3, T0), staffId: 1 as const, date: "2026-12-02", time: "10:00", addons: [4], notes: "  коротко ", phone: "+79991234567" };
    const restored = parseDraft(JSON.stringify(d), 3, T0 + 1000);
    expect(restored).toEqual(d);
    expect(draftToBody(d)).toEqual({
      service_id: 3,
      staff_id: 1,
      appointment_datetime: "2026-12-02T10:00",
      additional_services: [4],
      notes: "коротко",
      phone: "+79991234567",
    });
  });

  it("ignores drafts of another service, stale ones, malformed ones, and incomplete ones make no body", () => {
    const d = emptyDraft(3, T0);
    expect(parseDraft(d, 5, T0)).toBeUndefined();
    expect(parseDraft(d, 3, T0 + DRAFT_TTL_MS + 1)).toBeUndefined();
    expect(parseDraft("{not json", 3, T0)).toBeUndefined();
    expect(parseDraft({ ...d, addons: "4" }, 3, T0)).toBeUndefined();
    expect(draftToBody(d)).toBeUndefined();
  });

  it("prefers the newer of the tab's and IndexedDB's copies", () => {
    const older = emptyDraft(3, T0);
    const newer = { ...emptyDraft(3, T0 + 10), notes: "новее" };
    expect(newest(older, newer)).toBe(newer);
    expect(newest(newer, older)).toBe(newer);
    expect(newest(undefined, older)).toBe(older);
  });
});

describe("error codes", () => {
  // The English core strings are a chunk of their own (web/src/strings/core.en.ts).
  beforeAll(() => loadStrings("en"));

  it("maps API codes to messages in both languages, unknown ones to a generic message", () => {
    expect(translate("ru", errorKey("slot_taken"))).toBe("Это время только что заняли.");
    expect(translate("en", errorKey("slot_taken"))).toBe("This time has just been taken.");
    expect(errorKey("cancellation_window_passed")).toBe("error.cancellation_window_passed");
    expect(errorKey("network")).toBe("error.network");
    expect(errorKey("something_new", 409)).toBe("error.generic");
    expect(errorKey("something_new", 502)).toBe("error.try_again");
    expect(translate("ru", reasonKey("break"))).toBe("перерыв мастера");
    expect(reasonKey(undefined)).toBe("slot.reason.unavailable");
  });

  it("explains each abuse limit's refusal in both languages, not as a generic error", () => {
    const codes = ["sms_budget_exhausted", "invalid_phone", "phone_country_not_served", "phone_not_own", "too_many_active_bookings", "too_many_held_bookings", "too_many_waitlist_entries"];
    for (const code of codes) {
      expect(errorKey(code, 409)).toBe(`error.${code}`);
      expect(translate("ru", errorKey(code, 409))).not.toBe(translate("ru", "error.generic"));
      expect(translate("en", errorKey(code, 409))).not.toBe(translate("en", "error.generic"));
    }
  });

  it("tells the person there is no connection to the salon when the network or the salon's database is down", () => {
    for (const code of ["network", "database_unavailable", "ledger_unavailable"]) {
      expect(translate("ru", errorKey(code, 503))).toBe("Нет связи с салоном, попробуйте ещё раз.");
      expect(translate("en", errorKey(code, 503))).toBe("No connection to the salon, try again.");
    }
  });

  it("queues a request the salon could not take for an outage, not one it refused", () => {
    expect(new ApiRequestError("network", "Failed to fetch", 0).isUnreachable).toBe(true);
    expect(new ApiRequestError("database_unavailable", "down", 503).isUnreachable).toBe(true);
    expect(new ApiRequestError("ledger_unavailable", "down", 503).isUnreachable).toBe(true);
    expect(new ApiRequestError("payment_provider_unavailable", "down", 503).isUnreachable).toBe(false);
    expect(new ApiRequestError("slot_taken", "taken", 409).isUnreachable).toBe(false);
    expect(new ApiRequestError("internal_error", "bug", 500).isUnreachable).toBe(false);
  });
});

describe("pricing", () => {
  it("adds the chosen add-ons to duration and total", () => {
    const women = catalogFixture.services.find((s) => s.addons.length > 0)!;
    const addon = women.addons[0]!;
    expect(quote(women, [])).toEqual({ durationMin: women.duration_min, total: women.price });
    expect(quote(women, [addon.id])).toEqual({
      durationMin: women.duration_min + addon.duration_min,
      total: { amount_minor: women.price.amount_minor + addon.price.amount_minor, currency: women.price.currency },
    });
    expect(toggle([7], 4)).toEqual([4, 7]);
    expect(toggle([4, 7], 4)).toEqual([7]);
  });

  it("prices a service with a master's own terms when the master has them, else with the standard ones", () => {
    const service = catalogFixture.services[0]!;
    const own = { price: { amount_minor: service.price.amount_minor + 50000, currency: service.price.currency }, duration_min: service.duration_min - 15 };
    const member = { name: "Анна", specialization: null, photo_url: null, service_ids: [service.id] };
    const detail = { service, staff: [{ id: 1, ...member, own_terms: own }, { id: 2, ...member, own_terms: null }, { id: 3, ...member }] };
    const standard = { price: service.price, durationMin: service.duration_min, own: false };
    expect(termsWith(service, detail, 1)).toEqual({ price: own.price, durationMin: own.duration_min, own: true });
    expect(termsWith(service, detail, 2)).toEqual(standard);
    expect(termsWith(service, detail, 3)).toEqual(standard);
    expect(termsWith(service, detail, 99)).toEqual(standard);
    // Not loaded yet, or the detail of another service: the standard terms.
    expect(termsWith(service, undefined, 1)).toEqual(standard);
    expect(termsWith(service, { ...detail, service: { ...service, id: service.id + 1 } }, 1)).toEqual(standard);
  });
});

describe("the master whose price the details step quotes", () => {
  const picked = { ...emptyDraft(3, T0), date: "2026-12-02", time: "10:00" };
  it("is the chosen master, or for 'any master' the first one free at the picked slot", () => {
    expect(likelyMaster({ ...picked, staffId: 7, slotStaffIds: [2, 7] })).toBe(7);
    expect(likelyMaster({ ...picked, staffId: "any", slotStaffIds: [5, 2] })).toBe(5);
  });

  it("is unknown for 'any master' before a slot is picked, or in a draft saved before slots listed masters", () => {
    expect(likelyMaster({ ...picked, staffId: "any", time: null, slotStaffIds: [5] })).toBeNull();
    expect(likelyMaster({ ...picked, staffId: "any" })).toBeNull();
  });

  it("sends the applied promo code with the booking, and none when there is none", () => {
    expect(draftToBody({ ...picked, promoCode: "SPRING" })?.promo_code).toBe("SPRING");
    expect(draftToBody({ ...picked, promoCode: null })).not.toHaveProperty("promo_code");
  });
});
