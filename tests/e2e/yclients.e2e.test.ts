// The hybrid in the browser, against the real local stack with the YClients
// sandbox (the fake of tests/fakes/yclients.ts, as `npm start --
// --yclients-sandbox` runs it): linked service → YClients form in the iframe
// → record webhook → the booking in "my bookings"; then the sandbox stops and
// the same service falls back to our own booking screens, or to the salon's
// phone when the salon allows no fallback.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAKE_WEBHOOK_SECRET, startFakeYClients, type FakeYClients } from "../fakes/yclients";
import { chromiumLaunchOptions, chromiumPath, phoneContext } from "../support/chromium";
import { startLocalStack, type LocalStack } from "./stack";

const DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));
const CHROMIUM = chromiumPath();
const WAIT_MS = 15_000;
const LINKED = 1; // "Стрижка женская", linked to YClients service 5147108
const CUSTOMER = "+79990000100"; // the demo customer

let sandbox: FakeYClients;
let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function devCode(phone: string): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const res = await fetch(`${stack.baseUrl}/api/v1/dev/outbox?phone=${encodeURIComponent(phone)}`);
    const body = (await res.json()) as { messages: { body: string }[] };
    const code = body.messages?.map((m) => /\b(\d{6})\b/.exec(m.body)?.[1]).find(Boolean);
    if (code) return code;
    await new Promise((r) => setTimeout(r, 150)); // poll interval, bounded by the deadline
  }
  throw new Error(`no sign-in code for ${phone}`);
}

async function signIn(phone: string): Promise<void> {
  await page.goto("/signin", { waitUntil: "domcontentloaded" });
  await page.getByLabel("Телефон", { exact: true }).fill(phone);
  await page.getByRole("button", { name: "Получить код" }).click();
  await page.getByLabel("Код из SMS").fill(await devCode(phone));
  await page.getByRole("button", { name: "Войти", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Мои записи" }).waitFor();
}

async function openLinkedService(): Promise<void> {
  await page.goto(`/services/${LINKED}`, { waitUntil: "domcontentloaded" });
  await page.getByRole("heading", { level: 1, name: "Стрижка женская" }).waitFor();
}

beforeAll(async () => {
  if (!existsSync(join(DIST, "index.html"))) throw new Error(`${DIST} has no build: run \`npm run build:web\` before the e2e tests.`);
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium or set CHROMIUM_PATH.`);
  sandbox = await startFakeYClients({ openTimes: true });
  const [started, launched] = await Promise.all([
    startLocalStack({ ...sandbox.bindings, YCLIENTS_WIDGET_BASE_URL: sandbox.url, YCLIENTS_TIMEOUT_MS: "1500" }),
    chromium.launch(chromiumLaunchOptions()),
  ]);
  stack = started;
  browser = launched;
  sandbox.setWebhookUrl(`${stack.baseUrl}/api/v1/yclients/webhook/${FAKE_WEBHOOK_SECRET}`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await sandbox?.close();
}, 30_000);

beforeEach(async () => {
  context = await browser.newContext({ serviceWorkers: "block", baseURL: stack.baseUrl, ...phoneContext, deviceScaleFactor: 1 });
  context.setDefaultTimeout(WAIT_MS);
  page = await context.newPage();
});

afterEach(async () => {
  await context?.close();
});

describe("YClients hybrid in the PWA", () => {
  it("books a linked service in the YClients form; the webhook brings it into my bookings", async () => {
    await signIn(CUSTOMER);
    await openLinkedService();
    await page.getByRole("link", { name: "Записаться через YClients" }).click();
    await page.getByRole("heading", { level: 1, name: "Запись через YClients" }).waitFor();
    const frame = page.frameLocator("iframe.yc-frame");
    await frame.getByRole("heading", { name: "Стрижка женская" }).waitFor();
    const chosen = await frame.locator('input[name="datetime"]:checked').getAttribute("value");
    await frame.getByLabel("Имя").fill("Клиент Демо");
    await frame.getByLabel("Телефон").fill(CUSTOMER);
    await frame.getByRole("button", { name: "Записаться" }).click();
    await frame.getByRole("status").filter({ hasText: "Вы записаны" }).waitFor();
    // The screen polls our API; the booking shows once the webhook has been processed.
    await page.getByRole("heading", { name: "YClients подтвердил запись" }).waitFor({ timeout: 20_000 });
    await page.goto("/bookings", { waitUntil: "domcontentloaded" });
    const time = chosen!.slice(11, 16);
    await page.locator(".booking").filter({ hasText: "Стрижка женская" }).filter({ hasText: time }).first().waitFor();
  });

  it("falls back to our own booking screens when the sandbox is stopped, or shows the salon's phone", async () => {
    await sandbox.close();
    // A link kept from before (or typed in) lands on the same decision.
    await page.goto(`/yclients/${LINKED}`, { waitUntil: "domcontentloaded" });
    await page.getByText("YClients сейчас недоступен. Запишитесь у нас").waitFor();
    expect(await page.locator("iframe.yc-frame").count()).toBe(0);
    await openLinkedService();
    await page.getByText("YClients сейчас недоступен. Запишитесь у нас").waitFor();
    await page.getByRole("link", { name: "Записаться здесь" }).click();
    await page.getByRole("heading", { level: 1, name: "Выбор времени" }).waitFor();
    await page.getByText("YClients сейчас недоступен. Запишитесь у нас").first().waitFor();

    const db = createClient({ url: stack.dbUrl });
    try {
      await db.execute("update salon_settings set yclients_fallback = 0 where id = 1");
      const { rows } = await db.execute("select phone from salon_settings where id = 1");
      await openLinkedService();
      const call = page.getByRole("link", { name: /Позвонить/ });
      await call.waitFor();
      expect(await call.getAttribute("href")).toBe(`tel:${rows[0]!.phone}`);
    } finally {
      await db.execute("update salon_settings set yclients_fallback = 1 where id = 1");
      db.close();
    }
  });
});
