// Money products sold through the development checkout (the test provider,
// as `npm start` runs) in the PWA against the real local stack, at a phone's
// 390×844: a customer buys a gift certificate as a gift
// (/pay/test/certificate/{id}), the recipient's message carries the code and
// the balance link, and the code pays for a booking on the details step; a
// customer buys one of the demo salon's seeded abonements
// (/pay/test/abonement/{id}) and sees it active in «Мои записи».
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type LocalStack } from "./stack";
import { phoneSuite, SCREENS } from "./phone-suite";
import { freeDayFrom, stackApi, salonDate } from "./stack-api";

const HAIRCUT = 3; // 45 min, 1500 ₽, nothing ahead

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const { api, signIn: apiSignIn, nextPhone } = stackApi(() => stack);
const shot = (name: string) => page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
const plain = (s: string | null) => (s ?? "").replace(/\s/g, " ");

phoneSuite({ serviceWorkers: "block" }, (s) => {
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

describe("gift certificates", () => {
  it("buys a certificate as a gift, the recipient's link shows its balance, and the code pays for a booking", async () => {
    // A buyer with an email: the demo salon mails its fiscal receipts.
    const phone = nextPhone();
    const token = await apiSignIn(phone);
    await sql("update users set email = ? where phone = ?", [`buyer${Date.now()}@example.ru`, phone]);
    await page.goto("/signin", { waitUntil: "domcontentloaded" });
    await page.getByLabel("Телефон", { exact: true }).waitFor();
    await page.evaluate((t) => localStorage.setItem("salon.token", t), token);

    await page.goto("/certificates", { waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { level: 1, name: "Подарочные сертификаты" }).waitFor();
    await page.getByLabel("Другая сумма, ₽").first().check();
    await page.getByRole("textbox", { name: "Другая сумма, ₽" }).fill("2000");
    await page.getByLabel("В подарок").check();
    const recipient = `maria${Date.now()}@example.ru`;
    await page.getByLabel("Имя получателя").fill("Мария");
    await page.getByLabel("Эл. почта получателя").fill(recipient);
    await page.getByLabel("Пожелание").fill("С днём рождения!");
    await shot("certificate-buy");
    await page.getByRole("button", { name: "Перейти к оплате" }).click();

    await page.waitForURL(/\/pay\/test\/certificate\/\d+$/);
    expect(plain(await page.getByLabel("Сумма к оплате").textContent())).toBe("2 000,00 ₽");
    await page.getByRole("button", { name: "Оплатить" }).click();
    await page.waitForURL(/\/certificates\?paid=\d+$/);
    await page.getByTestId("certificate-paid").waitFor();
    const code = (await page.getByTestId("certificate-code").first().textContent())!.trim();
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    await shot("certificate-bought");

    // The recipient's message: the code and the link to its balance.
    await expect
      .poll(async () => (await api<{ messages: { kind: string; body: string }[] }>(`/dev/outbox?email=${encodeURIComponent(recipient)}`)).body.messages.find((m) => m.kind === "certificate_gift")?.body ?? "")
      .toContain(code);
    const { body } = await api<{ messages: { kind: string; body: string }[] }>(`/dev/outbox?email=${encodeURIComponent(recipient)}`);
    const link = /https?:\/\/\S+\/certificate\/\S+/.exec(body.messages.find((m) => m.kind === "certificate_gift")!.body)![0];
    await page.goto(new URL(link).pathname, { waitUntil: "domcontentloaded" });
    await page.getByTestId("certificate-balance").waitFor();
    expect(plain(await page.getByTestId("balance-amount").textContent())).toBe("2 000 ₽");
    await shot("certificate-balance");

    // The code pays for a haircut on the details step.
    await page.goto(`/book/${HAIRCUT}`, { waitUntil: "domcontentloaded" });
    await page.getByLabel(/Анна Смирнова/).check();
    const date = await freeDayFrom(page, salonDate(3));
    await page.locator(`.day[data-date="${date}"]`).click();
    await page.locator(`.day--selected[data-date="${date}"]`).waitFor();
    await page.locator(".slot:not(.slot--taken)").first().click();
    await page.getByRole("button", { name: "Далее" }).click();
    await page.getByRole("heading", { level: 1, name: "Детали записи" }).waitFor();
    await page.getByLabel("Код подарочного сертификата (если есть)").fill("ABCD-EFGH-JKMN");
    await page.getByRole("button", { name: "Записаться" }).click();
    await page.getByRole("alert").getByText("Сертификата с таким кодом нет — проверьте код.").waitFor();
    await page.getByLabel("Код подарочного сертификата (если есть)").fill(code.toLowerCase());
    await shot("certificate-details");
    await page.getByRole("button", { name: "Записаться" }).click();
    await page.getByRole("heading", { level: 1, name: "Вы записаны" }).waitFor({ timeout: 30_000 });
    expect(plain(await page.getByTestId("money-certificate").textContent())).toBe("1 500 ₽");
    expect(plain(await page.getByTestId("money-left").textContent())).toBe("0 ₽");
    await shot("certificate-redeemed");
    const left = await api<{ certificate: { balance: { amount_minor: number } } }>(`/certificates/balance/${code}`);
    expect(left.body.certificate.balance.amount_minor).toBe(50_000);
  });

  it("issues a certificate at the desk in the back office and pays the rest of a booking with it from the booking panel", async () => {
    const admin = await apiSignIn("+79990000001");
    const customer = await apiSignIn(nextPhone());
    let booked: { id: number; local_date: string } | undefined;
    for (let d = 5; d < 20 && !booked; d++) {
      const date = salonDate(d);
      const { body } = await api<{ slots: { time: string; available: boolean; staff_ids?: number[] }[] }>(`/booking/time-slots/${HAIRCUT}?date=${date}`);
      const free = body.slots?.find((s) => s.available && s.staff_ids?.length);
      if (!free) continue;
      const made = await api<{ booking: { id: number; local_date: string } }>("/bookings", {
        method: "POST",
        token: customer,
        headers: { "Idempotency-Key": `e2e-cert-${Date.now()}` },
        body: JSON.stringify({ service_id: HAIRCUT, staff_id: free.staff_ids![0], appointment_datetime: `${date}T${free.time}` }),
      });
      booked = made.body.booking;
    }
    await page.goto("/signin", { waitUntil: "domcontentloaded" });
    await page.getByLabel("Телефон", { exact: true }).waitFor();
    await page.evaluate((t) => localStorage.setItem("salon.token", t), admin);

    await page.goto("/admin/certificates", { waitUntil: "domcontentloaded" });
    await page.getByLabel("Номинал, ₽").fill("1000");
    await page.getByLabel("Получатель", { exact: true }).fill("Ирина");
    await page.getByRole("button", { name: "Выдать сертификат" }).click();
    const issued = (await page.getByTestId("issued-code").textContent())!;
    const code = /[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}/.exec(issued)![0];
    await page.locator("tr[data-certificate-id]", { hasText: code }).waitFor();
    await shot("certificate-admin-issued");

    await page.goto(`/admin/calendar?date=${booked!.local_date}`, { waitUntil: "domcontentloaded" });
    await page.locator(`.cal-item[data-booking-id="${booked!.id}"]`).first().click();
    await page.getByLabel("Оплатить остаток сертификатом").fill(code);
    await page.getByRole("button", { name: "Списать" }).click();
    await expect.poll(async () => plain(await page.getByTestId("panel-certificate-used").textContent().catch(() => ""))).toBe("Оплачено сертификатом: 1 000 ₽");
    await shot("certificate-admin-redeemed");
    const left = await api<{ certificate: { balance: { amount_minor: number } } }>(`/certificates/balance/${code}`);
    expect(left.body.certificate.balance.amount_minor).toBe(0);
  });
});

describe("abonements through the development checkout", () => {
  it("buys the demo salon's «5 стрижек за 90 дней» through the test checkout (declined once, then paid) and sees it active in «Мои записи»", async () => {
    const name = "5 стрижек за 90 дней";
    const phone = nextPhone();
    const token = await apiSignIn(phone);
    // The demo salon mails its fiscal receipts: the buyer has an email.
    const email = `abon${Date.now()}@example.ru`;
    await sql("update users set email = ? where phone = ?", [email, phone]);
    await page.goto("/signin", { waitUntil: "domcontentloaded" });
    await page.getByLabel("Телефон", { exact: true }).waitFor();
    await page.evaluate((t) => localStorage.setItem("salon.token", t), token);

    await page.goto("/abonements", { waitUntil: "domcontentloaded" });
    const card = page.locator('[data-testid="abonement-type"]', { hasText: name });
    await card.waitFor();
    expect(plain(await card.textContent())).toContain("6 500 ₽");
    expect(plain(await card.textContent())).toContain("Визитов: 5, срок 90 дн.");
    expect(await page.locator('[data-testid="abonement-type"]', { hasText: "Безлимит на массаж спины на месяц" }).count()).toBe(1);
    await shot("abonement-demo-types");

    // At the checkout the customer first declines: back to the page, nothing bought.
    await card.getByRole("button", { name: `Купить абонемент «${name}»` }).click();
    await page.waitForURL(/\/pay\/test\/abonement\/\d+$/);
    await page.getByRole("heading", { level: 1, name: "Оплата абонемента" }).waitFor();
    await page.getByRole("button", { name: "Отклонить" }).click();
    await page.waitForURL(/\/abonements\?paid=0$/);
    await card.waitFor();
    expect(await page.getByTestId("abonement-paid").count()).toBe(0);
    expect(await page.locator('[data-testid="my-abonement"]', { hasText: name }).count()).toBe(0);

    // Then pays.
    await card.getByRole("button", { name: `Купить абонемент «${name}»` }).click();
    await page.waitForURL(/\/pay\/test\/abonement\/\d+$/);
    const abonementId = Number(/(\d+)$/.exec(page.url())![1]);
    expect(plain(await page.getByLabel("Сумма к оплате").textContent())).toBe("6 500,00 ₽");
    expect(plain(await page.getByRole("region", { name: "Чек" }).textContent())).toContain(email);
    await shot("abonement-test-checkout");
    await page.getByRole("button", { name: "Оплатить" }).click();
    await page.waitForURL(new RegExp(`/abonements\\?paid=${abonementId}$`));
    await page.getByTestId("abonement-paid").waitFor();
    await shot("abonement-demo-paid");

    await page.goto("/bookings", { waitUntil: "domcontentloaded" });
    const mine = page.locator(`[data-testid="my-abonement"][data-abonement-id="${abonementId}"]`);
    await mine.waitFor();
    expect(plain(await mine.locator(".badge").textContent()).trim()).toBe("активен");
    expect(plain(await mine.getByTestId("abonement-left").textContent()).trim()).toBe("5 из 5");
    await mine.getByTestId("abonement-until").waitFor();
    await shot("abonement-demo-my-bookings");
  });
});
