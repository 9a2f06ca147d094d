// The details step's «Оплатить абонементом», run under Node: which abonements
// can pay for a visit, the default choice, what the booking and its offline
// copy carry, and the words for the server's refusals.
import { describe, expect, it } from "vitest";
import { loadStrings } from "../../web/src/i18n";
import type { Abonement } from "../../worker/contracts/abonements";
import { abonementRefusal } from "../../web/src/components/abonement-refusal";
import { settleChoice, usableAbonements, usableForAnyItem, type Visit } from "../../web/src/data/abonement-choice";
import { draftToBody, emptyDraft, parseDraft } from "../../web/src/data/draft";
import { newCreateEntry, parseEntries } from "../../web/src/data/outbox-logic";

const T0 = Date.parse("2026-12-01T09:00:00+03:00");
const rub = (amount_minor: number) => ({ amount_minor, currency: "RUB" });

function abonement(over: Partial<Abonement> = {}): Abonement {
  return {
    id: 1,
    type_id: 1,
    name: "5 стрижек",
    kind: "visits",
    status: "active",
    visits: { total: 5, used: 1, reserved: 1, left: 3 },
    once_per_day: false,
    price: rub(600_000),
    starts_at: "2026-11-20T09:00:00.000Z",
    expires_at: "2026-12-20T21:00:00.000Z",
    expired: false,
    frozen: false,
    frozen_days: 0,
    freeze_max_days: 14,
    freezes: [],
    services: [{ id: 3, name: "Стрижка мужская" }],
    staff: [],
    sold_by: "online",
    end_reason: null,
    recent_uses: [],
    created_at: "2026-11-20T09:00:00.000Z",
    ...over,
  };
}

const visit: Visit = { serviceId: 3, staffId: 1, date: "2026-12-05", startAt: "2026-12-05T07:00:00.000Z" };

describe("abonements that can pay for a visit", () => {
  it("are the active ones with a visit left covering the service and the master, valid at the visit and not frozen on its date", () => {
    const good = abonement();
    const list = [
      good,
      abonement({ id: 2, status: "awaiting_payment" }),
      abonement({ id: 3, visits: { total: 5, used: 3, reserved: 2, left: 0 } }),
      abonement({ id: 4, services: [{ id: 9, name: "Маникюр" }] }),
      abonement({ id: 5, staff: [{ id: 2, name: "Мария" }] }),
      abonement({ id: 6, expires_at: "2026-12-05T06:00:00.000Z" }),
      abonement({ id: 7, freezes: [{ from: "2026-12-04", to: "2026-12-10", days: 7, reason: "отпуск", created_at: "2026-12-01T00:00:00.000Z" }] }),
      abonement({ id: 8, expired: true }),
      abonement({ id: 9, kind: "unlimited", visits: { total: null, used: 4, reserved: 0, left: null }, staff: [{ id: 1, name: "Анна" }] }),
    ];
    expect(usableAbonements(list, visit).map((a) => a.id)).toEqual([1, 9]);
  });

  it("leave out the ones for chosen masters while 'any master' has no master yet", () => {
    expect(usableAbonements([abonement({ staff: [{ id: 1, name: "Анна" }] })], { ...visit, staffId: null })).toEqual([]);
    expect(usableAbonements([abonement()], { ...visit, staffId: null })).toHaveLength(1);
  });
});

describe("abonements that can pay for a multi-service visit", () => {
  it("are the ones that can pay at least one of its items (the service and master of any item)", () => {
    const massage: Visit = { ...visit, serviceId: 8, staffId: 2, startAt: "2026-12-05T08:00:00.000Z" };
    const list = [
      abonement(),
      abonement({ id: 2, services: [{ id: 8, name: "Массаж" }], staff: [{ id: 2, name: "Мария" }] }),
      abonement({ id: 3, services: [{ id: 8, name: "Массаж" }], staff: [{ id: 1, name: "Анна" }] }),
      abonement({ id: 4, services: [{ id: 9, name: "Маникюр" }] }),
    ];
    expect(usableForAnyItem(list, [visit, massage]).map((a) => a.id)).toEqual([1, 2]);
    expect(usableForAnyItem(list, [])).toEqual([]);
  });
});

describe("the choice on the details step", () => {
  const one = [abonement()];
  const two = [abonement(), abonement({ id: 2 })];
  it("is on by default when exactly one abonement can pay, and off when several or none can", () => {
    expect(settleChoice(undefined, one)).toBe(1);
    expect(settleChoice(undefined, two)).toBeNull();
    expect(settleChoice(undefined, [])).toBeNull();
  });

  it("keeps the customer's no, and their pick while it can still pay", () => {
    expect(settleChoice(null, one)).toBeNull();
    expect(settleChoice(2, two)).toBe(2);
    expect(settleChoice(2, one)).toBe(1);
    expect(settleChoice(2, [])).toBeNull();
  });
});

describe("a booking paid with an abonement", () => {
  const picked = { ...emptyDraft(3, T0), staffId: 1, date: "2026-12-05", time: "10:00" };
  it("sends abonement_id (and no promo code with it), and nothing when the customer said no", () => {
    expect(draftToBody({ ...picked, abonementId: 4, promoCode: "SPRING" })).toMatchObject({ abonement_id: 4 });
    expect(draftToBody({ ...picked, abonementId: 4, promoCode: "SPRING" })).not.toHaveProperty("promo_code");
    expect(draftToBody({ ...picked, abonementId: null })).not.toHaveProperty("abonement_id");
    expect(draftToBody(picked)).not.toHaveProperty("abonement_id");
  });

  it("keeps the choice in the saved draft and in the queued copy the outbox replays", () => {
    const draft = { ...picked, abonementId: 4 };
    expect(parseDraft(JSON.stringify(draft), 3, T0)?.abonementId).toBe(4);
    expect(parseDraft(JSON.stringify({ ...picked, abonementId: null }), 3, T0)?.abonementId).toBeNull();
    const entry = newCreateEntry("key-ab-1", 7, draftToBody(draft)!, { serviceName: "Стрижка", staffName: "Анна", date: "2026-12-05", time: "10:00" }, T0);
    const [stored] = parseEntries(JSON.parse(JSON.stringify([entry])));
    expect(stored?.kind === "create" && stored.body.abonement_id).toBe(4);
  });

  it("refused by the server says why in words, and leaves other codes to the usual messages", async () => {
    await loadStrings("ru", "abonementChoice");
    expect(abonementRefusal("abonement_used_up")).toBe("В абонементе не осталось визитов.");
    expect(abonementRefusal("abonement_frozen")).toBe("Абонемент заморожен на дату визита.");
    expect(abonementRefusal("slot_taken")).toBeNull();
  });
});
