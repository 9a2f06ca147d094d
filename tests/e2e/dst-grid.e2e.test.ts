// The time grid in the browser. The night the clocks go back: a wall time
// happens twice, the grid shows both apart (offset, "повтор"), lights up only
// the one tapped and books that instant; the manage link moves to the second
// one too. The salon moves to whichever zone's next fall-back comes first
// (computed, never a fixed date), within the longest horizon a salon may set.
// And the back office's setting that aligns the grid to the clock.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays, dayOfWeek, instantToWall } from "../../worker/booking/zoned-time";
import { type FallBack, nextFallBackIn } from "../support/dst";
import { phoneSuite, SCREENS, WAIT_MS } from "./phone-suite";
import { stackApi } from "./stack-api";
import type { LocalStack } from "./stack";

const MEN_HAIRCUT = 3; // 45 min
const ADMIN = "+79990000001";
const MAX_HORIZON_DAYS = 365; // UpdateSettingsBody.horizon_days
// Both hemispheres: one of them goes back within half a year of any date.
const ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "America/Santiago"];

let stack: LocalStack;
let page: Page;
let adminToken: string;
let fallBack: FallBack;
let phoneSeq = 0;

const nextPhone = () => `+7999457${String(1000 + (process.pid % 500) * 10 + phoneSeq++)}`;
const { api, signIn, signInOnPage } = stackApi(() => stack);
const shot = (name: string) => page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });

phoneSuite({ serviceWorkers: "block" }, (s) => {
  ({ stack, page } = s);
});

/** A master (admin API) doing the men's haircut on `date`'s weekday in these hours (round the clock on the fall-back date's). */
async function nightMaster(name: string, date = fallBack.date, start = "00:00", end = "24:00"): Promise<number> {
  const made = await api<{ staff: { id: number } }>("/admin/staff", {
    method: "POST",
    token: adminToken,
    body: JSON.stringify({ name, specialization: "Тест", services: [{ service_id: MEN_HAIRCUT, price_minor: null, duration_min: null }] }),
  });
  expect(made.status).toBe(201);
  const hours = await api(`/admin/staff/${made.body.staff.id}/schedule`, { method: "POST", token: adminToken, body: JSON.stringify({ day_of_week: dayOfWeek(date), start_time: start, end_time: end }) });
  expect(hours.status).toBe(201);
  return made.body.staff.id;
}

/** Pages the month calendar forward until `date` is shown, and opens it. */
async function openDay(date = fallBack.date): Promise<void> {
  const loaded = () => page.locator('.month[aria-busy="false"] .day--cell').first().waitFor();
  await loaded();
  for (let i = 0; i < 14 && (await page.locator(`.day[data-date="${date}"]`).count()) === 0; i++) {
    await page.getByRole("button", { name: "Следующий месяц" }).click();
    await loaded();
  }
  await page.locator(`.day[data-date="${date}"]`).click();
}

/** The newest message of `kind` to `phone`, as the dev transport holds it. */
async function messageOf(phone: string, kind: string): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const { body } = await api<{ messages: { kind: string; body: string }[] }>(`/dev/outbox?phone=${encodeURIComponent(phone)}`);
    const found = body.messages.find((m) => m.kind === kind);
    if (found) return found.body;
    await new Promise((r) => setTimeout(r, 150)); // poll, bounded by the deadline
  }
  throw new Error(`no ${kind} message to ${phone}`);
}

beforeAll(async () => {
  adminToken = await signIn(ADMIN);
  const candidates = ZONES.map((zone) => nextFallBackIn(zone)).filter((f): f is FallBack => f !== null);
  fallBack = candidates.sort((a, b) => a.at - b.at)[0]!;
  const daysAhead = Math.ceil((fallBack.at - Date.now()) / 86_400_000) + 2;
  expect(daysAhead, `next fall-back ${JSON.stringify(fallBack)}`).toBeLessThanOrEqual(MAX_HORIZON_DAYS);
  // This file's stack has a database of its own: the salon can move.
  const moved = await api("/admin/settings", { method: "PATCH", token: adminToken, body: JSON.stringify({ time_zone: fallBack.zone, horizon_days: Math.max(daysAhead, 60) }) });
  expect(moved.status).toBe(200);
}, 60_000);

