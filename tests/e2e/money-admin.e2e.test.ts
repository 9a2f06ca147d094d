// The salon's money products in the back office against the real local stack,
// at a desktop's 1280×900: the admin creates a promo code on its screen and
// sees it listed with the uses and the revenue a booking made with it gave
// away, switches it off; sets the no-show deposit policy; waives the deposit
// for one client on their card; edits a used code's discount and the PWA
// quotes the new one while the booking made before keeps its price; reads
// where the revenue came from on the Stats screen.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type LocalStack } from "./stack";
import { phoneSuite, SCREENS } from "./phone-suite";
import { freeDayFrom, stackApi, salonDate } from "./stack-api";

const HAIRCUT = 3; // "Стрижка мужская", 45 min, 1500 ₽
const ANNA = 1; // "Анна Смирнова", cuts hair
const ADMIN = "+79990000001";

let stack: LocalStack;
let page: Page;

const { api, signIn, nextPhone } = stackApi(() => stack);
const shot = (name: string) => page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
/** Text with the non-breaking spaces Intl puts in money turned into plain ones. */
const plain = (s: string | null) => (s ?? "").replace(/\s/g, " ").trim();

phoneSuite({ serviceWorkers: "block" }, (s) => {
  ({ stack, page } = s);
});

let adminToken: string | undefined;

/** The back office at a desk's size, signed in as the salon's admin (once per file: sign-in codes are rate limited per phone). */
async function openAdmin(path: string): Promise<string> {
  const token = (adminToken ??= await signIn(ADMIN));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/signin", { waitUntil: "domcontentloaded" });
  await page.getByLabel("Телефон", { exact: true }).waitFor();
  await page.evaluate((t) => localStorage.setItem("salon.token", t), token);
  await page.goto(path, { waitUntil: "domcontentloaded" });
  return token;
}

/** A booking of Anna's haircut by a new customer on the first day with a free slot. */
async function bookHaircut(promoCode?: string) {
  const customer = await signIn(nextPhone());
  for (let d = 4; d < 25; d++) {
    const date = salonDate(d);
    const { body } = await api<{ slots: { time: string; available: boolean }[] }>(`/booking/time-slots/${HAIRCUT}?date=${date}&staff_id=${ANNA}`);
    const free = body.slots?.find((s) => s.available);
    if (!free) continue;
    return api<{ booking: { id: number; status: string; local_date: string; deposit_rule: string | null; price: { amount_minor: number } } }>("/bookings", {
      method: "POST",
      token: customer,
      headers: { "Idempotency-Key": `e2e-money-admin-${Date.now()}` },
      body: JSON.stringify({ service_id: HAIRCUT, staff_id: ANNA, appointment_datetime: `${date}T${free.time}`, ...(promoCode ? { promo_code: promoCode } : {}) }),
    });
  }
  throw new Error("no free haircut with Anna in three weeks");
}

describe("promo codes in the back office", () => {
  it("creates a code on the Промокоды screen, lists it with its uses and the revenue given away, and switches it off", async () => {
    const admin = await openAdmin("/admin/promo-codes");
    await page.getByRole("heading", { level: 1, name: "Промокоды" }).waitFor();
    const code = `SPRING${Date.now() % 100_000}`;
    await page.getByLabel("Код", { exact: true }).fill(code.toLowerCase());
    await page.getByLabel("Скидка", { exact: true }).selectOption("percent");
    await page.getByLabel("Процент, %").fill("15");
    await page.getByLabel("На одного клиента").fill("1");
    await page.getByLabel("Всего применений").fill("50");
    await page.getByRole("group", { name: /Услуги/ }).getByLabel("Стрижка мужская").check();
    await page.getByRole("group", { name: /Мастера/ }).getByLabel("Анна Смирнова").check();
    await shot("admin-promo-create");
    await page.getByRole("button", { name: "Создать промокод" }).click();
    await page.getByRole("status").getByText(`Промокод ${code} создан`).waitFor();
    const row = page.locator(`tr[data-promo-code="${code}"]`);
    expect(plain(await row.textContent())).toContain("−15%");
    expect(plain(await row.textContent())).toContain("Стрижка мужская · Анна Смирнова");
    expect(plain(await row.textContent())).toContain("50 / 1");

    // A booking with the code: the list shows the use and the 225 ₽ (15 % of 1500 ₽) given away.
    const booked = await bookHaircut(code);
    expect(booked.status).toBe(201);
    expect(booked.body.booking.price.amount_minor).toBe(127_500);
    await page.reload({ waitUntil: "domcontentloaded" });
    await row.waitFor();
    expect(plain(await row.locator("td").nth(5).textContent())).toBe("1");
    expect(plain(await row.locator("td").nth(6).textContent())).toBe("225 ₽");
    expect(plain(await row.locator("td").nth(7).textContent())).toBe("1 · 225 ₽");
    await shot("admin-promo-list");

    await row.getByRole("button", { name: "Выключить" }).click();
    await row.getByRole("button", { name: "Включить" }).waitFor();
    expect(plain(await row.textContent())).toContain("выключен");
    const { body } = await api<{ promo_codes: { code: string; active: boolean }[] }>("/admin/promo-codes", { token: admin });
    expect(body.promo_codes.find((p) => p.code === code)?.active).toBe(false);
  });
});

