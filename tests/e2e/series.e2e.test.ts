// Recurring bookings in the browser: an admin books a client "every week at
// 18:00" from the calendar, sees a taken date with its alternatives, picks
// one, saves; cancels this and the following dates from a booking's panel;
// the client sees the series grouped in "Мои записи".
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addDays, dayOfWeek, instantToWall } from "../../worker/booking/zoned-time";
import { chromiumLaunchOptions, chromiumPath, phoneContext } from "../support/chromium";
import { startLocalStack, type LocalStack } from "./stack";
import { stackApi } from "./stack-api";

const DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));
const SCREENS = fileURLToPath(new URL("../../test-results/screens/", import.meta.url));
const ZONE = "Europe/Moscow";
const ADMIN = "+79990000001";
const ANNA = { id: 1, name: "Анна Смирнова" }; // Mon–Fri 10–19, break 14–15
const MEN_HAIRCUT = 3; // 45 min, Anna only

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let admin: string;
const { api, signIn } = stackApi(() => stack);

type SeriesBooking = { id: number; status: string; local_date: string; local_time: string; series: { id: number; position: number; count: number } | null };

/** A Tuesday at least three days ahead whose next three Tuesdays are ordinary days for Anna. */
function firstTuesday(): string {
  const today = instantToWall(new Date(), ZONE).date;
  let day = addDays(today, 3);
  while (dayOfWeek(day) !== 1) day = addDays(day, 1);
  return day;
}

const shot = (name: string) => page.screenshot({ path: join(SCREENS, `series-${name}.png`), fullPage: true });

async function openAs(token: string, options: Parameters<Browser["newContext"]>[0]) {
  context = await browser.newContext({ serviceWorkers: "block", baseURL: stack.baseUrl, ...options });
  context.setDefaultTimeout(15_000);
  await context.addInitScript((t) => localStorage.setItem("salon.token", t), token);
  page = await context.newPage();
}

beforeAll(async () => {
  if (!existsSync(join(DIST, "index.html"))) throw new Error(`${DIST} has no build: run \`npm run build:web\` before the e2e tests.`);
  if (!existsSync(chromiumPath())) throw new Error(`Chromium not found at ${chromiumPath()}`);
  mkdirSync(SCREENS, { recursive: true });
  const [started, launched] = await Promise.all([startLocalStack(), chromium.launch(chromiumLaunchOptions())]);
  stack = started;
  browser = launched;
  admin = await signIn(ADMIN);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 30_000);

afterEach(async () => {
  await context?.close();
});

describe("a recurring booking", () => {
  it("admin books a client every Tuesday at 18:00 from the calendar, replaces a taken date with an alternative, cancels the last ones; the client sees the series grouped", async () => {
    const first = firstTuesday();
    const dates = [0, 1, 2, 3].map((week) => addDays(first, 7 * week));
    const phone = `+7999777${String(1000 + (process.pid % 900) * 10).slice(-4)}`;
    // Someone else already has Anna on the second Tuesday at 18:00.
    const taken = await api("/bookings", {
      method: "POST",
      token: admin,
      headers: { "Idempotency-Key": `e2e-series-taken-${Date.now()}` },
      body: JSON.stringify({ service_id: MEN_HAIRCUT, staff_id: ANNA.id, appointment_datetime: `${dates[1]}T18:00`, phone: `+7999778${String(1000 + (process.pid % 900) * 10).slice(-4)}`, customer_name: "Занято Раньше" }),
    });
    expect(taken.status).toBe(201);

    await openAs(admin, { viewport: { width: 1366, height: 900 }, locale: "ru-RU", timezoneId: ZONE, deviceScaleFactor: 1 });
    await page.goto(`/admin/calendar?date=${first}`);
    await page.getByRole("button", { name: `Свободно: ${ANNA.name}, 18:00 — записать клиента`, exact: true }).click();
    const panel = page.getByRole("dialog");
    await panel.getByLabel("Телефон клиента").fill(phone);
    await panel.getByLabel("Имя клиента").fill("Ника Каждовторничная");
    await panel.getByLabel("Услуга").selectOption(String(MEN_HAIRCUT));
    await panel.getByLabel("Повторять").check();
    await panel.getByLabel("Сколько раз").fill("4");
    await panel.getByRole("button", { name: "Проверить даты" }).click();

    const rows = panel.locator(".series__date");
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))).toEqual(["free", "conflict", "free", "free"]);
    // The taken Tuesday offers the nearest free times; the admin takes the first one.
    const conflict = rows.nth(1).locator("select");
    const firstAlternative = await conflict.locator("option").nth(1).getAttribute("value");
    await conflict.selectOption(firstAlternative!);
    await shot("preview");
    // The panel scrolls: its series part on its own shows every previewed date.
    await panel.locator(".series").screenshot({ path: join(SCREENS, "series-preview-list.png") });
    await panel.getByRole("button", { name: "Записать серию: 4" }).click();
    await panel.getByText("Записано 4 из 4").waitFor();
    await shot("saved");
    await panel.getByRole("button", { name: "Готово" }).click();

    const mine = async () => {
      const { body } = await api<{ bookings: SeriesBooking[] }>(`/bookings?from=${dates[0]}&to=${dates[3]}&staff_id=${ANNA.id}&limit=200`, { token: admin });
      return body.bookings.filter((b) => b.series !== null).sort((a, b) => a.local_date.localeCompare(b.local_date));
    };
    const booked = await mine();
    expect(booked.map((b) => [b.local_date, b.series!.position, b.series!.count])).toEqual([
      [dates[0], 1, 4], [dates[1], 2, 4], [dates[2], 3, 4], [dates[3], 4, 4],
    ]);
    expect(booked[1]!.local_time).not.toBe("18:00");
    expect([booked[0], booked[2], booked[3]].map((b) => b!.local_time)).toEqual(["18:00", "18:00", "18:00"]);

    // From the third date's panel: cancel this one and the following.
    await page.goto(`/admin/calendar?date=${dates[2]}`);
    await page.locator(`.cal-item[data-booking-id="${booked[2]!.id}"]`).click();
    const bookingPanel = page.getByRole("dialog", { name: `Запись №${booked[2]!.id}` });
    await bookingPanel.getByText("Серия · 3 из 4").waitFor();
    await bookingPanel.locator(".series-section").getByRole("button", { name: "Отменить эту и следующие" }).click();
    await bookingPanel.locator("#series-cancel-reason").fill("Клиент переезжает");
    await bookingPanel.locator(".series-section form").getByRole("button", { name: "Отменить эту и следующие" }).click();
    await bookingPanel.getByText("Изменено: 2, не вышло: 0").waitFor();
    await shot("panel-cancelled");
    expect((await mine()).map((b) => b.status)).toEqual(["pending", "pending", "cancelled", "cancelled"]);
    await context.close();

    // The client's "Мои записи": the two remaining dates together, as one series.
    await openAs(await signIn(phone), phoneContext);
    await page.goto("/bookings");
    const group = page.locator(".series-group");
    await group.getByText("Серия записей · впереди: 2").waitFor();
    expect(await group.locator(".pending-note").allTextContents()).toEqual(["1-я из 4 в серии", "2-я из 4 в серии"]);
    await shot("my-bookings");
  }, 120_000);
});