describe("the night the clocks go back", () => {
  it("shows both occurrences of the repeated time apart, lights up only the one tapped, and books that instant", async () => {
    await nightMaster("Мастер Перевода");
    await page.goto(`/book/${MEN_HAIRCUT}`, { waitUntil: "domcontentloaded" });
    await page.getByLabel(/Мастер Перевода/).check();
    await openDay();
    const twins = page.locator(`.slot[data-time="${fallBack.time}"]`);
    await expect.poll(() => twins.count()).toBe(2);
    expect([await twins.nth(0).getAttribute("data-start"), await twins.nth(1).getAttribute("data-start")]).toEqual(fallBack.instants);
    // Told apart on screen and to a screen reader; the page says why a time is there twice.
    const [firstText, secondText] = [await twins.nth(0).innerText(), await twins.nth(1).innerText()];
    expect(firstText).not.toBe(secondText);
    expect(secondText).toContain("повтор");
    expect(await twins.nth(0).getAttribute("aria-label")).toContain("до перевода часов");
    expect(await twins.nth(1).getAttribute("aria-label")).toContain("повтор после перевода часов");
    expect(await page.getByTestId("clocks-back").isVisible()).toBe(true);

    await twins.nth(1).click();
    expect(await page.locator(".slot--selected").count()).toBe(1);
    expect(await page.locator(".slot--selected").getAttribute("data-start")).toBe(fallBack.instants[1]);
    expect(await twins.nth(0).getAttribute("aria-pressed")).toBe("false");
    await shot("dst-grid");

    await page.getByRole("button", { name: "Далее" }).click();
    await page.getByRole("heading", { level: 1, name: "Детали записи" }).waitFor();
    await expect.poll(() => page.locator(".summary").innerText()).toContain("повтор");
    await signInOnPage(page, nextPhone());
    await page.getByLabel("Телефон для связи").waitFor();
    await page.getByRole("button", { name: "Записаться" }).click();
    await page.getByRole("heading", { level: 1, name: "Вы записаны" }).waitFor();
    const id = Number(/\/bookings\/(\d+)/.exec(page.url())?.[1]);
    const booked = await api<{ booking: { start_at: string } }>(`/bookings/${id}`, { token: adminToken });
    expect(Date.parse(booked.body.booking.start_at)).toBe(Date.parse(fallBack.instants[1]));
  });

  it("moves a booking on the first occurrence to the second through the manage link", async () => {
    const master = await nightMaster("Мастер Ночной Смены");
    const phone = nextPhone();
    const made = await api<{ booking: { id: number; start_at: string } }>("/bookings", {
      method: "POST",
      token: await signIn(phone),
      headers: { "Idempotency-Key": `e2e-dst-${Date.now()}` },
      // A wall time without an offset is the first occurrence.
      body: JSON.stringify({ service_id: MEN_HAIRCUT, staff_id: master, appointment_datetime: `${fallBack.date}T${fallBack.time}` }),
    });
    expect(made.status).toBe(201);
    expect(Date.parse(made.body.booking.start_at)).toBe(Date.parse(fallBack.instants[0]));
    const link = /\/m\/\S+/.exec(await messageOf(phone, "booking_created"))![0];

    await page.goto(link, { waitUntil: "domcontentloaded" });
    await page.getByRole("button", { name: "Перенести" }).click();
    // The first occurrence is this booking's own (taken): only the second is offered, and it says so.
    const second = page.locator(`.manage-move .slot[data-start="${fallBack.instants[1]}"]`);
    await second.waitFor();
    expect(await second.innerText()).toContain("повтор");
    await second.click();
    expect(await page.locator(".manage-move .slot--selected").count()).toBe(1);
    await shot("dst-grid-manage");
    await page.locator(".manage-move").getByRole("button", { name: "Перенести", exact: true }).click();
    await expect.poll(() => page.getByTestId("manage-notice").textContent()).toContain(fallBack.time);
    const moved = await api<{ booking: { start_at: string } }>(`/bookings/${made.body.booking.id}`, { token: adminToken });
    expect(Date.parse(moved.body.booking.start_at)).toBe(Date.parse(fallBack.instants[1]));
  });

  it("the back office books a walk-in client on the second occurrence from the calendar", async () => {
    const name = "Мастер Ночного Зала";
    const master = await nightMaster(name);
    await page.context().addInitScript((token) => localStorage.setItem("salon.token", token), adminToken);
    await page.goto(`/admin/calendar?date=${fallBack.date}`);
    await page.getByRole("button", { name: `Свободно: ${name}, ${fallBack.time} — записать клиента`, exact: true }).click();
    await page.getByRole("dialog").waitFor();
    const again = page.getByRole("radio", { name: /повтор, после перевода/ });
    await again.check();
    expect(await page.getByRole("radio", { name: /первое, до перевода/ }).isChecked()).toBe(false);
    await page.getByLabel("Телефон клиента").fill(nextPhone());
    await page.getByLabel("Имя клиента").fill("Клиент Второго Часа");
    await page.getByLabel("Услуга").selectOption(String(MEN_HAIRCUT));
    await shot("dst-grid-admin");
    await page.getByRole("button", { name: "Записать", exact: true }).click();
    await page.locator(".cal-item", { hasText: "Клиент Второго Часа" }).waitFor();
    const { body } = await api<{ bookings: { id: number; customer_name: string | null; start_at: string }[] }>(`/bookings?from=${fallBack.date}&to=${fallBack.date}&staff_id=${master}&limit=50`, { token: adminToken });
    const made = body.bookings.find((b) => b.customer_name === "Клиент Второго Часа");
    expect(Date.parse(made!.start_at)).toBe(Date.parse(fallBack.instants[1]));

    // Moved from the booking panel half an hour on, again on the repeated stretch: the occurrence asked is the one moved to.
    const later = new Date(Date.parse(fallBack.instants[1]) + 30 * 60_000);
    const laterTime = `${fallBack.time.slice(0, 2)}:30`;
    await page.locator(".cal-item", { hasText: "Клиент Второго Часа" }).click();
    await page.getByRole("button", { name: "Перенести", exact: true }).click();
    await page.getByLabel("Время", { exact: true }).fill(laterTime);
    await page.getByRole("radio", { name: /повтор, после перевода/ }).check();
    await page.getByRole("button", { name: "Перенести сюда", exact: true }).click();
    await expect
      .poll(async () => {
        const { body: moved } = await api<{ bookings: { id: number; start_at: string }[] }>(`/bookings?from=${fallBack.date}&to=${fallBack.date}&staff_id=${master}&limit=50`, { token: adminToken });
        return moved.bookings.find((b) => b.id === made!.id)?.start_at;
      })
      .toSatisfy((start) => typeof start === "string" && Date.parse(start) === later.getTime());
  });
});