describe("editing a promo code in the back office", () => {
  it("changes a used code's discount on the Промокоды screen: the PWA quotes the new discount, the booking made before keeps its price", async () => {
    const admin = await openAdmin("/admin/promo-codes");
    const code = `EDIT${Date.now() % 1_000_000}`;
    expect((await api("/admin/promo-codes", { method: "POST", token: admin, body: JSON.stringify({ code, percent_off: 10 }) })).status).toBe(201);
    const before = await bookHaircut(code);
    expect(before.body.booking.price.amount_minor).toBe(135_000);

    await page.reload({ waitUntil: "domcontentloaded" });
    const row = page.locator(`tr[data-promo-code="${code}"]`);
    await row.getByRole("button", { name: `Изменить ${code}` }).click();
    const form = page.getByRole("form", { name: `Промокод ${code}` });
    await form.waitFor();
    expect(await form.getByLabel("Код", { exact: true }).inputValue()).toBe(code);
    expect(await form.getByLabel("Процент, %").inputValue()).toBe("10");
    await form.getByText("уже сделанные записи сохраняют свою цену и скидку").waitFor();
    await form.getByLabel("Скидка", { exact: true }).selectOption("amount");
    await form.getByLabel("Сумма, ₽").fill("400");
    await form.getByLabel("Всего применений").fill("20");
    await shot("admin-promo-edit");
    await form.getByRole("button", { name: "Сохранить" }).click();
    await page.getByRole("status").getByText(`Промокод ${code} сохранён`).waitFor();
    expect(plain(await row.locator("td").nth(1).textContent())).toBe("−400 ₽");
    expect(plain(await row.locator("td").nth(4).textContent())).toBe("20 / ∞");
    // The use made at 10 % keeps its 150 ₽.
    expect(plain(await row.locator("td").nth(6).textContent())).toBe("150 ₽");
    await shot("admin-promo-edited");
    const kept = await api<{ booking: { price: { amount_minor: number }; discount: { amount: { amount_minor: number } } } }>(`/bookings/${before.body.booking.id}`, { token: admin });
    expect(kept.body.booking).toMatchObject({ price: { amount_minor: 135_000 }, discount: { amount: { amount_minor: 15_000 } } });

    // A customer in the PWA now gets 400 ₽ off.
    const customer = await signIn(nextPhone());
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate((t) => localStorage.setItem("salon.token", t), customer);
    await page.goto(`/book/${HAIRCUT}`, { waitUntil: "domcontentloaded" });
    const date = await freeDayFrom(page, salonDate(3));
    await page.locator(`.day[data-date="${date}"]`).click();
    await page.locator(`.day--selected[data-date="${date}"]`).waitFor();
    await page.locator(".slot:not(.slot--taken)").first().click();
    await page.getByRole("button", { name: "Далее" }).click();
    await page.getByRole("heading", { level: 1, name: "Детали записи" }).waitFor();
    await page.getByLabel("Промокод").fill(code);
    await page.getByRole("button", { name: "Применить" }).click();
    await page.getByTestId("promo-applied").waitFor();
    expect(plain(await page.getByTestId("promo-applied").textContent())).toContain(`Промокод ${code}: скидка 400 ₽`);
    const rub = (s: string | null) => Number(plain(s).replace(/[^\d]/g, ""));
    expect(rub(await page.getByTestId("total-price").textContent())).toBe(rub(await page.getByTestId("price-before").textContent()) - 400);
    await shot("promo-edited-quote");
  });
});

