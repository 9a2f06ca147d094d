// Abonements in the PWA and the back office against the real local stack, at a
// phone's 390×844, payments through the fake YooKassa: a customer buys one online,
// sees it in «Мои записи», books a covered haircut with it (the price covered),
// and the salon sees the visit reserved, then spent once completed; an admin
// creates a type, sells one at the desk and freezes it. Each screen passes axe.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { startFakeYooKassa, type FakeYooKassa } from "../fakes/yookassa";
import { type LocalStack } from "./stack";
import { phoneSuite, SCREENS } from "./phone-suite";
import { freeDayFrom, stackApi, salonDate } from "./stack-api";

const HAIRCUT = 3; // «Стрижка мужская», 45 min, 1500 ₽, nothing ahead
const ADMIN = "+79990000001";
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let yookassa: FakeYooKassa;

const { api, signIn: apiSignIn, nextPhone } = stackApi(() => stack);
const shot = (name: string) => page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
const plain = (s: string | null) => (s ?? "").replace(/\s/g, " ").trim();
const unique = () => String(Date.now() % 1_000_000);
// One sign-in per file: sign-in codes are rate limited per phone.
let adminToken: string | undefined;
const asAdmin = async () => (adminToken ??= await apiSignIn(ADMIN));

phoneSuite({ serviceWorkers: "block", fakes: async () => (yookassa = await startFakeYooKassa()) }, (s) => {
  ({ stack, browser, context, page } = s);
});

async function sql(statement: string, args: (string | number)[]) {
  const db = createClient({ url: stack.dbUrl });
  try {
    return await db.execute({ sql: statement, args });
  } finally {
    db.close();
  }
}

/**
 * WCAG 2.1 A/AA violations on the page as it is now (as tests/e2e/accessibility.e2e.test.ts
 * checks every screen). axe is evaluated through the devtools protocol, which the pages' CSP
 * does not govern (a script tag would be refused).
 */
