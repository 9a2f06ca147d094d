// The PWA against the REAL local stack (libSQL endpoint + wrangler dev with
// the built web/dist): booking end to end, conflicts, offline outbox and
// replay, a master's day offline. (The YClients screens: yclients.e2e.test.ts.)
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chromiumLaunchOptions, chromiumPath, phoneContext } from "../support/chromium";
import { startLocalStack, type LocalStack } from "./stack";
import { freeDayFrom, stackApi, salonDate } from "./stack-api";

const freeDayFromPage = (earliest: string) => freeDayFrom(page, earliest);

const DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));
const SCREENS = fileURLToPath(new URL("../../test-results/screens/", import.meta.url));
const CHROMIUM = chromiumPath();
const WAIT_MS = 15_000;
const MEN_HAIRCUT = 3; // internal, 45 min, no prepayment; only master 1 does it
const MASSAGE = 8; // 60 min, 1000 ₽ deposit (held until paid); masters 4 and 5

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let phoneSeq = 0;

/** A fresh customer phone per sign-in: codes are limited to one a minute per phone. */
const nextPhone = () => `+7999123${String(4000 + (process.pid % 500) * 10 + phoneSeq++)}`;

const { api, signIn: apiSignIn, signInOnPage } = stackApi(() => stack);

async function apiBook(token: string, serviceId: number, staffId: number, datetime: string) {
  return api<{ booking?: { id: number }; error?: { code: string } }>("/bookings", {
    method: "POST",
    token,
    headers: { "Idempotency-Key": `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}` },
    body: JSON.stringify({ service_id: serviceId, staff_id: staffId, appointment_datetime: datetime }),
  });
}

const shot = (name: string) => page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });

async function waitForServiceWorker(): Promise<void> {
  const controlled = await page.evaluate(
    (timeout) =>
      new Promise<boolean>((resolve) => {
        if (navigator.serviceWorker.controller) return resolve(true);
        navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true));
        setTimeout(() => resolve(Boolean(navigator.serviceWorker.controller)), timeout);
      }),
    WAIT_MS,
  );
  expect(controlled, "the service worker controls the page").toBe(true);
}

/** Service 3 booking screen: waits for the day strip and a free slot, picks the first one. */
/**
 * The salon date `days` from today. Tests book from the day after tomorrow on,
 * so a slot never drifts into the minimum notice while a test runs, whatever
 * the time of day CI starts.
 */

/**
 * Master 1 (Анна, Mon–Fri) and her first free time from the day after tomorrow:
 * the rival bookings in these tests go to her, so the pick must be hers too.
 */
async function pickFirstSlot(addons: RegExp[] = []): Promise<{ date: string; time: string }> {
  await page.goto(`/book/${MEN_HAIRCUT}`, { waitUntil: "domcontentloaded" });
  await page.getByRole("heading", { level: 1, name: "Выбор времени" }).waitFor();
  await page.getByLabel(/Анна Смирнова/).check();
  // add-ons come before the time: the free times are asked for with them
  for (const addon of addons) await page.getByLabel(addon).check();
  const date = await freeDayFromPage(salonDate(2));
  await page.locator(`.day[data-date="${date}"]`).click();
  await page.locator(`.day--selected[data-date="${date}"]`).waitFor();
  const free = page.locator(".slot:not(.slot--taken)").first();
  await free.waitFor();
  await free.click();
  await page.locator(".slot--selected").waitFor();
  const time = (await page.locator(".slot--selected").getAttribute("data-time"))!;
  return { date, time };
}

/** Shows the month of `date` in the calendar (paging forward). */
async function showDay(date: string): Promise<void> {
  for (let i = 0; i < 3 && (await page.locator(`.day[data-date="${date}"]`).count()) === 0; i++) {
    await page.getByRole("button", { name: "Следующий месяц" }).click();
  }
}

/** Details step: signs in through the phone code form when needed. */
async function signInOnDetails(phone: string): Promise<void> {
  await signInOnPage(page, phone);
  await page.getByLabel("Телефон для связи").waitFor();
}

