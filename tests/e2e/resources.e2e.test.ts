// Rooms in the back office, against the real local stack: the admin adds a
// massage room with two units, links it to the massage on the resources
// screen, sees a booking in the room's first unit with the calendar switched
// to rooms (each unit a column), and moves it to the second unit from the
// booking panel. Its own stack: linking a seeded service changes its bookings.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumLaunchOptions, chromiumPath } from "../support/chromium";
import { startLocalStack, type LocalStack } from "./stack";
import { salonDate, stackApi } from "./stack-api";

const DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));
const SCREENS = fileURLToPath(new URL("../../test-results/screens/", import.meta.url));
const WAIT_MS = 15_000;
const ADMIN = "+79990000001";
const MASSAGE = 8; // "Классический массаж спины"

let stack: LocalStack;
let browser: Browser;
let token: string;

const { api, signIn, nextPhone } = stackApi(() => stack);

beforeAll(async () => {
  if (!existsSync(join(DIST, "index.html"))) throw new Error(`${DIST} has no build: run \`npm run build:web\` before the e2e tests.`);
  if (!existsSync(chromiumPath())) throw new Error(`Chromium not found at ${chromiumPath()}: apt-get install -y chromium or set CHROMIUM_PATH.`);
  mkdirSync(SCREENS, { recursive: true });
  [stack, browser] = await Promise.all([startLocalStack({ RATE_LIMITS: "off" }), chromium.launch(chromiumLaunchOptions())]);
  token = await signIn(ADMIN);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 30_000);

describe("rooms in the back office", () => {
  it("creates a room, links it to a service, sees rooms as columns and moves a booking to the other unit", async () => {
    const context = await browser.newContext({ serviceWorkers: "block", baseURL: stack.baseUrl, viewport: { width: 1280, height: 900 }, locale: "ru-RU", timezoneId: "Europe/Moscow" });
    context.setDefaultTimeout(WAIT_MS);
    try {
      await context.addInitScript((t) => localStorage.setItem("salon.token", t), token);
      const page = await context.newPage();
      await page.goto("/admin/resources");
      await page.getByRole("heading", { level: 1, name: "Кабинеты и оборудование" }).waitFor();
      const add = page.getByRole("form", { name: "Добавить" });
      await add.getByLabel("Название").fill("Массажный кабинет");
      await add.getByLabel("Одинаковых мест").fill("2");
      await add.getByRole("button", { name: "Добавить" }).click();
      const room = page.getByRole("form", { name: "Массажный кабинет" });
      await room.waitFor();
      await room.getByRole("checkbox", { name: "Классический массаж спины" }).check();
      await room.getByRole("button", { name: "Сохранить" }).click();
      await room.getByRole("status").waitFor();
      await page.screenshot({ path: join(SCREENS, "admin-desktop-resources.png"), fullPage: true });
      const service = await api<{ service: { resource_ids: number[] } }>(`/admin/services/${MASSAGE}`, { token });
      expect(service.body.service.resource_ids).toHaveLength(1);
      const roomId = service.body.service.resource_ids[0]!;

      // A booking of the massage gets the room's first unit.
      let date = "";
      let time = "";
      for (let d = 2; d < 10 && !time; d++) {
        date = salonDate(d);
        const slots = await api<{ slots: { time: string; available: boolean }[] }>(`/booking/time-slots/${MASSAGE}?date=${date}`);
        time = slots.body.slots.find((s) => s.available)?.time ?? "";
      }
      expect(time).not.toBe("");
      const made = await api<{ booking: { id: number; resources: { id: number; unit: number }[] } }>("/bookings", {
        method: "POST",
        token,
        headers: { "Idempotency-Key": `rooms-${Date.now()}` },
        body: JSON.stringify({ service_id: MASSAGE, staff_id: "any", appointment_datetime: `${date}T${time}`, phone: nextPhone(), customer_name: "Ирина" }),
      });
      expect(made.status).toBe(201);
      expect(made.body.booking.resources).toEqual([expect.objectContaining({ id: roomId, unit: 1 })]);

      await page.goto(`/admin/calendar?view=rooms&date=${date}`);
      const first = page.getByRole("group", { name: "Массажный кабинет · 1" });
      const second = page.getByRole("group", { name: "Массажный кабинет · 2" });
      await first.waitFor();
      await second.waitFor();
      await first.getByText("Ирина").waitFor();
      await page.screenshot({ path: join(SCREENS, "admin-desktop-calendar-rooms.png"), fullPage: true });

      await first.getByText("Ирина").click();
      const unit = page.getByRole("combobox", { name: "Перенести в место" });
      await unit.selectOption("2");
      await second.getByText("Ирина").waitFor();
      const after = await api<{ booking: { resources: { unit: number }[] } }>(`/admin/bookings/${made.body.booking.id}`, { token });
      expect(after.body.booking.resources[0]!.unit).toBe(2);
    } finally {
      await context.close();
    }
  });
});