describe("the start grid setting", () => {
  it("the back office aligns the grid to the clock, and a 12:15–18:00 day then offers 12:30 … and 14:00", async () => {
    const date = addDays(instantToWall(new Date(), fallBack.zone).date, 5);
    await nightMaster("Мастер Дневной Смены", date, "12:15", "18:00");
    const slotTimes = async () => {
      await page.goto(`/book/${MEN_HAIRCUT}`, { waitUntil: "domcontentloaded" });
      await page.getByLabel(/Мастер Дневной Смены/).check();
      await openDay(date);
      await page.locator(".slot").first().waitFor();
      return page.locator(".slot").evaluateAll((els) => els.map((el) => el.getAttribute("data-time")));
    };
    expect((await slotTimes()).slice(0, 2)).toEqual(["12:15", "12:45"]);

    await page.context().addInitScript((token) => localStorage.setItem("salon.token", token), adminToken);
    await page.goto("/admin/settings");
    const clock = page.getByLabel(/По часам/);
    await clock.waitFor();
    expect(await page.getByLabel(/От начала смены/).isChecked()).toBe(true);
    try {
      await clock.check();
      await page.getByRole("button", { name: "Сохранить" }).click();
      await page.getByRole("status").filter({ hasText: "Сохранено" }).waitFor();
      await shot("grid-setting");
      const saved = await api<{ settings: { slot_grid: string } }>("/admin/settings", { token: adminToken });
      expect(saved.body.settings.slot_grid).toBe("clock");

      const times = await slotTimes();
      expect(times.slice(0, 4)).toEqual(["12:30", "13:00", "13:30", "14:00"]);
      expect(times).not.toContain("12:15");
      await shot("grid-clock");
    } finally {
      await api("/admin/settings", { method: "PATCH", token: adminToken, body: JSON.stringify({ slot_grid: "period_start" }) });
    }
  });
});
