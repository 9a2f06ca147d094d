// The waitlist in the PWA at a phone size, against the real local stack: A
// joins the waitlist from a full day, B cancels, the master's ledger holds the
// freed time for A and tells A (SMS through the dev outbox: this browser has
// no push service), C cannot book the held time, A books it in one tap.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../worker/booking/zoned-time";
import { chromiumLaunchOptions, chromiumPath, phoneContext } from "../support/chromium";
import { startLocalStack, type LocalStack } from "./stack";
import { stackApi, salonDate } from "./stack-api";

const DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));
const SCREENS = fileURLToPath(new URL("../../test-results/screens/", import.meta.url));
const WAIT_MS = 15_000;
const MEN_HAIRCUT = 3; // 45 min, no prepayment; master 1 (Анна) does it
const ANNA = 1;

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const { api, signIn } = stackApi(() => stack);
const phone = (n: number) => `+7999555${String((process.pid % 900) * 10 + n).padStart(4, "0")}`;
const at = (date: string, time: string) => `${date}T${time}:00+03:00`;

type Slot = { time: string; available: boolean };
const annaSlots = async (date: string) => (await api<{ slots: Slot[] }>(`/booking/time-slots/${MEN_HAIRCUT}?staff_id=${ANNA}&date=${date}`)).body.slots;

function book(token: string, date: string, time: string) {
  return api<{ booking?: { id: number; start_at: string }; error?: { code: string } }>("/bookings", {
    method: "POST",
    token,
    headers: { "Idempotency-Key": `wl-e2e-${Date.now()}-${Math.random().toString(36).slice(2)}` },
    body: JSON.stringify({ service_id: MEN_HAIRCUT, staff_id: ANNA, appointment_datetime: `${date}T${time}` }),
  });
}

beforeAll(async () => {
  if (!existsSync(join(DIST, "index.html"))) throw new Error(`${DIST} has no build: run \`npm run build:web\` first.`);
  mkdirSync(SCREENS, { recursive: true });
  const [started, launched] = await Promise.all([startLocalStack(), chromium.launch(chromiumLaunchOptions())]);
  stack = started;
  browser = launched;
  if (!existsSync(chromiumPath())) throw new Error("Chromium not found");
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.stop();
}, 30_000);

