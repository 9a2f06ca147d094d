// Master first, add-ons before the time, the month calendar and the salon on
// the home screen: the PWA against the REAL local stack at a phone size.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { join } from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays, instantToWall } from "../../worker/booking/zoned-time";
import { type LocalStack } from "./stack";
import { phoneSuite, SCREENS } from "./phone-suite";
import { stackApi, salonDate } from "./stack-api";
import { nextFallBack } from "../support/dst";

const MEN_HAIRCUT = 3; // 45 min, 1500 ₽; add-on 4 "Укладка" 30 min, 1200 ₽; master 1 (Анна, Mon–Fri 10–19, break 14–15)
const ADMIN = "+79990000001";

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let phoneSeq = 0;
let adminToken: string;

const nextPhone = () => `+7999456${String(1000 + (process.pid % 500) * 10 + phoneSeq++)}`;
const { api, signIn: apiSignIn, signInOnPage } = stackApi(() => stack);
const plain = (s: string | null) => (s ?? "").replace(/\s/g, " ");
const shot = (name: string) => page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });

/** Waits until the month calendar shows loaded days (not the previous month's, not a skeleton). */
const calendarLoaded = () => page.locator('.month[aria-busy="false"] .day--cell').first().waitFor();

/** Pages the month calendar forward until `date` is shown. */
async function showMonthOf(date: string, maxMonths = 4): Promise<void> {
  await calendarLoaded();
  for (let i = 0; i < maxMonths && (await page.locator(`.day[data-date="${date}"]`).count()) === 0; i++) {
    await page.getByRole("button", { name: "Следующий месяц" }).click();
    await calendarLoaded();
  }
  await page.locator(`.day[data-date="${date}"]`).waitFor();
}

/** The first date from `earliest` on which master 1 has `time` free for the men's haircut (by the API). */
async function annaFreeDay(earliest: number, time: string, addons = ""): Promise<string> {
  const q = addons ? `&additional_services=${addons}` : "";
  const range = await api<{ days: { date: string; available: number }[] }>(`/booking/time-slots/${MEN_HAIRCUT}?staff_id=1&from=${salonDate(earliest)}&days=14${q}`);
  for (const day of range.body.days.filter((d) => d.available > 0)) {
    const slots = await api<{ slots: { time: string; available: boolean }[] }>(`/booking/time-slots/${MEN_HAIRCUT}?staff_id=1&date=${day.date}${q}`);
    if (slots.body.slots.some((s) => s.time === time && s.available)) return day.date;
  }
  throw new Error(`no day from ${salonDate(earliest)} with ${time} free for master 1`);
}

async function signInOnDetails(phone: string): Promise<void> {
  await signInOnPage(page, phone);
  await page.getByLabel("Телефон для связи").waitFor();
}

/** A master (admin API) who does the men's haircut on the given weekdays (0 = Monday) in the given hours. */
async function adminMaster(name: string, days: number[], start: string, end: string): Promise<number> {
  const made = await api<{ staff: { id: number } }>("/admin/staff", {
    method: "POST",
    token: adminToken,
    body: JSON.stringify({ name, specialization: "Тест", services: [{ service_id: MEN_HAIRCUT, price_minor: null, duration_min: null }] }),
  });
  expect(made.status).toBe(201);
  for (const day of days) {
    const s = await api(`/admin/staff/${made.body.staff.id}/schedule`, { method: "POST", token: adminToken, body: JSON.stringify({ day_of_week: day, start_time: start, end_time: end }) });
    expect(s.status).toBe(201);
  }
  return made.body.staff.id;
}

phoneSuite({ serviceWorkers: "block" }, (s) => {
  ({ stack, browser, context, page } = s);
});

beforeAll(async () => {
  adminToken = await apiSignIn(ADMIN);
});

