// The back office (/admin) against the REAL local stack, at a phone and a
// desktop viewport: an admin books a walk-in from the calendar, moves a
// booking to another time and master, blocks an hour, edits a price and a
// schedule and sees the customer side follow, opens a client card and the
// statistics; a master books and cancels on their own day. Every screen is
// saved to test-results/screens/admin-*.png.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDays, dayOfWeek, instantToWall } from "../../worker/booking/zoned-time";
import { chromiumLaunchOptions, chromiumPath, phoneContext } from "../support/chromium";
import { startLocalStack, type LocalStack } from "./stack";
import { stackApi } from "./stack-api";

const DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));
const SCREENS = fileURLToPath(new URL("../../test-results/screens/", import.meta.url));
const WAIT_MS = 15_000;
const ZONE = "Europe/Moscow";
const ADMIN = "+79990000001";
const ANNA = { id: 1, name: "Анна Смирнова", phone: "+79990000011" }; // Mon–Fri 10–19, break 14–15
const MARIA = { id: 2, name: "Мария Иванова" }; // Tue–Sat 11–20
const OLGA = { id: 3, name: "Ольга Кузнецова" }; // Mon, Wed, Fri, Sat 09–18
const WOMEN_HAIRCUT = 1; // 60 min, Anna and Maria (booked here: the stack runs without YClients)
const MEN_HAIRCUT = 3; // 45 min, Anna only

const viewports = {
  phone: { ...phoneContext, deviceScaleFactor: 1 },
  desktop: { viewport: { width: 1366, height: 900 }, locale: "ru-RU", timezoneId: ZONE, deviceScaleFactor: 1 },
} as const;

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const tokens: Record<string, string> = {};
let phoneSeq = 0;
const nextPhone = () => `+7999555${String(1000 + (process.pid % 400) * 10 + phoneSeq++).padStart(4, "0")}`;

const { api, signIn: apiSignIn, signInOnPage } = stackApi(() => stack);

type ApiBooking = { id: number; status: string; local_date: string; local_time: string; staff: { id: number } | null; cancel_reason: string | null; customer_name: string | null };

async function bookingsOn(date: string, staffId: number): Promise<ApiBooking[]> {
  const { body } = await api<{ bookings: ApiBooking[] }>(`/bookings?from=${date}&to=${date}&staff_id=${staffId}&limit=200`, { token: tokens.admin });
  return body.bookings;
}

/**
 * Upcoming dates whose weekday is one of `weekdays` (0 = Monday), from three
 * days ahead: the demo seed gives Anna custom hours in two days and Maria a
 * vacation all next week, so those days are left out.
 */
function upcoming(weekdays: number[]): string[] {
  const today = instantToWall(new Date(), ZONE).date;
  const nextMonday = addDays(today, 7 - dayOfWeek(today));
  const out: string[] = [];
  for (let i = 3; i < 35; i++) {
    const d = addDays(today, i);
    if (weekdays.includes(dayOfWeek(d)) && !(d >= nextMonday && d <= addDays(nextMonday, 6))) out.push(d);
  }
  return out;
}

/** A browser page signed in as `who` (its token in localStorage, as the app keeps it). */
async function openAs(who: "admin" | "master", kind: keyof typeof viewports): Promise<void> {
  context = await browser.newContext({ serviceWorkers: "block", baseURL: stack.baseUrl, ...viewports[kind] });
  context.setDefaultTimeout(WAIT_MS);
  await context.addInitScript((token) => localStorage.setItem("salon.token", token), tokens[who]!);
  page = await context.newPage();
}

const shot = (name: string) => page.screenshot({ path: join(SCREENS, `admin-${name}.png`), fullPage: true });
const cell = (master: string, time: string) => page.getByRole("button", { name: `Свободно: ${master}, ${time} — записать клиента`, exact: true });
const calendarItem = (id: number) => page.locator(`.cal-item[data-booking-id="${id}"]`);