describe("waitlist with an automatic hold", () => {
  it("A waits, B cancels, A gets the hold and books it while C cannot take it", { timeout: 120_000 }, async () => {
    const [admin, b, a, c] = [await signIn("+79990000001"), await signIn(phone(1)), await signIn(phone(2)), await signIn(phone(3))];
    // A weekday of Анна's with 11:00 free, then everything but B's 11:00 blocked: a full day.
    let day = "";
    for (let d = 3; d < 10 && !day; d++) if ((await annaSlots(salonDate(d))).some((s) => s.time === "11:00" && s.available)) day = salonDate(d);
    expect(day, "a working day of Анна's").not.toBe("");
    const taken = await book(b, day, "11:00");
    expect(taken.status).toBe(201);
    for (const [start, end] of [[at(day, "00:00"), at(day, "11:00")], [at(day, "11:45"), at(addDays(day, 1), "00:00")]] as const) {
      const block = await api("/admin/blocks", { method: "POST", token: admin, body: JSON.stringify({ staff_id: ANNA, start, end, reason: "e2e: a full day" }) });
      expect(block.status).toBe(201);
    }
    expect((await annaSlots(day)).some((s) => s.available)).toBe(false);

    // A, on the phone: the full day offers the waitlist.
    context = await browser.newContext({ serviceWorkers: "block", baseURL: stack.baseUrl, ...phoneContext, deviceScaleFactor: 1 });
    context.setDefaultTimeout(WAIT_MS);
    await context.addInitScript((token) => localStorage.setItem("salon.token", token), a);
    page = await context.newPage();
    await page.goto(`/book/${MEN_HAIRCUT}`, { waitUntil: "domcontentloaded" });
    await page.getByLabel(/Анна Смирнова/).check();
    // The month calendar shows the day's own month (paging forward when it is the next one).
    const cell = page.locator(`.day:not(.day--outside)[data-date="${day}"]`);
    for (let i = 0; i < 3; i++) {
      await page.locator('.month[aria-busy="false"] .day--cell').first().waitFor();
      if ((await cell.count()) > 0) break;
      await page.getByRole("button", { name: "Следующий месяц" }).click();
    }
    await cell.click();
    await page.locator(`.day--selected[data-date="${day}"]`).waitFor();
    await page.getByRole("button", { name: "Встать в лист ожидания" }).click();
    await page.getByText("Вы в листе ожидания").waitFor();
    await page.screenshot({ path: join(SCREENS, "waitlist-joined.png"), fullPage: true });
    const entries = (await api<{ entries: { id: number; state: string }[] }>("/waitlist", { token: a })).body.entries;
    expect(entries.map((e) => e.state)).toEqual(["waiting"]);

    // B cancels: the ledger holds 11:00 for A and sends A the link.
    expect((await api(`/bookings/${taken.body.booking!.id}`, { method: "PATCH", token: b, body: JSON.stringify({ action: "cancel" }) })).status).toBe(200);
    let link = "";
    await expect
      .poll(async () => {
        const { body } = await api<{ messages: { kind: string; body: string }[] }>(`/dev/outbox?phone=${encodeURIComponent(phone(2))}`);
        link = /\/waitlist\/\d+/.exec(body.messages.find((m) => m.kind === "waitlist_offer")?.body ?? "")?.[0] ?? "";
        return link;
      }, { timeout: WAIT_MS })
      .toBe(`/waitlist/${entries[0]!.id}`);

    // Meanwhile C cannot take the held time.
    const rival = await book(c, day, "11:00");
    expect([rival.status, rival.body.error?.code]).toEqual([409, "slot_taken"]);
    expect((await annaSlots(day)).find((s) => s.time === "11:00")?.available).toBe(false);

    // A opens the link from the SMS: the offer with its countdown; one tap books it.
    await page.goto(link, { waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { level: 1, name: "Освободилось время" }).waitFor();
    await expect.poll(() => page.getByRole("timer").textContent()).toMatch(/Держим для вас ещё\s*\d{1,2}:\d{2}/);
    await page.screenshot({ path: join(SCREENS, "waitlist-offer.png"), fullPage: true });
    await page.getByRole("button", { name: "Записаться" }).click();
    await page.waitForURL(/\/bookings\/\d+$/);
    const bookingId = Number(/\/bookings\/(\d+)$/.exec(page.url())![1]);
    const mine = await api<{ booking: { start_at: string; status: string; staff: { id: number } } }>(`/bookings/${bookingId}`, { token: a });
    expect(mine.body.booking).toMatchObject({ start_at: new Date(at(day, "11:00")).toISOString(), status: "pending", staff: { id: ANNA } });
    expect((await api<{ entries: { state: string }[] }>("/waitlist", { token: a })).body.entries.map((e) => e.state)).toEqual(["booked"]);
    expect((await book(c, day, "11:00")).status).toBe(409);

    // "My waitlist": the booked entry links to its booking; an open one can be left.
    const other = addDays(day, 1);
    expect((await api("/waitlist", { method: "POST", token: a, body: JSON.stringify({ service_id: MEN_HAIRCUT, date: other, from_time: "15:00", to_time: "17:00" }) })).status).toBe(201);
    await page.goto("/bookings", { waitUntil: "domcontentloaded" });
    await page.getByRole("link", { name: "Мой лист ожидания" }).click();
    await page.getByRole("heading", { level: 1, name: "Лист ожидания" }).waitFor();
    await expect.poll(() => page.locator(".waitlist-entry").evaluateAll((els) => els.map((el) => el.getAttribute("data-state")))).toEqual(["booked", "waiting"]);
    await page.screenshot({ path: join(SCREENS, "waitlist-list.png"), fullPage: true });
    await page.locator('.waitlist-entry[data-state="waiting"]').getByRole("button", { name: "Выйти из листа" }).click();
    await page.locator('.waitlist-entry[data-state="cancelled"]').waitFor();
    expect((await api<{ entries: { state: string }[] }>("/waitlist", { token: a })).body.entries.map((e) => e.state)).toEqual(["booked", "cancelled"]);
  });
  it("shows a pushed offer as a notification from the service worker", { timeout: 60_000 }, async () => {
    // Chromium's own push service is out of reach here, so the push is handed
    // to the service worker through DevTools (ServiceWorker.deliverPushMessage),
    // with the payload the Worker sends (worker/reservations/waitlist-notify.ts).
    await context?.close();
    context = await browser.newContext({ serviceWorkers: "allow", baseURL: stack.baseUrl, ...phoneContext, deviceScaleFactor: 1 });
    context.setDefaultTimeout(WAIT_MS);
    await context.grantPermissions(["notifications"], { origin: stack.baseUrl });
    page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const registrations: { registrationId: string; scopeURL: string }[] = [];
    cdp.on("ServiceWorker.workerRegistrationUpdated", (e: { registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] }) => {
      for (const r of e.registrations) if (!r.isDeleted) registrations.push(r);
    });
    await cdp.send("ServiceWorker.enable");
    await page.goto("/", { waitUntil: "domcontentloaded" });
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await expect.poll(() => registrations.length).toBeGreaterThan(0);
    const message = { title: "Освободилось время", body: "Стрижка мужская, мастер Анна Смирнова, 03.12.2026 в 11:00. Держим для вас до 11:10.", url: "/waitlist/7", tag: "waitlist-7" };
    const push = () => cdp.send("ServiceWorker.deliverPushMessage", { origin: stack.baseUrl, registrationId: registrations.at(-1)!.registrationId, data: JSON.stringify(message) });
    const notifications = () =>
      page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data })));
    // A push that reaches a worker still activating can be dropped by DevTools;
    // it is delivered again until one shows (same tag: a repeat replaces, never adds).
    const shown = async () => {
      const now = await notifications();
      if (now.length === 0) await push();
      return now;
    };
    await push();
    await expect.poll(shown, { timeout: WAIT_MS, interval: 500 }).toEqual([{ title: message.title, body: message.body, tag: message.tag, data: { url: message.url } }]);
  });
});