describe("master first", () => {
  it("home → masters → a master's profile with their own price → books with that master chosen", async () => {
    await page.goto("/", { waitUntil: "domcontentloaded" });
    // the salon on the home screen: name, address with a map link, hours
    const salon = page.locator(".salon-card");
    await salon.waitFor();
    expect(await salon.textContent()).toContain("Салон «Лотос»");
    expect(await salon.textContent()).toContain("Москва, ул. Покровка, 12");
    expect(await page.getByTestId("salon-hours").textContent()).toContain("Ежедневно 09:00–21:00");
    expect(await salon.getByRole("link", { name: "На карте" }).getAttribute("href")).toContain("yandex.ru/maps");
    expect(await salon.getByRole("link", { name: "+7 495 123-45-67" }).getAttribute("href")).toBe("tel:+74951234567");
    // no channel badges for customers
    await page.locator(".service").first().waitFor();
    expect(await page.locator(".catalog").textContent()).not.toContain("YClients");
    await shot("masters-home");

    await page.getByRole("link", { name: "Выбрать мастера" }).click();
    await page.getByRole("heading", { level: 1, name: "Мастера" }).waitFor();
    const cards = page.locator(".master-card");
    await cards.first().waitFor();
    expect(await cards.count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('.master-card[data-staff-id="5"]').textContent()).toContain("SPA-мастер");
    await shot("masters-list");

    await page.locator('.master-card[data-staff-id="5"] a').click();
    await page.getByRole("heading", { level: 1, name: "Елена Попова" }).waitFor();
    expect(await page.locator(".master-profile__bio").textContent()).toMatch(/SPA-программы/);
    // her own terms for the SPA wrap: 5 500 ₽ and 1 h 40 min instead of 5 000 ₽ and 1 h 30 min
    const wrap = page.locator('.master-service[data-service-id="9"]');
    expect(plain(await wrap.textContent())).toContain("1 ч 40 мин");
    expect(plain(await wrap.locator(".service__price").textContent())).toBe("5 500 ₽");
    // add-ons are not booked on their own
    expect(await page.locator('.master-service[data-service-id="10"]').count()).toBe(0);
    await shot("masters-profile");

    await wrap.getByRole("link", { name: "Записаться: SPA-обёртывание" }).click();
    await page.getByRole("heading", { level: 1, name: "Выбор времени" }).waitFor();
    await expect.poll(() => page.getByLabel(/Елена Попова/).isChecked()).toBe(true);
    // the picker tells her own terms next to her name
    expect(plain(await page.locator("label.choice", { hasText: "Елена Попова" }).textContent())).toContain("5 500 ₽, 1 ч 40 мин");
    await expect.poll(async () => plain(await page.getByTestId("slot-price").textContent())).toBe("5 500 ₽");
    await calendarLoaded();
    await page.locator(".day--selected").waitFor();
    const free = page.locator(".slot:not(.slot--taken)").first();
    await free.click();
    const date = (await page.locator(".day--selected").getAttribute("data-date"))!;
    const time = (await page.locator(".slot--selected").getAttribute("data-time"))!;
    await page.getByRole("button", { name: "Далее" }).click();

    await page.getByRole("heading", { level: 1, name: "Детали записи" }).waitFor();
    await signInOnDetails(nextPhone());
    expect(await page.locator(".summary").textContent()).toContain("Елена Попова");
    expect(plain(await page.getByTestId("total-price").textContent())).toBe("5 500 ₽");
    expect(plain(await page.getByTestId("total-duration").textContent())).toBe("1 ч 40 мин");
    // Fully prepaid: the form asks for an email for the fiscal receipt (54-FZ).
    await page.getByLabel("Эл. почта для кассового чека").fill("masters.receipt@example.ru");
    await page.getByRole("button", { name: "Записаться" }).click();
    // fully prepaid: held for payment, with the master and her price
    await page.getByRole("heading", { level: 1, name: "Оплата" }).waitFor();
    // signed in, the menu (services, my bookings, profile, sign out) fits the phone's width
    const nav = page.locator(".app-nav");
    expect(await nav.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await page.getByRole("button", { name: "Выйти" }).waitFor();
    const id = Number(/\/bookings\/(\d+)\/pay/.exec(page.url())?.[1]);
    const booked = await api<{ booking: Record<string, unknown> }>(`/bookings/${id}`, { token: adminToken });
    expect(booked.status).toBe(200);
    expect(booked.body.booking).toMatchObject({ staff: { id: 5 }, price: { amount_minor: 550000 }, duration_min: 100, local_date: date, local_time: time });
  });
});

/** Opens the month calendar far ahead, then pages to the horizon's month (`horizonDays` from today): the last one there is. */
async function reachAndStop(horizonDays: number): Promise<void> {
  const ranges: string[] = [];
  page.on("request", (r) => {
    if (/\/booking\/time-slots\/\d+\?.*days=/.test(r.url())) ranges.push(r.url());
  });
  await page.goto(`/book/${MEN_HAIRCUT}`, { waitUntil: "domcontentloaded" });
  await page.getByLabel(/Анна Смирнова/).check();
  const far = await annaFreeDay(20, "10:00");
  await showMonthOf(far);
  const cell = page.locator(`.day[data-date="${far}"]`);
  expect(await cell.getAttribute("data-kind")).toBe("free");
  await cell.click();
  await page.locator(`.day--selected[data-date="${far}"]`).waitFor();
  await page.locator('.slot[data-time="10:00"]:not(.slot--taken)').waitFor();
  // days she does not work are marked in words, not just colour
  const weekend = page.locator('.day[data-kind="closed"]').first();
  expect(await weekend.textContent()).toContain("вых");
  expect(await weekend.isDisabled()).toBe(true);
  await shot("masters-month");

  // every month shown was one range request (plus the master change)
  const months = new Set(ranges.map((u) => new URL(u).searchParams.get("from")!.slice(0, 7) + new URL(u).searchParams.get("staff_id")));
  expect(ranges.length).toBe(months.size);

  // the last month is the horizon's: no further paging, days past it cannot be chosen
  const horizonEnd = salonDate(horizonDays);
  await showMonthOf(horizonEnd);
  expect(await page.getByRole("button", { name: "Следующий месяц" }).isDisabled()).toBe(true);
  expect(await page.locator(`.day[data-date="${horizonEnd}"]`).getAttribute("data-kind")).not.toBe("outside");
  const after = page.locator(`.day[data-date="${addDays(horizonEnd, 1)}"]`);
  expect(await after.getAttribute("data-kind")).toBe("outside");
  expect(await after.isDisabled()).toBe(true);
}

describe("month calendar", () => {
  it("reaches a day more than two weeks ahead, one request per month, and stops at the horizon", async () => {
    // A horizon that ends on a 15th (45–75 days ahead), so the days past it are on screen, whatever today is.
    const horizonDays = Array.from({ length: 31 }, (_, i) => 45 + i).find((d) => salonDate(d).endsWith("-15"))!;
    const { settings } = (await api<{ settings: { horizon_days: number } }>("/admin/settings", { token: adminToken })).body;
    const setHorizon = (days: number) => api("/admin/settings", { method: "PATCH", token: adminToken, body: JSON.stringify({ horizon_days: days }) });
    expect((await setHorizon(horizonDays)).status).toBe(200);
    try {
      await reachAndStop(horizonDays);
    } finally {
      await setHorizon(settings.horizon_days);
    }
  });
});

describe("add-ons before the time", () => {
  it("asks for the times with the add-on, and the time picked with it is booked", async () => {
    // 13:00 fits the 45-minute haircut before the 14:00 break, but not with the 30-minute add-on
    const day = await annaFreeDay(3, "13:00");
    const requests: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/booking/time-slots/")) requests.push(r.url());
    });
    await page.goto(`/book/${MEN_HAIRCUT}`, { waitUntil: "domcontentloaded" });
    await page.getByLabel(/Анна Смирнова/).check();
    await showMonthOf(day);
    await page.locator(`.day[data-date="${day}"]`).click();
    await page.locator('.slot[data-time="13:00"]:not(.slot--taken)').waitFor();

    await page.getByLabel(/Укладка/).check();
    await expect.poll(() => page.locator('.slot[data-time="13:00"]').getAttribute("aria-disabled")).toBe("true");
    expect(requests.some((u) => u.includes(`date=${day}`) && u.includes("additional_services=4"))).toBe(true);
    await page.locator('.slot[data-time="12:00"]:not(.slot--taken)').click();
    await page.getByRole("button", { name: "Далее" }).click();

    await page.getByRole("heading", { level: 1, name: "Детали записи" }).waitFor();
    await signInOnDetails(nextPhone());
    expect(await page.getByTestId("chosen-addons").textContent()).toContain("Укладка");
    expect(plain(await page.getByTestId("total-duration").textContent())).toBe("1 ч 15 мин");
    expect(plain(await page.getByTestId("total-price").textContent())).toBe("2 700 ₽");
    await shot("masters-addon-details");
    await page.getByRole("button", { name: "Записаться" }).click();
    await page.getByRole("heading", { level: 1, name: "Вы записаны" }).waitFor();
    expect(await page.getByTestId("booking-time").textContent()).toContain("12:00");
    const id = Number(/\/bookings\/(\d+)/.exec(page.url())?.[1]);
    const booked = await api<{ booking: Record<string, unknown> }>(`/bookings/${id}`, { token: adminToken });
    expect(booked.body.booking).toMatchObject({ staff: { id: 1 }, price: { amount_minor: 270000 }, duration_min: 75, local_date: day, local_time: "12:00", addons: [{ id: 4 }] });
  });
});