beforeAll(async () => {
  if (!existsSync(join(DIST, "index.html"))) throw new Error(`${DIST} has no build: run \`npm run build:web\` before the e2e tests.`);
  if (!existsSync(chromiumPath())) throw new Error(`Chromium not found at ${chromiumPath()}: apt-get install -y chromium or set CHROMIUM_PATH.`);
  mkdirSync(SCREENS, { recursive: true });
  const [started, launched] = await Promise.all([startLocalStack(), chromium.launch(chromiumLaunchOptions())]);
  stack = started;
  browser = launched;
  [tokens.admin, tokens.master] = await Promise.all([apiSignIn(ADMIN), apiSignIn(ANNA.phone)]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 30_000);

afterEach(async () => {
  await context?.close();
});

describe("signing in by role", () => {
  beforeEach(async () => {
    context = await browser.newContext({ serviceWorkers: "block", baseURL: stack.baseUrl, ...viewports.phone });
    context.setDefaultTimeout(WAIT_MS);
    page = await context.newPage();
  });

  it("a master who signs in lands on their own day in the back office, without the customer's bookings tab", async () => {
    const phone = "+79990000012"; // Мария Иванова
    await page.goto("/signin", { waitUntil: "domcontentloaded" });
    await signInOnPage(page, phone);
    await page.waitForURL(/\/admin$/);
    await page.getByRole("heading", { level: 1, name: "Мой день" }).waitFor();
    await expect.poll(() => page.getByRole("link", { name: "Мои записи" }).count()).toBe(0);
    // masters see their own column only, and no admin sections
    await expect.poll(() => page.locator(".cal-col").count()).toBe(1);
    expect(await page.getByRole("link", { name: "Статистика" }).count()).toBe(0);
  });
});

describe("two admins on the same day", () => {
  it("a booking one admin makes appears on the other admin's open calendar without a reload", async () => {
    const day = upcoming([1, 2, 3])[2]!;
    await openAs("admin", "desktop");
    await page.goto(`/admin/calendar?date=${day}`);
    await cell(ANNA.name, "10:00").waitFor();
    const other = await browser.newContext({ serviceWorkers: "block", baseURL: stack.baseUrl, ...viewports.desktop });
    try {
      await other.addInitScript((token) => localStorage.setItem("salon.token", token), tokens.admin!);
      const second = await other.newPage();
      await second.goto(`/admin/calendar?date=${day}`);
      await second.getByRole("button", { name: `Свободно: ${ANNA.name}, 10:00 — записать клиента`, exact: true }).click();
      await second.getByLabel("Телефон клиента").fill(nextPhone());
      await second.getByLabel("Имя клиента").fill("Нина Одновременная");
      await second.getByLabel("Услуга").selectOption(String(MEN_HAIRCUT));
      await second.getByRole("button", { name: "Записать", exact: true }).click();
      await second.locator(".cal-item", { hasText: "Нина Одновременная" }).waitFor();
    } finally {
      await other.close();
    }
    // the first page polls (every 15 s) and shows it too
    await page.locator(".cal-item", { hasText: "Нина Одновременная" }).waitFor({ timeout: 25_000 });
    expect(await cell(ANNA.name, "10:00").count()).toBe(0);
  }, 60_000);
});

describe.each(["desktop", "phone"] as const)("back office on a %s", (kind) => {
  // Each viewport works on its own day so that the two runs never meet.
  const run = kind === "desktop" ? 0 : 1;
  const day = () => upcoming([1, 2, 3])[run]!; // a Tue/Wed/Thu: Anna and Maria both work
  const client = kind === "desktop" ? "Вера Карточкина" : "Вера Телефонова";

  it("admin books a walk-in client from an empty cell of the calendar", async () => {
    await openAs("admin", kind);
    const phone = nextPhone();
    await page.goto(`/admin/calendar?date=${day()}`);
    await page.getByRole("heading", { level: 1, name: "Календарь" }).waitFor();
    await expect.poll(() => page.locator(".cal-col").count()).toBeGreaterThanOrEqual(5);
    await shot(`${kind}-calendar-day`);

    await cell(ANNA.name, "11:00").click();
    await page.getByRole("dialog").waitFor();
    await page.getByLabel("Телефон клиента").fill(phone);
    await page.getByRole("button", { name: "Найти" }).click();
    await page.getByText("Новый клиент — укажите имя").waitFor();
    await page.getByLabel("Имя клиента").fill("Пётр Зашёл-с-улицы");
    await page.getByLabel("Услуга").selectOption(String(MEN_HAIRCUT));
    await shot(`${kind}-calendar-new-booking`);
    await page.getByRole("button", { name: "Записать", exact: true }).click();

    await page.locator(".cal-item", { hasText: "Пётр Зашёл-с-улицы" }).waitFor();
    const made = (await bookingsOn(day(), ANNA.id)).find((b) => b.customer_name === "Пётр Зашёл-с-улицы");
    expect(made).toMatchObject({ local_time: "11:00", status: "pending" });
  });

  it("admin moves a booking to another time and another master from its side panel", async () => {
    const { status, body } = await api<{ booking: { id: number } }>("/bookings", {
      method: "POST",
      token: tokens.admin,
      headers: { "Idempotency-Key": `e2e-admin-move-${kind}-${Date.now()}` },
      body: JSON.stringify({ service_id: WOMEN_HAIRCUT, staff_id: ANNA.id, appointment_datetime: `${day()}T16:00`, phone: nextPhone(), customer_name: "Ирина Переносова" }),
    });
    expect(status).toBe(201);
    const id = body.booking.id;

    await openAs("admin", kind);
    await page.goto(`/admin/calendar?date=${day()}`);
    await calendarItem(id).click();
    const panel = page.getByRole("dialog", { name: `Запись №${id}` });
    await panel.getByText("Ирина Переносова").waitFor();
    await shot(`${kind}-booking-panel`);
    await panel.getByRole("button", { name: "Перенести" }).click();
    await panel.getByLabel("Время").fill("17:30");
    await panel.getByLabel("Мастер").selectOption(String(MARIA.id));
    await panel.getByRole("button", { name: "Перенести сюда" }).click();

    // the same booking now sits in Maria's column at 17:30
    await expect.poll(async () => (await bookingsOn(day(), MARIA.id)).find((b) => b.id === id)?.local_time).toBe("17:30");
    await expect.poll(() => page.locator(`.cal-col[aria-label="${MARIA.name}"] .cal-item[data-booking-id="${id}"]`).count()).toBe(1);
  });

  it("admin blocks an hour of a master's day, and the calendar shades it", async () => {
    await openAs("admin", kind);
    await page.goto(`/admin/calendar?date=${day()}`);
    await cell(ANNA.name, "12:00").click();
    const panel = page.getByRole("dialog");
    await panel.getByRole("button", { name: "Заблокировать время" }).click();
    await panel.getByLabel("С", { exact: true }).fill("12:00");
    await panel.getByLabel("До", { exact: true }).fill("13:00");
    await panel.getByLabel("Причина (обучение, обед…)").fill("Обучение");
    await shot(`${kind}-calendar-block`);
    await panel.getByRole("button", { name: "Заблокировать", exact: true }).click();

    await page.locator(".cal-item--block", { hasText: "Обучение" }).waitFor();
    await expect.poll(() => cell(ANNA.name, "12:30").count()).toBe(0);
    const { body } = await api<{ blocks: { local_start: string; local_end: string; staff_id: number }[] }>(`/admin/blocks?from=${day()}&to=${day()}&staff_id=${ANNA.id}`, { token: tokens.admin });
    expect(body.blocks).toContainEqual(expect.objectContaining({ local_start: "12:00", local_end: "13:00", staff_id: ANNA.id }));
  });

  it("admin edits a service price and the customer catalog shows the new price", async () => {
    const price = kind === "desktop" ? "1650" : "1700";
    await openAs("admin", kind);
    await page.goto(`/admin/services?id=${MEN_HAIRCUT}`);
    const form = page.getByRole("form", { name: "Стрижка мужская" });
    await form.getByLabel("Цена, ₽").fill(price);
    await shot(`${kind}-services`);
    await form.getByRole("button", { name: "Сохранить" }).click();
    await page.getByRole("status").filter({ hasText: "Сохранено" }).waitFor();

    await page.goto("/");
    const card = page.locator(".service", { hasText: "Стрижка мужская" });
    // Intl puts a no-break space between thousands
    await expect.poll(async () => (await card.textContent())?.replace(/\s/g, " ")).toContain(`${price.slice(0, 1)} ${price.slice(1)} ₽`);
  });

  it("admin shortens a working day and adds a break, forcing past the list of stranded bookings, and the calendar stops offering those times", async () => {
    const saturday = upcoming([5])[run]!;
    const lateFree = async () => {
      const { body } = await api<{ slots: { time: string; available: boolean }[] }>(`/booking/time-slots/5?staff_id=${OLGA.id}&date=${saturday}`);
      return body.slots.filter((s) => s.available && s.time >= "14:00").map((s) => s.time);
    };
    expect(await lateFree()).toContain("16:00");
    // a manicure at 15:00 that the shorter day would strand
    const stranded = await api<{ booking: { id: number } }>("/bookings", {
      method: "POST",
      token: tokens.admin,
      headers: { "Idempotency-Key": `e2e-admin-stranded-${kind}-${Date.now()}` },
      body: JSON.stringify({ service_id: 5, staff_id: OLGA.id, appointment_datetime: `${saturday}T15:00`, phone: nextPhone(), customer_name: "Галина Застрявшая" }),
    });
    expect(stranded.status).toBe(201);
    await openAs("admin", kind);
    await page.goto(`/admin/calendar?date=${saturday}`);
    await cell(OLGA.name, "17:00").waitFor();
    try {
      await page.goto(`/admin/schedules?staff=${OLGA.id}`);
      const row = page.locator('tr[data-weekday="5"]');
      await row.getByLabel("Конец: суббота").fill("14:00");
      // and a second break, 10:00–10:30, beside the lunch break the day has
      await row.getByRole("button", { name: "+ перерыв" }).click();
      await row.getByLabel("Перерывы 2 Начало").fill("10:00");
      await row.getByLabel("Перерывы 2 Конец").fill("10:30");
      await shot(`${kind}-schedules`);
      await row.getByRole("button", { name: "Сохранить" }).click();
      // The booking the change would strand is listed, with a link, before the admin forces it.
      const guard = page.locator(".stranded");
      await guard.locator(`li[data-booking-id="${stranded.body.booking.id}"]`, { hasText: "15:00" }).waitFor();
      await shot(`${kind}-schedules-stranded`);
      await guard.getByRole("button", { name: /Всё равно сохранить/ }).click();
      await page.getByRole("status").filter({ hasText: /Помечено записей: [1-9]/ }).waitFor();
      const { body: flagged } = await api<{ booking: { needs_attention: string | null } }>(`/bookings/${stranded.body.booking.id}`, { token: tokens.admin });
      expect(flagged.booking.needs_attention).not.toBeNull();

      expect(await lateFree()).toEqual([]);
      await page.goto(`/admin/calendar?date=${saturday}`);
      await cell(OLGA.name, "12:00").waitFor();
      expect(await cell(OLGA.name, "17:00").count()).toBe(0);
      expect(await cell(OLGA.name, "10:00").count()).toBe(0);
      expect(await cell(OLGA.name, "10:30").count()).toBe(1);
    } finally {
      // put Saturday back for the other viewport's run
      const { body } = await api<{ schedule: { id: number; day_of_week: number }[] }>(`/admin/staff/${OLGA.id}/schedule`, { token: tokens.admin });
      const rowId = body.schedule.find((r) => r.day_of_week === 5)!.id;
      const restored = await api(`/admin/staff/${OLGA.id}/schedule/${rowId}`, {
        method: "PATCH",
        token: tokens.admin,
        body: JSON.stringify({ end_time: "18:00", breaks: [{ start_time: "13:00", end_time: "14:00" }] }),
      });
      expect(restored.status).toBe(200);
      await api(`/bookings/${stranded.body.booking.id}`, { method: "PATCH", token: tokens.admin, body: JSON.stringify({ action: "cancel", reason: "e2e: clean up" }) });
    }
  });

  it("admin finds a client by phone and opens their card with the visit", async () => {
    const phone = nextPhone();
    const made = await api("/bookings", {
      method: "POST",
      token: tokens.admin,
      headers: { "Idempotency-Key": `e2e-admin-client-${kind}-${Date.now()}` },
      body: JSON.stringify({ service_id: MEN_HAIRCUT, staff_id: ANNA.id, appointment_datetime: `${day()}T17:00`, phone, customer_name: client }),
    });
    expect(made.status).toBe(201);

    await openAs("admin", kind);
    await page.goto("/admin/clients");
    await page.getByLabel("Телефон или имя").fill(phone.slice(-7));
    await page.getByRole("button", { name: "Поиск" }).click();
    await page.getByRole("link", { name: client }).click();
    await page.getByRole("heading", { level: 1, name: client }).waitFor();
    await page.locator("tr[data-booking-id]", { hasText: "Стрижка мужская" }).waitFor();
    await page.getByLabel("Заметки").fill("Любит короткие стрижки");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await page.getByRole("status").filter({ hasText: "Сохранено" }).waitFor();
    await shot(`${kind}-client-card`);
    await page.goto(`/admin/clients?q=${encodeURIComponent(client.split(" ")[1]!)}`);
    await page.getByRole("link", { name: client }).waitFor();
    await shot(`${kind}-clients`);
  });

  it("admin opens the statistics with charts, a table under each and a CSV export", async () => {
    await openAs("admin", kind);
    const today = instantToWall(new Date(), ZONE).date;
    await page.goto(`/admin/stats?from=${today}&to=${addDays(today, 21)}&group=week`);
    await page.getByRole("heading", { level: 1, name: "Статистика" }).waitFor();
    const occupancy = page.getByRole("region", { name: "Загрузка мастеров" });
    await occupancy.locator("svg").waitFor();
    await occupancy.locator("tbody tr", { hasText: ANNA.name }).waitFor();
    await shot(`${kind}-stats`);

    const [download] = await Promise.all([page.waitForEvent("download"), occupancy.getByRole("button", { name: "Скачать CSV" }).click()]);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.replace(/^\ufeff/, "").split("\r\n")[0]).toContain("Мастер");
    expect(csv).toContain(ANNA.name);

    // the whole report, as the API writes it
    const [whole] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Весь отчёт в CSV" }).click()]);
    const report = readFileSync((await whole.path())!, "utf8");
    expect(report.split("\r\n")[0]).toMatch(/^period,bookings,/);
    expect(report).toContain(ANNA.name);
  });

  it("the other back-office screens open: week view, masters, YClients, settings, audit", async () => {
    await openAs("admin", kind);
    await page.goto(`/admin/calendar?view=week&staff=${ANNA.id}&date=${day()}`);
    await expect.poll(() => page.locator(".cal-col").count()).toBe(7);
    await shot(`${kind}-calendar-week`);
    for (const [path, title] of [
      [`/admin/masters?id=${ANNA.id}`, "Мастера"],
      ["/admin/yclients", "YClients"],
      ["/admin/settings", "Настройки салона"],
      ["/admin/audit", "Журнал изменений"],
    ] as const) {
      await page.goto(path);
      await page.getByRole("heading", { level: 1, name: title }).waitFor();
      await page.locator(".skeleton__card, .skeleton__line").first().waitFor({ state: "detached" }).catch(() => undefined);
      await shot(`${kind}-${path.split(/[/?]/)[2]}`);
    }
    // the audit log lists the price change made above
    await page.locator("td", { hasText: "service" }).first().waitFor();
    // and the back office speaks English on the switch
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { level: 1, name: "Audit log" }).waitFor();
    await page.getByRole("link", { name: "Calendar" }).waitFor();
    await page.getByRole("button", { name: "Русский" }).click();
  });

  it("the settings screen edits the abuse limits: served countries and the per-client caps", async () => {
    await openAs("admin", kind);
    await page.goto("/admin/settings");
    const countries = page.getByLabel("Страны номеров для SMS", { exact: false });
    await expect.poll(() => countries.inputValue()).toBe("RU");
    await countries.fill("ru, kz");
    await page.getByLabel("Предстоящих записей на клиента").fill("7");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await page.getByRole("status").filter({ hasText: "Сохранено" }).waitFor();
    await shot(`${kind}-settings-limits`);
    await page.reload();
    await expect.poll(() => countries.inputValue()).toBe("RU, KZ");
    expect(await page.getByLabel("Предстоящих записей на клиента").inputValue()).toBe("7");
    await countries.fill("RU");
    await page.getByLabel("Предстоящих записей на клиента").fill("5");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await page.getByRole("status").filter({ hasText: "Сохранено" }).waitFor();
  });

  it("a master books a client on their own day and cancels the visit with a reason", async () => {
    await openAs("master", kind);
    const phone = nextPhone();
    await page.goto(`/admin/calendar?date=${day()}`);
    await page.getByRole("heading", { level: 1, name: "Мой день" }).waitFor();
    await cell(ANNA.name, "15:00").click();
    await page.getByLabel("Телефон клиента").fill(phone);
    await page.getByLabel("Имя клиента").fill("Ольга Звонила");
    await page.getByLabel("Услуга").selectOption(String(MEN_HAIRCUT));
    await page.getByRole("button", { name: "Записать", exact: true }).click();
    const item = page.locator(".cal-item", { hasText: "Ольга Звонила" });
    await item.waitFor();
    await shot(`${kind}-master-day`);

    await item.click();
    const panel = page.getByRole("dialog");
    await panel.getByRole("button", { name: "Отменить запись" }).click();
    await panel.getByLabel("Причина отмены").fill("Клиент перезвонил и отменил");
    await panel.getByRole("button", { name: "Отменить с этой причиной" }).click();
    await panel.getByText("Причина отмены: Клиент перезвонил и отменил").waitFor();
    await expect.poll(() => item.count()).toBe(0);
    const cancelled = (await bookingsOn(day(), ANNA.id)).find((b) => b.customer_name === "Ольга Звонила");
    expect(cancelled).toMatchObject({ status: "cancelled", cancel_reason: "Клиент перезвонил и отменил" });
  });
});