beforeAll(async () => {
  if (!existsSync(join(DIST, "index.html")) || !existsSync(join(DIST, "sw.js"))) {
    throw new Error(`${DIST} has no build: run \`npm run build:web\` before the e2e tests.`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium or set CHROMIUM_PATH.`);
  mkdirSync(SCREENS, { recursive: true });
  const [started, launched] = await Promise.all([
    startLocalStack({
      YCLIENTS_ENABLED: "true",
      YCLIENTS_COMPANY_ID: "555001",
      YCLIENTS_FORM_ID: "777",
      YCLIENTS_API_TOKEN: "e2e-partner-token",
      // nothing listens here: YClients is "down", linked services may fall back
      YCLIENTS_BASE_URL: "http://127.0.0.1:9/api/v1",
      YCLIENTS_TIMEOUT_MS: "500",
    }),
    chromium.launch(chromiumLaunchOptions()),
  ]);
  stack = started;
  browser = launched;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 30_000);

beforeEach(async ({ task }) => {
  // Installing the service worker precaches the whole app on every fresh
  // context; only the offline tests need it.
  const offline = /offline/.test(task.name);
  context = await browser.newContext({
    serviceWorkers: offline ? "allow" : "block",
    baseURL: stack.baseUrl,
    ...phoneContext,
    deviceScaleFactor: 1,
  });
  context.setDefaultTimeout(WAIT_MS);
  page = await context.newPage();
});

afterEach(async () => {
  await context?.close();
});

describe("the salon's own name", () => {
  it("shows the salon's name in the header, footer, page title and home-screen name, follows the settings, and keeps it offline", async () => {
    const admin = await apiSignIn("+79990000001");
    const settings = await api<{ settings: { name: string } }>("/admin/settings", { token: admin });
    const original = settings.body.settings.name;
    const renamed = `${original} на Тверской`;
    const shows = async (name: string) => {
      await expect.poll(() => page.locator(".brand__name").textContent(), { timeout: WAIT_MS }).toBe(name);
      // The footer goes on with the links to the privacy policy and the consent text.
      await expect.poll(() => page.locator(".app-footer").textContent(), { timeout: WAIT_MS }).toMatch(new RegExp(`^${name} — онлайн-запись( ·|$)`));
      await expect.poll(() => page.title(), { timeout: WAIT_MS }).toMatch(new RegExp(`— ${name.replace(/[«»]/g, ".")}$`));
      await expect.poll(() => page.locator('meta[name="application-name"]').getAttribute("content"), { timeout: WAIT_MS }).toBe(name);
    };
    try {
      await page.goto("/", { waitUntil: "domcontentloaded" });
      await shows(original);
      expect(original).toContain("Лотос");
      await waitForServiceWorker();

      expect((await api("/admin/settings", { method: "PATCH", token: admin, body: JSON.stringify({ name: renamed }) })).status).toBe(200);
      await page.reload({ waitUntil: "domcontentloaded" });
      await shows(renamed);
      await shot("salon-name");
      // The installed app's name: the manifest, through the service worker, network first.
      const manifest = await page.evaluate(() => fetch("/manifest.webmanifest").then((r) => r.json() as Promise<{ name: string; short_name: string }>));
      expect(manifest).toMatchObject({ name: renamed, short_name: renamed });

      // Offline, without the copy in localStorage: the name comes from the saved salon (IndexedDB), like the catalog.
      await page.evaluate(() => localStorage.removeItem("salon-name"));
      await context.setOffline(true);
      await page.reload({ waitUntil: "domcontentloaded" });
      await shows(renamed);
      await context.setOffline(false);
    } finally {
      await api("/admin/settings", { method: "PATCH", token: admin, body: JSON.stringify({ name: original }) });
    }
  });
});

describe("customer booking flow", () => {
  it("books a slot end to end: service → time → details with sign-in → confirmation → my bookings", async () => {
    await page.goto("/", { waitUntil: "domcontentloaded" });
    await page.locator(".service").first().waitFor();
    await page.getByRole("link", { name: "Стрижка мужская" }).click();
    await page.getByRole("heading", { level: 1, name: "Стрижка мужская" }).waitFor();
    // focus moves to the new screen's heading
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    await page.getByText("Анна Смирнова").waitFor();
    await shot("service-detail");
    await page.getByRole("link", { name: "Выбрать время" }).click();

    await page.locator(".day--selected").waitFor();
    const later = await freeDayFromPage(salonDate(2));
    await page.locator(`.day[data-date="${later}"]`).click();
    await page.locator(`.day--selected[data-date="${later}"]`).waitFor();
    const free = page.locator(".slot:not(.slot--taken)").first();
    await free.click();
    const date = (await page.locator(".day--selected").getAttribute("data-date"))!;
    const time = (await page.locator(".slot--selected").getAttribute("data-time"))!;
    await shot("booking-slots");
    await page.getByRole("button", { name: "Далее" }).click();

    await page.getByRole("heading", { level: 1, name: "Детали записи" }).waitFor();
    const phone = nextPhone();
    await signInOnDetails(phone);
    expect(await page.getByLabel("Телефон для связи").inputValue()).toBe(phone);
    // add-ons were chosen (none) with the time; here they are shown, changed only back on the time step
    expect((await page.getByTestId("total-duration").textContent())?.replace(/\s/g, " ")).toBe("45 мин");
    expect(await page.getByTestId("chosen-addons").textContent()).toContain("Без дополнений");
    await page.getByLabel("Комментарий для мастера").fill("Покороче на висках");
    await shot("booking-details");
    await page.getByRole("button", { name: "Записаться" }).click();

    await page.getByRole("heading", { level: 1, name: "Вы записаны" }).waitFor();
    expect(await page.getByTestId("booking-time").textContent()).toContain(time);
    await page.getByText("Москва, ул. Покровка, 12", { exact: false }).waitFor();
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Добавить в календарь" }).click();
    const ics = await (await download).createReadStream().then(async (s) => {
      const chunks: Buffer[] = [];
      for await (const c of s) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    });
    expect(ics).toContain("BEGIN:VEVENT");
    expect(ics).toContain(`DTSTART:${date.replace(/-/g, "")}T`);
    await shot("booking-confirmed");

    await page.getByRole("link", { name: "Мои записи" }).first().click();
    await page.locator(".booking").first().waitFor();
    expect(await page.locator(".booking .service__name").first().textContent()).toBe("Стрижка мужская");
    await shot("my-bookings");
  });

  it("shows a taken slot greyed with its reason, and alternatives when the chosen time is taken meanwhile", async () => {
    const rival = await apiSignIn(nextPhone());
    const { date, time } = await pickFirstSlot();
    await page.getByRole("button", { name: "Далее" }).click();
    await signInOnDetails(nextPhone());

    // someone else takes the time while this customer is on the details step
    expect((await apiBook(rival, MEN_HAIRCUT, 1, `${date}T${time}`)).status).toBe(201);
    await page.getByRole("button", { name: "Записаться" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Это время только что заняли." });
    await alert.waitFor();
    await alert.locator(".alt").first().waitFor();
    // the offer is scrolled into view, and the same time cannot be sent again until one is picked
    await expect.poll(() => alert.locator(".alternatives").evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })).toBe(true);
    expect(await page.getByRole("button", { name: "Записаться" }).isDisabled()).toBe(true);
    await shot("booking-conflict");

    // picking an alternative books it right away, with a new request
    const chosen = (await alert.locator(".alt").first().getAttribute("data-alt"))!;
    await alert.locator(".alt").first().click();
    await page.getByRole("heading", { level: 1, name: "Вы записаны" }).waitFor();
    expect(await page.getByTestId("booking-time").textContent()).toContain(chosen.slice(11));

    // the taken time is greyed in the grid and explains itself on tap
    await page.goto(`/book/${MEN_HAIRCUT}`, { waitUntil: "domcontentloaded" });
    await page.locator('.month[aria-busy="false"] .day--cell').first().waitFor();
    await showDay(date);
    await page.locator(`.day[data-date="${date}"]`).click();
    const taken = page.locator(`.slot[data-time="${time}"]`);
    await expect.poll(() => taken.getAttribute("aria-disabled")).toBe("true");
    // aria-disabled (still focusable, explains itself): Playwright treats it as disabled, a person can tap it
    await taken.click({ force: true });
    await page.getByText(`${time} недоступно: уже занято`).waitFor();
    await shot("booking-slot-reason");
  });
});

describe("prepayment", () => {
  it("pays the deposit through the test checkout and sees the booking confirmed", async () => {
    await page.goto(`/book/${MASSAGE}`, { waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { level: 1, name: "Выбор времени" }).waitFor();
    await page.getByLabel(/Дмитрий Соколов/).check();
    const date = await freeDayFromPage(salonDate(2));
    await page.locator(`.day[data-date="${date}"]`).click();
    await page.locator(`.day--selected[data-date="${date}"]`).waitFor();
    await page.locator(".slot:not(.slot--taken)").first().click();
    await page.getByRole("button", { name: "Далее" }).click();
    await signInOnDetails(nextPhone());
    // A prepaid booking asks for an email for the fiscal receipt (54-FZ).
    await page.getByLabel("Эл. почта для кассового чека").fill("booking.receipt@example.ru");
    await page.getByRole("button", { name: "Записаться" }).click();

    await page.getByRole("heading", { level: 1, name: "Оплата" }).waitFor();
    await page.getByText(/К оплате сейчас: 1\s?000/).waitFor();
    await shot("payment");
    await page.getByRole("button", { name: "Оплатить" }).click();
    // the development provider's own checkout page, served by the worker
    await page.waitForURL(/\/pay\/test\/\d+$/);
    await shot("payment-test-checkout");
    await page.getByRole("button", { name: "Оплатить" }).click();
    await page.waitForURL(/\/bookings\/\d+\?paid=1$/);
    await expect.poll(() => page.getByTestId("booking-status").getAttribute("class"), { timeout: 30_000 }).toContain("badge--confirmed");
    await shot("payment-confirmed");
  });
});

describe("offline outbox", () => {
  it("queues a booking made offline and sends it when the network is back", async () => {
    const { time } = await pickFirstSlot();
    await waitForServiceWorker();
    await page.getByRole("button", { name: "Далее" }).click();
    await signInOnDetails(nextPhone());
    await page.getByLabel("Комментарий для мастера").fill("без сети");

    await context.setOffline(true);
    await page.getByRole("button", { name: "Записаться" }).click();
    await page.getByRole("heading", { level: 1, name: "Мои записи" }).waitFor();
    const entry = page.locator(".outbox-entry");
    await entry.waitFor();
    expect(await entry.getAttribute("data-state")).toBe("queued");
    expect(await entry.textContent()).toContain("ждёт отправки");
    await shot("offline-queued");

    await context.setOffline(false);
    // Once the salon takes it, the booking's own page opens.
    await page.waitForURL(/\/bookings\/\d+\?new=1$/, { timeout: 30_000 });
    expect(await page.getByTestId("booking-time").textContent()).toContain(time);
    expect(await page.getByTestId("booking-status").getAttribute("class")).toContain("badge--pending");
    // The outbox marks what it replays, so the salon's calendar can tell it apart.
    const id = /\/bookings\/(\d+)/.exec(page.url())![1];
    const token = await page.evaluate(() => localStorage.getItem("salon.token"));
    const { body } = await api<{ booking: { origin: string } }>(`/bookings/${id}`, { token: token ?? undefined });
    expect(body.booking.origin).toBe("offline");
    await shot("offline-replayed");
  });

  it("tells there is no connection to the salon when its database is down, queues the booking, and sends it once the database is back", async () => {
    const { time } = await pickFirstSlot();
    await page.getByRole("button", { name: "Далее" }).click();
    await signInOnDetails(nextPhone());

    await stack.stopDatabase();
    try {
      await page.getByRole("button", { name: "Записаться" }).click();
      await page.getByRole("heading", { level: 1, name: "Мои записи" }).waitFor();
      // The outbox retries on a timer while the database is down, so the entry
      // passes through "sending" and comes back to "queued" after each attempt.
      const entry = page.locator('.outbox-entry[data-state="queued"]');
      await entry.waitFor();
      expect(await entry.textContent()).toContain("Нет связи с салоном");
      await shot("database-down-queued");
    } finally {
      await stack.startDatabase();
    }
    await page.waitForURL(/\/bookings\/\d+\?new=1$/, { timeout: 45_000 });
    expect(await page.getByTestId("booking-time").textContent()).toContain(time);
  });

  it("shows the conflict and alternatives when the slot was taken while offline, and sends the picked one", async () => {
    const rival = await apiSignIn(nextPhone());
    const { date, time } = await pickFirstSlot();
    await waitForServiceWorker();
    await page.getByRole("button", { name: "Далее" }).click();
    await signInOnDetails(nextPhone());

    await context.setOffline(true);
    await page.getByRole("button", { name: "Записаться" }).click();
    const entry = page.locator(".outbox-entry");
    await entry.waitFor();
    expect((await apiBook(rival, MEN_HAIRCUT, 1, `${date}T${time}`)).status).toBe(201);

    await context.setOffline(false);
    await expect.poll(() => entry.getAttribute("data-state"), { timeout: 30_000 }).toBe("conflict");
    await entry.getByText("Пока не было сети, это время заняли.").waitFor();
    await entry.locator(".alt").first().waitFor();
    await shot("offline-conflict");

    const picked = (await entry.locator(".alt").first().getAttribute("data-alt"))!;
    await entry.locator(".alt").first().click();
    await page.waitForURL(/\/bookings\/\d+\?new=1$/, { timeout: 30_000 });
    expect(await page.getByTestId("booking-time").textContent()).toContain(picked.slice(11));
  });

  it("keeps the draft when the page is reloaded mid-flow", async () => {
    const { time } = await pickFirstSlot([/Укладка/]);
    await page.getByRole("button", { name: "Далее" }).click();
    await page.getByLabel("Комментарий для мастера").fill("не потерять");
    await page.reload({ waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { level: 1, name: "Детали записи" }).waitFor();
    await expect.poll(() => page.getByLabel("Комментарий для мастера").inputValue()).toBe("не потерять");
    expect(await page.getByTestId("chosen-addons").textContent()).toContain("Укладка");
    expect(await page.locator(".summary").textContent()).toContain(time);
  });
});

describe("staff", () => {
  it("a master reads the day offline from the saved copy", async () => {
    // a visit for master 1 to look at
    const customer = await apiSignIn(nextPhone());
    const days = await api<{ days: { date: string; available: number }[] }>(`/booking/time-slots/${MEN_HAIRCUT}?staff_id=1&days=14`);
    const day = days.body.days.find((d) => d.available > 0 && d.date >= salonDate(2))!.date;
    const slots = await api<{ slots: { time: string; available: boolean }[] }>(`/booking/time-slots/${MEN_HAIRCUT}?staff_id=1&date=${day}`);
    const time = slots.body.slots.find((s) => s.available)!.time;
    expect((await apiBook(customer, MEN_HAIRCUT, 1, `${day}T${time}`)).status).toBe(201);

    await page.goto("/signin?next=" + encodeURIComponent(`/staff?date=${day}`), { waitUntil: "domcontentloaded" });
    await signInOnPage(page, "+79990000011");
    await page.getByRole("heading", { level: 1, name: "Мой день" }).waitFor();
    const visit = page.locator(`.visit:has(.visit__time:text-is("${time}"))`);
    await visit.waitFor();
    expect(await visit.locator("a.tel").getAttribute("href")).toMatch(/^tel:\+7\d{10}$/);
    await shot("staff-day");
    await waitForServiceWorker();

    await context.setOffline(true);
    await page.reload({ waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { level: 1, name: "Мой день" }).waitFor();
    await page.locator(".notice--cache").waitFor();
    expect(await page.locator(".notice--cache").textContent()).toMatch(/Данные от \d{2}:\d{2} \(нет сети\)/);
    await visit.waitFor();
    await shot("staff-day-offline");
    await context.setOffline(false);
  });
});
