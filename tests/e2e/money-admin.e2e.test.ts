// The salon's money products in the back office against the real local stack,
// at a desktop's 1280×900: the admin creates a promo code on its screen and
// sees it listed with the uses and the revenue a booking made with it gave
// away, switches it off; sets the no-show deposit policy; waives the deposit
// for one client on their card.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { join } from "node:path";
import { type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type LocalStack } from "./stack";
import { phoneSuite, SCREENS } from "./phone-suite";
import { stackApi, salonDate } from "./stack-api";

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
