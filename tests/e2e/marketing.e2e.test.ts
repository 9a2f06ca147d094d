// Advertising consent and campaigns (38-FZ) in Chromium against the real
// local stack: a customer gives and withdraws consent per channel in the
// profile; an admin sends a campaign from the back office, it reaches only the
// client who consented, and its unsubscribe link works signed out. Screens are
// saved to test-results/screens/marketing-*.png.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { join } from "node:path";
import { createClient } from "@libsql/client";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { phoneSuite, SCREENS, WAIT_MS } from "./phone-suite";
import type { LocalStack } from "./stack";
import { stackApi } from "./stack-api";

const OLGA = { id: 3, name: "Ольга Кузнецова" };
const MANICURE = 5;
const DAY = 86_400_000;

let stack: LocalStack;
let browser: Browser;
let page: Page;
const { api, signIn, nextPhone } = stackApi(() => stack);

phoneSuite({ serviceWorkers: "block" }, (s) => {
  ({ stack, browser, page } = s);
});

const shot = (p: Page, name: string) => p.screenshot({ path: join(SCREENS, `marketing-${name}.png`), fullPage: true });
const signedIn = (p: Page, token: string) => p.addInitScript((t) => localStorage.setItem("salon.token", t), token);

type Consents = { channels: Record<"sms" | "email" | "push", { granted: boolean }>; history: unknown[] };

/** A customer with a completed visit to Olga `daysAgo` days ago. */
async function pastClient(daysAgo: number): Promise<{ phone: string; token: string }> {
  const phone = nextPhone();
  const token = await signIn(phone);
  const db = createClient({ url: stack.dbUrl });
  const start = Date.now() - daysAgo * DAY;
  await db.execute({
    sql: `insert into bookings (user_id, service_id, staff_id, start_at, end_at, status, phone, price_total_minor, currency)
          values ((select id from users where phone = ?), ?, ?, ?, ?, 'completed', ?, 150000, 'RUB')`,
    args: [phone, MANICURE, OLGA.id, new Date(start).toISOString(), new Date(start + 90 * 60_000).toISOString(), phone],
  });
  db.close();
  return { phone, token };
}

async function campaignMessage(phone: string): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const { body } = await api<{ messages: { kind: string; body: string }[] }>(`/dev/outbox?phone=${encodeURIComponent(phone)}`);
    const found = body.messages.find((m) => m.kind === "campaign");
    if (found) return found.body;
    await new Promise((r) => setTimeout(r, 150)); // poll, bounded by the deadline
  }
  throw new Error(`no campaign message to ${phone}`);
}

describe("advertising consent in the profile", () => {
  it("is off by default, given and withdrawn per channel, with its history", async () => {
    const token = await signIn(nextPhone());
    await signedIn(page, token);
    await page.goto("/profile", { waitUntil: "domcontentloaded" });
    const section = page.getByTestId("marketing-consents");
    await section.getByRole("heading", { name: "Рекламные сообщения" }).waitFor();
    const sms = section.getByLabel("По SMS");
    const email = section.getByLabel("По электронной почте");
    const push = section.getByLabel("Уведомлениями в браузере");
    for (const box of [sms, email, push]) expect(await box.isChecked()).toBe(false);

    await sms.check();
    await expect.poll(async () => (await api<Consents>("/me/marketing", { token })).body.channels.sms.granted).toBe(true);
    await email.check();
    await expect.poll(async () => (await api<Consents>("/me/marketing", { token })).body.channels.email.granted).toBe(true);
    await sms.uncheck();
    await expect.poll(async () => (await api<Consents>("/me/marketing", { token })).body.channels.sms.granted).toBe(false);

    await section.getByText("История согласий").click();
    await expect.poll(() => page.getByTestId("marketing-history").locator("li").count()).toBe(3);
    expect(await page.getByTestId("marketing-history").locator("li").first().textContent()).toContain("По SMS: согласие отозвано");
    await shot(page, "profile");

    // After a reload the page shows what the salon holds.
    await page.reload({ waitUntil: "domcontentloaded" });
    await section.getByRole("heading", { name: "Рекламные сообщения" }).waitFor();
    await expect.poll(() => email.isChecked()).toBe(true);
    expect(await sms.isChecked()).toBe(false);
    expect(await push.isChecked()).toBe(false);
  });
});

describe("a campaign from the back office", () => {
  it("reaches only the consenting client, whose unsubscribe link then works signed out", async () => {
    const consenting = await pastClient(90);
    const silent = await pastClient(90);
    expect((await api("/me/marketing", { method: "PUT", token: consenting.token, body: JSON.stringify({ sms: true }) })).status).toBe(200);

    const admin = await browser.newContext({ baseURL: stack.baseUrl, viewport: { width: 1366, height: 900 }, locale: "ru-RU", timezoneId: "Europe/Moscow", serviceWorkers: "block" });
    admin.setDefaultTimeout(WAIT_MS);
    try {
      const adminPage = await admin.newPage();
      await signedIn(adminPage, await signIn("+79990000001"));
      await adminPage.goto("/admin/campaigns", { waitUntil: "domcontentloaded" });
      await adminPage.getByRole("heading", { level: 1, name: "Рекламные рассылки" }).waitFor();
      await adminPage.getByRole("link", { name: "Рассылки" }).waitFor();
      await adminPage.getByLabel("Были у мастера").selectOption({ label: OLGA.name });
      await adminPage.getByLabel("Не были дольше, дней").fill("60");
      await expect.poll(() => adminPage.getByTestId("campaign-preview").textContent()).toBe("Подходит клиентов: 2. Получат (есть согласие): 1. Без согласия: 1.");
      await adminPage.getByLabel("Текст сообщения").fill("Скучаем по вам! −15% на маникюр до конца месяца.");
      await shot(adminPage, "admin-campaign-form");
      await adminPage.getByRole("button", { name: "Отправить 1 клиентам" }).click();
      await adminPage.getByTestId("campaign-sent").waitFor();
      const row = adminPage.getByTestId("campaign-list").locator("tbody tr").first();
      expect(await row.textContent()).toContain("Скучаем по вам!");

      const message = await campaignMessage(consenting.phone);
      const link = new RegExp(`${stack.baseUrl.replace(/[.:/]/g, "\\$&")}/u/\\S+`).exec(message)?.[0];
      expect(link, message).toBeTruthy();
      const silentMessages = await api<{ messages: { kind: string }[] }>(`/dev/outbox?phone=${encodeURIComponent(silent.phone)}`);
      expect(silentMessages.body.messages.filter((m) => m.kind === "campaign")).toEqual([]);

      // The client opens the link on a phone where nobody is signed in.
      await page.goto(link!, { waitUntil: "domcontentloaded" });
      await page.getByText("Больше не присылать вам рекламные SMS салона?").waitFor();
      await shot(page, "unsubscribe");
      await page.getByRole("button", { name: "Отписаться" }).click();
      await page.getByTestId("unsubscribed").waitFor();
      await shot(page, "unsubscribed");
      expect((await api<Consents>("/me/marketing", { token: consenting.token })).body.channels.sms.granted).toBe(false);

      await adminPage.reload({ waitUntil: "domcontentloaded" });
      await expect.poll(() => adminPage.getByTestId("campaign-list").locator("tbody tr").first().locator('[data-col="unsubscribed"]').textContent()).toBe("1");
      await expect.poll(() => adminPage.getByTestId("campaign-list").locator("tbody tr").first().locator('[data-col="sent"]').textContent()).toBe("1");
      await shot(adminPage, "admin-campaigns");
    } finally {
      await admin.close();
    }
  });
});