describe("where the revenue came from, on the Stats screen", () => {
  it("splits completed visits' price into the promo discount, the certificate, points, the abonement, money online and at the desk", async () => {
    const admin = await openAdmin("/admin/promo-codes");
    const code = `SPLIT${Date.now() % 1_000_000}`;
    const promo = await api<{ promo_code: { id: number } }>("/admin/promo-codes", { method: "POST", token: admin, body: JSON.stringify({ code, amount_off_minor: 30_000 }) });
    // Two visits long ago, on a day no other test books: 1500 ₽ listed, 300 ₽ off, 500 ₽ by certificate, 100 ₽ in points with 400 ₽ paid online,
    // 200 ₽ at the desk; and 1500 ₽ paid by an abonement's visit worth 1000 ₽ of its price.
    const db = createClient({ url: stack.dbUrl });
    try {
      const { rows } = await db.execute({
        sql: `insert into bookings (service_id, staff_id, start_at, end_at, status, phone, price_total_minor, certificate_minor, currency)
              values (?, ?, '2024-02-14T07:00:00.000Z', '2024-02-14T07:45:00.000Z', 'completed', ?, 120000, 50000, 'RUB') returning id`,
        args: [HAIRCUT, ANNA, nextPhone()],
      });
      const id = Number(rows[0]!.id);
      await db.execute({ sql: `insert into promo_uses (promo_code_id, booking_id, discount_minor, price_before_minor, currency) values (?, ?, 30000, 150000, 'RUB')`, args: [promo.body.promo_code.id, id] });
      await db.execute({
        sql: `insert into payments (booking_id, provider, status, amount_minor, currency, points_used, idempotency_key) values (?, 'yookassa', 'succeeded', 40000, 'RUB', 10000, ?)`,
        args: [id, `e2e-split-${id}`],
      });
      const second = await db.execute({
        sql: `insert into bookings (service_id, staff_id, start_at, end_at, status, phone, price_total_minor, currency)
              values (?, ?, '2024-02-14T09:00:00.000Z', '2024-02-14T09:45:00.000Z', 'completed', ?, 150000, 'RUB') returning id`,
        args: [HAIRCUT, ANNA, nextPhone()],
      });
      const sold = await db.execute({
        sql: `insert into abonements (holder_user_id, name, kind, service_ids, price_minor, currency, status, sold_by)
              values ((select id from users order by id limit 1), 'Три стрижки', 'visits', '[3]', 300000, 'RUB', 'active', 'desk') returning id`,
        args: [],
      });
      await db.execute({
        sql: `insert into abonement_uses (abonement_id, booking_id, visit_date, status, covered_minor, value_minor, currency) values (?, ?, '2024-02-14', 'spent', 150000, 100000, 'RUB')`,
        args: [Number(sold.rows[0]!.id), Number(second.rows[0]!.id)],
      });
    } finally {
      db.close();
    }

    await page.goto("/admin/stats?from=2024-02-14&to=2024-02-14", { waitUntil: "domcontentloaded" });
    const split = page.getByTestId("revenue-split");
    await split.getByRole("heading", { name: "Из чего сложилась выручка" }).waitFor();
    const head = await split.locator("thead th").allTextContents();
    expect(head).toEqual(["Разрез", "Цена без скидок", "Скидки (промокоды)", "Сертификатами", "Баллами", "Абонементами", "Деньгами", "Деньгами онлайн", "Деньгами в салоне", "Доля цены абонементов", "Возвращено"]);
    const total = (await split.locator("tbody tr").first().locator("td").allTextContents()).map(plain);
    expect(total).toEqual(["Итого", "3 000 ₽", "300 ₽", "500 ₽", "100 ₽", "1 500 ₽", "600 ₽", "400 ₽", "200 ₽", "1 000 ₽", "0 ₽"]);
    const anna = (await split.locator("tbody tr", { hasText: "Анна Смирнова" }).locator("td").allTextContents()).map(plain);
    expect(anna.slice(1)).toEqual(total.slice(1));
    await shot("admin-stats-revenue-split");
  });
});