/**
 * A whole-hour zone where it is about noon now, so that today always has
 * times gone by and times still open, whatever hour the suite runs.
 */
function zoneAtNoon(now = new Date()): string {
  const east = ((12 - now.getUTCHours() + 36) % 24) - 12; // UTC−12 … UTC+11
  // Etc/GMT names count the other way round: Etc/GMT-3 is UTC+3.
  return east === 0 ? "Etc/GMT" : `Etc/GMT${east > 0 ? "-" : "+"}${Math.abs(east)}`;
}

describe("past times", () => {
  it("leaves out times that have passed or are too soon instead of showing them as taken", async () => {
    const { settings } = (await api<{ settings: { time_zone: string } }>("/admin/settings", { token: adminToken })).body;
    const patch = (body: object) => api("/admin/settings", { method: "PATCH", token: adminToken, body: JSON.stringify(body) });
    const zone = zoneAtNoon();
    expect((await patch({ time_zone: zone })).status).toBe(200);
    try {
      // a master who works around the clock every day, so today always has past times
      const staffId = await adminMaster("Круглосуточный Мастер", [0, 1, 2, 3, 4, 5, 6], "00:00", "23:30");
      const today = instantToWall(new Date(), zone).date;
      const slots = await api<{ slots: { time: string; available: boolean; reason?: string }[] }>(`/booking/time-slots/${MEN_HAIRCUT}?staff_id=${staffId}&date=${today}`);
      const gone = slots.body.slots.filter((s) => s.reason === "past" || s.reason === "notice").map((s) => s.time);
      const open = slots.body.slots.filter((s) => s.available).map((s) => s.time);
      const kept = slots.body.slots.filter((s) => !gone.includes(s.time)).map((s) => s.time);
      expect(gone.length).toBeGreaterThan(0);
      expect(open.length).toBeGreaterThan(0);

      await page.goto(`/book/${MEN_HAIRCUT}`, { waitUntil: "domcontentloaded" });
      await page.getByLabel(/Круглосуточный Мастер/).check();
      await calendarLoaded();
      await page.locator(`.day[data-date="${today}"]`).click();
      await page.locator(`.day--selected[data-date="${today}"]`).waitFor();
      await page.locator(`.slot[data-time="${open[0]}"]`).waitFor();
      const shown = await page.locator(".slot").evaluateAll((els) => els.map((el) => el.getAttribute("data-time")));
      expect(shown).toEqual(kept);
      for (const time of gone) expect(shown).not.toContain(time);
      await shot("masters-today");
    } finally {
      await patch({ time_zone: settings.time_zone });
    }
  });
});