async function axeViolations(): Promise<string[]> {
  await page.evaluate(readFileSync(AXE, "utf8"));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`);
  });
}

/** The next page load is signed in with `token` (the app reads it at start; the sign-in screen is the first page of the origin). */
async function signedInAs(token: string) {
  if (!page.url().startsWith(stack.baseUrl)) {
    await page.goto("/signin", { waitUntil: "domcontentloaded" });
    await page.getByLabel("Телефон", { exact: true }).waitFor();
  }
  await page.evaluate((t) => localStorage.setItem("salon.token", t), token);
}

describe("abonements", () => {
  it("sells an abonement online, shows it in «Мои записи», pays a covered haircut with it, and the salon sees the visit reserved, then spent", async () => {
    const admin = await asAdmin();
    const name = `Три стрижки ${unique()}`;
    const created = await api<{ type: { id: number } }>("/admin/abonement-types", {
      method: "POST",
      token: admin,
      body: JSON.stringify({ name, kind: "visits", visits_count: 3, validity_days: 60, price_minor: 400_000, service_ids: [HAIRCUT], freeze_max_days: 14 }),
    });
    expect(created.status).toBe(201);

    // A buyer with an email: the demo salon mails its fiscal receipts.
    const phone = nextPhone();
    const customer = await apiSignIn(phone);
    await sql("update users set email = ? where phone = ?", [`abonement${Date.now()}@example.ru`, phone]);
    await signedInAs(customer);

    await page.goto("/abonements", { waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { level: 1, name: "Абонементы" }).waitFor();
    const card = page.locator(`[data-testid="abonement-type"][data-type-id="${created.body.type.id}"]`);
    await card.waitFor();
    expect(plain(await card.textContent())).toContain("Визитов: 3, срок 60 дн.");
    expect(plain(await card.textContent())).toContain("4 000 ₽");
    await shot("abonement-types");
    await card.getByRole("button", { name: `Купить абонемент «${name}»` }).click();

    // The customer is at YooKassa's checkout; YooKassa takes the money and sends them back.
    await page.waitForURL((url) => url.href.startsWith(`${yookassa.url}/checkout?orderId=`));
    const paymentId = new URL(page.url()).searchParams.get("orderId")!;
    expect((await fetch(`${yookassa.url}/__fake/payments/${paymentId}/succeed`, { method: "POST" })).status).toBe(200);
    // Money for visits not chosen yet: the sale's receipt is an advance (54-FZ).
    const sent = (await (await fetch(`${yookassa.url}/__fake/sent-receipt/${paymentId}`)).json()) as { receipt: { items: { payment_mode: string; payment_subject: string }[] } | null };
    expect(sent.receipt?.items.map((i) => `${i.payment_mode}/${i.payment_subject}`)).toEqual(["advance/payment"]);
    const { items } = (await (await fetch(`${yookassa.url}/__fake/payments`)).json()) as { items: { id: string; confirmation: { return_url: string } }[] };
    await page.goto(items.find((p) => p.id === paymentId)!.confirmation.return_url, { waitUntil: "domcontentloaded" });
    await page.getByTestId("abonement-paid").waitFor();
    const mine = page.locator('[data-testid="my-abonement"]', { hasText: name });
    await expect.poll(async () => plain(await mine.getByTestId("abonement-left").textContent())).toBe("3 из 3");
    await shot("abonement-bought");

    await page.goto("/bookings", { waitUntil: "domcontentloaded" });
    const inMyBookings = page.locator('[data-testid="my-abonement"]', { hasText: name });
    await inMyBookings.waitFor();
    expect(plain(await inMyBookings.getByTestId("abonement-services").textContent())).toBe("Стрижка мужская");
    await shot("abonement-my-bookings");

    // A haircut with Anna: the details step offers the abonement, on by default (the only one that can pay).
    await page.goto(`/book/${HAIRCUT}`, { waitUntil: "domcontentloaded" });
    await page.getByLabel(/Анна Смирнова/).check();
    const date = await freeDayFrom(page, salonDate(3));
    await page.locator(`.day[data-date="${date}"]`).click();
    await page.locator(`.day--selected[data-date="${date}"]`).waitFor();
    await page.locator(".slot:not(.slot--taken)").first().click();
    await page.getByRole("button", { name: "Далее" }).click();
    await page.getByRole("heading", { level: 1, name: "Детали записи" }).waitFor();
    await expect.poll(() => page.getByLabel("Оплатить абонементом").isChecked()).toBe(true);
    await expect.poll(async () => plain(await page.getByTestId("abonement-covered").textContent())).toBe("1 500 ₽");
    expect(plain(await page.getByTestId("abonement-left-to-pay").textContent())).toBe("0 ₽");
    expect(await page.getByLabel("Код подарочного сертификата (если есть)").count()).toBe(0);
    await shot("abonement-details");
    await page.getByRole("button", { name: "Записаться" }).click();
    await page.getByRole("heading", { level: 1, name: "Вы записаны" }).waitFor({ timeout: 30_000 });
    expect(plain(await page.getByTestId("money-abonement").textContent())).toContain("1 500 ₽");
    expect(plain(await page.getByTestId("money-left").textContent())).toBe("0 ₽");
    await shot("abonement-booked");
    const bookingId = Number(/\/bookings\/(\d+)/.exec(page.url())![1]);
    const { body: own } = await api<{ abonements: { id: number; name: string }[] }>("/me/abonements", { token: customer });
    const abonementId = own.abonements.find((a) => a.name === name)!.id;

    // The salon: sold online, one visit booked, two left.
    await signedInAs(admin);
    await page.goto("/admin/abonements", { waitUntil: "domcontentloaded" });
    const row = page.locator(`tr[data-abonement-id="${abonementId}"]`);
    await row.waitFor();
    expect(plain(await row.getByTestId("abonement-usage").textContent())).toBe("0 / 1 / 2");
    expect(plain(await row.textContent())).toContain("активен · онлайн");
    await shot("abonement-admin-sold");

    // The visit took place yesterday; the salon marks it completed in the booking panel.
    const day = salonDate(-1);
    await sql("update bookings set start_at = ?, end_at = ? where id = ?", [new Date(`${day}T12:00:00+03:00`).toISOString(), new Date(`${day}T12:45:00+03:00`).toISOString(), bookingId]);
    await page.goto(`/admin/calendar?date=${day}`, { waitUntil: "domcontentloaded" });
    await page.locator(`.cal-item[data-booking-id="${bookingId}"]`).first().click();
    const panel = page.getByRole("dialog", { name: `Запись №${bookingId}` });
    expect(plain(await panel.getByTestId("summary-abonement").textContent())).toBe(`${name}: оплачено 1 500 ₽ · в записи`);
    await panel.getByRole("button", { name: "Состоялась" }).click();
    await expect.poll(async () => plain(await panel.getByTestId("summary-abonement").textContent().catch(() => ""))).toBe(`${name}: оплачено 1 500 ₽ · потрачен`);
    await shot("abonement-admin-completed");

    await page.goto(`/admin/abonements/${abonementId}`, { waitUntil: "domcontentloaded" });
    await expect.poll(async () => plain(await page.getByTestId("abonement-usage").textContent())).toBe("1 / 0 / 2");
    expect(plain(await page.locator(`tr[data-booking-id="${bookingId}"]`).getByTestId("use-status").textContent())).toBe("потрачен");
    await shot("abonement-admin-detail");
  });

  it("shows the server's refusal of the abonement at its field and books nothing", async () => {
    const admin = await asAdmin();
    const type = await api<{ type: { id: number } }>("/admin/abonement-types", {
      method: "POST",
      token: admin,
      body: JSON.stringify({ name: `Две стрижки ${unique()}`, kind: "visits", visits_count: 2, validity_days: 30, price_minor: 280_000, service_ids: [HAIRCUT] }),
    });
    const phone = nextPhone();
    const sold = await api<{ abonement: { id: number } }>("/admin/abonements", { method: "POST", token: admin, headers: { "Idempotency-Key": `e2e-abon-${unique()}` }, body: JSON.stringify({ type_id: type.body.type.id, phone }) });
    expect(sold.status).toBe(201);
    const customer = await apiSignIn(phone);
    await signedInAs(customer);

    await page.goto(`/book/${HAIRCUT}`, { waitUntil: "domcontentloaded" });
    await page.getByLabel(/Анна Смирнова/).check();
    const date = await freeDayFrom(page, salonDate(4));
    await page.locator(`.day[data-date="${date}"]`).click();
    await page.locator(`.day--selected[data-date="${date}"]`).waitFor();
    await page.locator(".slot:not(.slot--taken)").first().click();
    await page.getByRole("button", { name: "Далее" }).click();
    await expect.poll(() => page.getByLabel("Оплатить абонементом").isChecked()).toBe(true);
    // Meanwhile the salon voids it.
    expect((await api(`/admin/abonements/${sold.body.abonement.id}/void`, { method: "POST", token: admin, body: JSON.stringify({ reason: "Оформлен по ошибке" }) })).status).toBe(200);
    await page.getByRole("button", { name: "Записаться" }).click();
    await expect.poll(async () => plain(await page.getByTestId("abonement-error").textContent().catch(() => ""))).toBe("Абонемент не активен: он ещё не оплачен или аннулирован.");
    await shot("abonement-refused");
    const { body } = await api<{ bookings: unknown[] }>("/bookings", { token: customer });
    expect(body.bookings).toEqual([]);
  });

  it("queues an abonement booking made offline with its abonement, and shows the refusal on the queued entry when the replay is refused", async () => {
    const admin = await asAdmin();
    const type = await api<{ type: { id: number } }>("/admin/abonement-types", {
      method: "POST",
      token: admin,
      body: JSON.stringify({ name: `Стрижки офлайн ${unique()}`, kind: "visits", visits_count: 2, validity_days: 30, price_minor: 280_000, service_ids: [HAIRCUT] }),
    });
    const phone = nextPhone();
    const sold = await api<{ abonement: { id: number } }>("/admin/abonements", { method: "POST", token: admin, headers: { "Idempotency-Key": `e2e-abon-${unique()}` }, body: JSON.stringify({ type_id: type.body.type.id, phone }) });
    expect(sold.status).toBe(201);
    const customer = await apiSignIn(phone);
    await signedInAs(customer);

    // Online: «Мои записи» first (its code stays loaded: no service worker here), then to the details step in the app.
    await page.goto("/bookings", { waitUntil: "domcontentloaded" });
    await page.locator('[data-testid="my-abonement"]').waitFor();
    await page.getByRole("link", { name: "Записаться ещё" }).click();
    await page.getByRole("link", { name: /Стрижка мужская/ }).first().click();
    await page.getByRole("link", { name: "Выбрать время" }).click();
    await page.getByLabel(/Анна Смирнова/).check();
    const date = await freeDayFrom(page, salonDate(5));
    await page.locator(`.day[data-date="${date}"]`).click();
    await page.locator(`.day--selected[data-date="${date}"]`).waitFor();
    await page.locator(".slot:not(.slot--taken)").first().click();
    await page.getByRole("button", { name: "Далее" }).click();
    await expect.poll(() => page.getByLabel("Оплатить абонементом").isChecked()).toBe(true);

    await context.setOffline(true);
    await page.getByRole("button", { name: "Записаться" }).click();
    const entry = page.locator(".outbox-entry");
    await entry.waitFor();
    expect(await entry.getAttribute("data-state")).toBe("queued");
    const queued = await page.evaluate(() => new Promise<unknown[]>((resolve, reject) => {
      const open = indexedDB.open("salon");
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const names = [...open.result.objectStoreNames];
        const store = names.find((n) => n.includes("outbox"));
        if (!store) return resolve([]);
        const all = open.result.transaction(store).objectStore(store).getAll();
        all.onsuccess = () => resolve(all.result as unknown[]);
      };
    }));
    expect(JSON.stringify(queued)).toContain(`"abonement_id":${sold.body.abonement.id}`);
    // The salon voids the abonement before the phone is back online.
    expect((await api(`/admin/abonements/${sold.body.abonement.id}/void`, { method: "POST", token: admin, body: JSON.stringify({ reason: "Возврат денег" }) })).status).toBe(200);
    await context.setOffline(false);
    await expect.poll(() => entry.getAttribute("data-state"), { timeout: 30_000 }).toBe("failed");
    expect(plain(await entry.getByRole("alert").textContent())).toBe("Абонемент не активен: он ещё не оплачен или аннулирован.");
    await shot("abonement-offline-refused");
  });

  it("creates a type in the back office, sells it at the desk for a phone, freezes, extends and voids it with a reason", async () => {
    const admin = await asAdmin();
    await signedInAs(admin);
    const name = `Пять стрижек ${unique()}`;
    await page.goto("/admin/abonements", { waitUntil: "domcontentloaded" });
    const typeForm = page.getByRole("form", { name: "Новый вид абонемента" });
    await typeForm.getByLabel("Название").fill(name);
    await typeForm.getByLabel("Визитов").fill("5");
    await typeForm.getByLabel("Срок, дней").fill("30");
    await typeForm.getByLabel("Цена, ₽").fill("5000");
    await typeForm.getByLabel("Заморозка, дней всего (0 — нельзя)").fill("10");
    await typeForm.getByLabel("Стрижка мужская").check();
    await typeForm.getByRole("button", { name: "Создать вид" }).click();
    await page.getByText(`Вид «${name}» создан`).waitFor();
    // A blank form for the next type, its defaults back (on sale, online too).
    expect(await typeForm.getByLabel("Название").inputValue()).toBe("");
    expect(await typeForm.getByLabel("Продаётся", { exact: true }).isChecked()).toBe(true);
    const typeRow = page.locator("tr[data-abonement-type-id]", { hasText: name });
    expect(plain(await typeRow.textContent())).toContain("5 виз. / 30 дн.");
    expect(await axeViolations(), "/admin/abonements: WCAG 2.1 AA violations").toEqual([]);

    const sale = page.getByRole("form", { name: "Продать на кассе" });
    await sale.getByLabel("Абонемент").selectOption({ label: `${name} — 5 000 ₽` });
    await sale.getByLabel("Телефон клиента").fill(nextPhone());
    // Enter submits, as at a desk's keyboard.
    await sale.getByLabel("Телефон клиента").press("Enter");
    await page.getByTestId("abonement-sold").getByRole("link").click();
    await page.getByTestId("abonement-detail").waitFor();
    expect(plain(await page.getByTestId("abonement-status").textContent())).toBe("активен · касса");
    expect(plain(await page.getByTestId("abonement-usage").textContent())).toBe("0 / 0 / 5");
    const until = plain(await page.getByTestId("abonement-until").textContent());

    const freeze = page.getByRole("form", { name: "Заморозить" });
    await freeze.getByLabel("С даты").fill(salonDate(2));
    await freeze.getByLabel("Дней").fill("7");
    await freeze.getByLabel("Причина (попадёт в журнал)").fill("Отпуск клиента");
    await freeze.getByRole("button", { name: "Заморозить" }).click();
    await expect.poll(async () => plain(await page.getByTestId("abonement-freezes").textContent())).toContain("Заморожено дней: 7 из 10");
    expect(plain(await page.getByTestId("abonement-freezes").textContent())).toContain("Отпуск клиента");
    // The expiry moves by the frozen days.
    expect(plain(await page.getByTestId("abonement-until").textContent())).not.toBe(until);
    await shot("abonement-admin-frozen");
    expect(await axeViolations(), "/admin/abonements/{id}: WCAG 2.1 AA violations").toEqual([]);

    // Extended through a chosen last day, then voided, each with a reason.
    const last = salonDate(90);
    const extend = page.getByRole("form", { name: "Продлить" });
    await extend.getByLabel("Действует по (включительно)").fill(last);
    await extend.getByLabel("Причина (попадёт в журнал)").fill("Болел, продлеваем");
    await extend.getByRole("button", { name: "Продлить" }).click();
    await expect.poll(async () => plain(await page.getByTestId("abonement-until").textContent())).toBe(last.split("-").reverse().join("."));
    const voiding = page.getByRole("form", { name: "Аннулировать" });
    await voiding.getByLabel("Причина (попадёт в журнал)").fill("Клиент вернул абонемент");
    await voiding.getByRole("button", { name: "Аннулировать" }).click();
    await expect.poll(async () => plain(await page.getByTestId("abonement-status").textContent())).toBe("аннулирован · касса · Клиент вернул абонемент");
  });
});