describe("the no-show deposit in the back office", () => {
  it("sets the deposit policy on the Депозиты screen and waives it for one client on their card", async () => {
    const admin = await openAdmin("/admin/deposits");
    try {
      await page.getByRole("heading", { level: 1, name: "Депозит от неявок" }).waitFor();
      await page.getByLabel("Депозит", { exact: true }).selectOption("percent");
      await page.getByLabel("Процент, %").fill("30");
      await page.getByLabel("С новых клиентов").check();
      await page.getByLabel("С тех, кто не приходил").check();
      await page.getByLabel("Неявок не меньше").fill("2");
      await page.getByLabel("За последние, мес.").fill("6");
      await page.getByRole("group", { name: /На услуги/ }).getByLabel("Стрижка мужская").check();
      await page.getByRole("button", { name: "Сохранить" }).click();
      await page.getByRole("status").getByText("Сохранено").waitFor();
      await page.getByText(/Политика включена/).waitFor();
      await page.getByTestId("deposit-stats").getByText(/^после:/).waitFor();
      await shot("admin-deposit-policy");
      const { body } = await api<{ policy: Record<string, unknown> }>("/admin/deposit-policy", { token: admin });
      expect(body.policy).toMatchObject({ kind: "percent", value: 30, new_clients: true, all_clients: false, no_show_count: 2, no_show_months: 6, service_ids: [HAIRCUT] });

      const phone = nextPhone();
      await signIn(phone);
      const found = await api<{ clients: { id: number }[] }>(`/admin/clients?q=${encodeURIComponent(phone.slice(-7))}`, { token: admin });
      const clientId = found.body.clients[0]!.id;
      await page.goto(`/admin/clients/${clientId}`, { waitUntil: "domcontentloaded" });
      const waiver = page.getByLabel("Не брать депозит с этого клиента");
      await waiver.waitFor();
      expect(await waiver.isChecked()).toBe(false);
      await waiver.check();
      await page.getByTestId("deposit-waiver").getByRole("status").waitFor();
      await shot("admin-client-deposit-waiver");
      expect((await api<{ deposit_waived: boolean }>(`/admin/clients/${clientId}`, { token: admin })).body.deposit_waived).toBe(true);
      await page.reload({ waitUntil: "domcontentloaded" });
      await page.getByLabel("Не брать депозит с этого клиента").waitFor();
      expect(await page.getByLabel("Не брать депозит с этого клиента").isChecked()).toBe(true);
    } finally {
      await api("/admin/deposit-policy", { method: "PUT", token: admin, body: JSON.stringify({ kind: "off" }) });
    }
  });

  it("waives the deposit of one held booking from its panel with a reason: confirmed without payment, the money summary says so", async () => {
    const admin = await openAdmin("/admin");
    try {
      expect((await api("/admin/deposit-policy", { method: "PUT", token: admin, body: JSON.stringify({ kind: "percent", value: 30, new_clients: false, no_show_count: null, all_clients: true, service_ids: [HAIRCUT] }) })).status).toBe(200);
      const booked = await bookHaircut();
      expect(booked.body.booking).toMatchObject({ status: "held", deposit_rule: "service" });
      const id = booked.body.booking.id;
      await page.goto(`/admin/calendar?date=${booked.body.booking.local_date}`, { waitUntil: "domcontentloaded" });
      await page.locator(`.cal-item[data-booking-id="${id}"]`).click();
      const dialog = page.getByRole("dialog", { name: `Запись №${id}` });
      await dialog.getByLabel("Почему не брать депозит").fill("постоянная клиентка, записалась по телефону");
      await shot("admin-booking-deposit-waiver");
      await dialog.getByRole("button", { name: "Подтвердить без депозита" }).click();
      const waived = dialog.getByTestId("summary-deposit-waived");
      await waived.waitFor();
      expect(plain(await waived.textContent())).toBe("Депозит 450 ₽ не взят: постоянная клиентка, записалась по телефону");
      expect(await dialog.getByRole("button", { name: "Подтвердить без депозита" }).count()).toBe(0);
      await waived.scrollIntoViewIfNeeded();
      await shot("admin-booking-deposit-waived");
      const { body } = await api<{ booking: { status: string }; money_summary: { deposit_waived: unknown } }>(`/admin/bookings/${id}`, { token: admin });
      expect(body.booking.status).toBe("confirmed");
    } finally {
      await api("/admin/deposit-policy", { method: "PUT", token: admin, body: JSON.stringify({ kind: "off" }) });
    }
  });
});