describe("the day the clocks go back", () => {
  it("lights up only the 02:30 that was tapped, and books that instant", async () => {
    const { settings } = (await api<{ settings: { time_zone: string; horizon_days: number } }>("/admin/settings", { token: adminToken })).body;
    const patch = (body: object) => api("/admin/settings", { method: "PATCH", token: adminToken, body: JSON.stringify(body) });
    // The nearest day Berlin's or Sydney's clocks go back (02:00–03:00 happens twice): under seven months away, within a year's horizon
    const { zone, date: fallBack } = nextFallBack();
    expect((await patch({ time_zone: zone, horizon_days: 365 })).status).toBe(200);
    try {
      await adminMaster("Ночной Мастер", [6], "00:00", "06:00");
      await page.goto(`/book/${MEN_HAIRCUT}`, { waitUntil: "domcontentloaded" });
      await page.getByLabel(/Ночной Мастер/).check();
      await showMonthOf(fallBack, 14);
      await page.locator(`.day[data-date="${fallBack}"]`).click();
      const twins = page.locator('.slot[data-time="02:30"]');
      await expect.poll(() => twins.count()).toBe(2);
      const second = (await twins.nth(1).getAttribute("data-start"))!;
      expect(Date.parse(second) - Date.parse((await twins.nth(0).getAttribute("data-start"))!)).toBe(3_600_000);
      await twins.nth(1).click();
      expect(await page.locator(".slot--selected").count()).toBe(1);
      expect(await page.locator(".slot--selected").getAttribute("data-start")).toBe(second);
      await shot("masters-dst");
      await page.getByRole("button", { name: "Далее" }).click();
      await page.getByRole("heading", { level: 1, name: "Детали записи" }).waitFor();
      await signInOnDetails(nextPhone());
      await page.getByRole("button", { name: "Записаться" }).click();
      await page.getByRole("heading", { level: 1, name: "Вы записаны" }).waitFor();
      const id = Number(/\/bookings\/(\d+)/.exec(page.url())?.[1]);
      const booked = await api<{ booking: { start_at: string } }>(`/bookings/${id}`, { token: adminToken });
      expect(Date.parse(booked.body.booking.start_at)).toBe(Date.parse(second));
    } finally {
      await patch({ time_zone: settings.time_zone, horizon_days: settings.horizon_days });
    }
  });
});
