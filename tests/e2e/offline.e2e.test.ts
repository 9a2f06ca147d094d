// Offline for real, in Chromium at a phone size against the REAL local stack:
// a service and a day looked at online are there offline (the day's slots
// with "as of"), a booking made from them waits as "will be confirmed when
// online" and lands on its page once replayed; a reschedule made offline
// waits with its key and is confirmed after the reconnect.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { join } from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { PREFETCH_DAYS, PREFETCH_LOOKAHEAD } from "../../web/src/data/slot-cache-logic";
import { type LocalStack } from "./stack";
import { phoneSuite, SCREENS, WAIT_MS } from "./phone-suite";
import { stackApi, salonDate } from "./stack-api";

/** Installing the service worker precaches the whole app: slow on a loaded machine. */
const SW_WAIT_MS = 40_000;
/** Each scenario goes online → offline → online through the real stack. */
const TEST_MS = 120_000;
const MEN_HAIRCUT = 3; // internal, 45 min, no prepayment; only master 1 (Анна) does it
const MASSAGE = 8; // masters 4 and 5; never opened online in these tests

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const { api, signIn: apiSignIn, nextPhone, signInOnPage } = stackApi(() => stack);
const shot = (name: string) => page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });

async function signInFirst(phone: string): Promise<string> {
  await page.goto("/signin?next=/", { waitUntil: "domcontentloaded" });
  await signInOnPage(page, phone);
  await page.getByRole("heading", { level: 1, name: "Услуги и цены" }).waitFor();
  return (await page.evaluate(() => localStorage.getItem("salon.token")))!;
}

/**
 * Waits until the service worker is active and controls the page. A page
 * whose navigation started while the worker was still installing stays
 * uncontrolled (clients.claim() ran before it existed): like a user's next
 * visit, a reload puts it under the worker.
 */
async function waitForServiceWorker(): Promise<void> {
  const active = await page.evaluate(
    (timeout) =>
      Promise.race([
        navigator.serviceWorker.ready.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeout)),
      ]),
    SW_WAIT_MS,
  );
  expect(active, "the service worker is installed and active").toBe(true);
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload({ waitUntil: "domcontentloaded" });
  }
  const state = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return { controlled: navigator.serviceWorker.controller !== null, active: reg?.active?.state, url: location.href };
  });
  expect(state.controlled, `the service worker controls the page ${JSON.stringify(state)}`).toBe(true);
}

/** The free times of the day shown, in order. */
const freeTimes = () => page.locator(".slot:not(.slot--taken)").evaluateAll((els) => els.map((el) => el.getAttribute("data-time") ?? ""));

/** The first free time on the grid other than `except`, waiting for the grid to render (a service-worker reload empties it for a moment). */
async function freeTimeOtherThan(except?: string): Promise<string> {
  let time: string | undefined;
  await expect.poll(async () => (time = (await freeTimes()).find((t) => t !== except)), { timeout: WAIT_MS }).toBeTruthy();
  return time!;
}

/** On the booking screen: master 1 and her first day with free times from the day after tomorrow. */
async function pickMasterAndDay(): Promise<string> {
  await page.getByRole("heading", { level: 1, name: "Выбор времени" }).waitFor();
  await page.getByLabel(/Анна Смирнова/).check();
  let date: string | undefined;
  // the month calendar: page on when the month shown has no free day left from the day after tomorrow
  for (let i = 0; i < 3 && !date; i++) {
    await page.locator('.month[aria-busy="false"] .day--cell').first().waitFor();
    const dates = await page.locator(".day.day--free").evaluateAll((els) => els.map((el) => el.getAttribute("data-date") ?? ""));
    date = dates.find((d) => d >= salonDate(2));
    if (!date) await page.getByRole("button", { name: "Следующий месяц" }).click();
  }
  if (!date) throw new Error(`no free day for master 1 from ${salonDate(2)} within three months`);
  await page.locator(`.day[data-date="${date}"]`).click();
  await page.locator(`.day--selected[data-date="${date}"]`).waitFor();
  await page.locator(".slot:not(.slot--taken)").first().waitFor();
  return date;
}

/** Pages the month calendar, back or forth, until `date` is on screen. */
async function showMonthOf(date: string): Promise<void> {
  for (let i = 0; i < 3 && (await page.locator(`.day[data-date="${date}"]`).count()) === 0; i++) {
    const first = (await page.locator(".day[data-date]").first().getAttribute("data-date"))!;
    await page.getByRole("button", { name: date < first ? "Предыдущий месяц" : "Следующий месяц" }).click();
    await page.locator('.month[aria-busy="false"] .day--cell').first().waitFor();
  }
  await page.locator(`.day[data-date="${date}"]`).waitFor();
}

/** The dates whose slots of service 3 with master 1 (no add-ons) the PWA has saved in IndexedDB. */
const savedDays = () =>
  page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open("salon");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction("snapshots").objectStore("snapshots").getAllKeys();
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            open.result.close();
            resolve((req.result as string[]).filter((k) => k.startsWith("slots:day:3:1::")).map((k) => k.slice(-10)));
          };
        };
      }),
  );

/** A booking of service 3 with master 1 made through the API, on her first day with two free times from the day after tomorrow. */
async function bookThroughApi(token: string): Promise<{ id: number; date: string; time: string }> {
  const counts = await api<{ days: { date: string; available: number }[] }>(`/booking/time-slots/${MEN_HAIRCUT}?staff_id=1&days=14`);
  const date = counts.body.days.find((d) => d.available > 2 && d.date >= salonDate(2))!.date;
  const day = await api<{ slots: { time: string; available: boolean }[] }>(`/booking/time-slots/${MEN_HAIRCUT}?staff_id=1&date=${date}`);
  const time = day.body.slots.find((s) => s.available)!.time;
  return { id: await bookAt(token, date, time), date, time };
}

/** Books master 1 at that salon wall time through the API (201 expected); resolves with the booking's id. */
async function bookAt(token: string, date: string, time: string): Promise<number> {
  const made = await api<{ booking: { id: number } }>("/bookings", {
    method: "POST",
    token,
    headers: { "Idempotency-Key": `offline-e2e-${Date.now()}-${Math.random().toString(36).slice(2)}` },
    body: JSON.stringify({ service_id: MEN_HAIRCUT, staff_id: 1, appointment_datetime: `${date}T${time}` }),
  });
  expect(made.status).toBe(201);
  return made.body.booking.id;
}

/** Online: the booking's page, then its reschedule screen, which opens on its day with its master (and saves that day). */
async function openRescheduleOnline(booking: { id: number; date: string }): Promise<void> {
  await page.goto(`/bookings/${booking.id}`, { waitUntil: "domcontentloaded" });
  await page.getByRole("link", { name: "Перенести" }).click();
  await page.getByRole("heading", { level: 1, name: "Перенос записи" }).waitFor();
  await page.locator(`.day--selected[data-date="${booking.date}"]`).waitFor();
  expect(await page.getByLabel(/Анна Смирнова/).isChecked()).toBe(true);
  await page.locator(".slot:not(.slot--taken)").first().waitFor();
  await waitForServiceWorker();
}

/** Offline: from the booking's page to a move to the first free time other than `time`; resolves with that time. */
async function moveOffline(booking: { id: number; date: string; time: string }): Promise<string> {
  await page.goto(`/bookings/${booking.id}`, { waitUntil: "domcontentloaded" });
  await page.getByRole("link", { name: "Перенести" }).click();
  await page.locator(`.day--selected[data-date="${booking.date}"]`).waitFor();
  await expectSavedSlots();
  const newTime = await freeTimeOtherThan(booking.time);
  await page.locator(`.slot[data-time="${newTime}"]`).click();
  await page.getByRole("button", { name: "Перенести на это время" }).click();
  await page.waitForURL(new RegExp(`/bookings/${booking.id}$`));
  return newTime;
}

/** The "as of" notice of saved slots, then the note that the result comes once online. */
async function expectSavedSlots(): Promise<void> {
  const notice = page.locator(".notice--cache").first();
  await notice.waitFor();
  expect(await notice.textContent()).toMatch(/Данные от (\d{1,2} \S+ )?\d{2}:\d{2} \(нет сети\)/);
  await page.getByTestId("slots-saved").waitFor();
}

phoneSuite({ serviceWorkers: "allow" }, (s) => {
  ({ stack, browser, context, page } = s);
});

describe("offline booking", () => {
  it("opens a service and the slots of a day looked at online with no network, queues a booking as 'will be confirmed', and opens it once the salon confirms it", async () => {
    const token = await signInFirst(nextPhone());
    await page.getByRole("link", { name: /Стрижка мужская/ }).first().waitFor();
    await page.goto(`/services/${MEN_HAIRCUT}`, { waitUntil: "domcontentloaded" });
    await page.getByRole("link", { name: "Выбрать время" }).click();
    const date = await pickMasterAndDay();
    await waitForServiceWorker();
    // Picking Анна made her the favourite: her next free days are saved too, not only the one looked at.
    const counts = await api<{ days: { date: string; status: string; available: number }[] }>(`/booking/time-slots/${MEN_HAIRCUT}?staff_id=1&days=14`);
    const ahead = counts.body.days.slice(0, PREFETCH_LOOKAHEAD).filter((d) => d.available > 0).slice(0, PREFETCH_DAYS).map((d) => d.date);
    expect(ahead.length).toBeGreaterThan(0);
    await expect.poll(savedDays, { timeout: WAIT_MS }).toEqual(expect.arrayContaining([date, ...ahead]));
    // A day fetched ahead and never opened; in another month near a month's end, whose counts the calendar keeps once shown online.
    const other = ahead.find((d) => d !== date);
    expect(other, `another day than ${date} among ${ahead.join(", ")}`).toBeDefined();
    await showMonthOf(other!);
    await showMonthOf(date);
    // Showing another month chose its first free day: the day looked at is chosen again.
    await page.locator(`.day[data-date="${date}"]`).click();
    await page.locator(`.day--selected[data-date="${date}"]`).waitFor();

    await context.setOffline(true);
    await page.reload({ waitUntil: "domcontentloaded" });
    // A service never opened online comes from the saved catalog and masters.
    await page.goto(`/services/${MASSAGE}`, { waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { level: 1, name: /массаж спины/ }).waitFor();
    expect(await page.locator(".masters li").count()).toBeGreaterThan(0);
    await page.locator(".notice--cache").waitFor();

    await page.goto(`/services/${MEN_HAIRCUT}`, { waitUntil: "domcontentloaded" });
    await page.locator(".masters").getByText("Анна Смирнова").waitFor();
    await page.getByRole("link", { name: "Выбрать время" }).click();
    await page.locator(`.day--selected[data-date="${date}"]`).waitFor();
    await expectSavedSlots();
    await shot("offline-saved-slots");
    // A day fetched ahead and never opened reads offline as well.
    await showMonthOf(other!);
    await page.locator(`.day[data-date="${other}"]`).click();
    await page.locator(`.day--selected[data-date="${other}"]`).waitFor();
    await expectSavedSlots();
    await showMonthOf(date);
    await page.locator(`.day[data-date="${date}"]`).click();
    await page.locator(`.day--selected[data-date="${date}"]`).waitFor();
    await expectSavedSlots();
    const time = await freeTimeOtherThan();
    await page.locator(`.slot[data-time="${time}"]`).click();
    await page.getByRole("button", { name: "Далее" }).click();
    await page.getByRole("button", { name: "Записаться" }).click();

    await page.getByRole("heading", { level: 1, name: "Мои записи" }).waitFor();
    const entry = page.locator(".outbox-entry");
    expect(await entry.getAttribute("data-state")).toBe("queued");
    expect(await entry.textContent()).toContain("Запись будет подтверждена, когда появится сеть.");
    expect(await page.textContent("main")).not.toContain("Вы записаны");
    await shot("offline-will-confirm");

    await context.setOffline(false);
    await page.waitForURL(/\/bookings\/\d+\?new=1$/, { timeout: 30_000 });
    await page.getByRole("heading", { level: 1, name: "Вы записаны" }).waitFor();
    expect(await page.getByTestId("booking-time").textContent()).toContain(time);
    const id = /\/bookings\/(\d+)/.exec(page.url())![1];
    const { body } = await api<{ booking: { local_date: string; local_time: string; origin: string } }>(`/bookings/${id}`, { token });
    expect(body.booking).toMatchObject({ local_date: date, local_time: time, origin: "offline" });
    await shot("offline-confirmed");
  }, TEST_MS);
});

describe("reschedule online", () => {
  it("opens on the booking's day with its master and confirms the move", async () => {
    const token = await signInFirst(nextPhone());
    const booking = await bookThroughApi(token);
    await openRescheduleOnline(booking);
    const newTime = await freeTimeOtherThan(booking.time);
    await page.locator(`.slot[data-time="${newTime}"]`).click();
    await page.getByRole("button", { name: "Перенести на это время" }).click();
    await page.getByRole("heading", { level: 1, name: "Запись перенесена" }).waitFor();
    expect(await page.getByTestId("moved-notice").textContent()).toContain(newTime);
    expect(await page.getByTestId("booking-time").textContent()).toContain(newTime);
  }, TEST_MS);

  it("offers the nearest free times when the new time was taken meanwhile, and moves to the picked one", async () => {
    const owner = await signInFirst(nextPhone());
    const rival = await apiSignIn(nextPhone());
    const booking = await bookThroughApi(owner);
    await openRescheduleOnline(booking);
    const newTime = await freeTimeOtherThan(booking.time);
    await page.locator(`.slot[data-time="${newTime}"]`).click();
    // Someone else takes that time before the customer taps "move".
    await bookAt(rival, booking.date, newTime);
    await page.getByRole("button", { name: "Перенести на это время" }).click();

    const offer = page.locator(".alternatives");
    await offer.locator(".alt").first().waitFor();
    const offered = await offer.locator(".alt").evaluateAll((els) => els.map((el) => el.getAttribute("data-alt")));
    expect(offered).not.toContain(`${booking.date}T${newTime}`);
    expect(offered, "the time the booking already has is no alternative").not.toContain(`${booking.date}T${booking.time}`);
    await shot("online-move-conflict");
    const picked = offered[0]!;
    await offer.locator(`.alt[data-alt="${picked}"]`).click();
    await page.getByRole("heading", { level: 1, name: "Запись перенесена" }).waitFor();
    const { body } = await api<{ booking: { local_date: string; local_time: string } }>(`/bookings/${booking.id}`, { token: owner });
    expect(`${body.booking.local_date}T${body.booking.local_time}`).toBe(picked);
  }, TEST_MS);
});

describe("reschedule to a dearer master", () => {
  it("shows the other master's higher price and moves only once the customer accepts it", async () => {
    const admin = await apiSignIn("+79990000001");
    const maria = await api<{ staff: { services: { service_id: number; price_minor: number | null; duration_min: number | null }[] } }>("/admin/staff/2", { token: admin });
    // The seed links her to the styling add-on (4), which the back office does not take back in a list.
    const before = maria.body.staff.services.filter((x) => x.service_id !== 4);
    // Мария does the men's haircut for 2000 ₽ instead of 1500 ₽ while this test runs.
    const dearer = [...before.filter((x) => x.service_id !== MEN_HAIRCUT), { service_id: MEN_HAIRCUT, price_minor: 200_000, duration_min: null }];
    const changed = await api("/admin/staff/2", { method: "PATCH", token: admin, body: JSON.stringify({ services: dearer }) });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    try {
      const token = await signInFirst(nextPhone());
      const booking = await bookThroughApi(token);
      await openRescheduleOnline(booking);
      await page.getByLabel(/Мария Иванова/).check();
      await page.locator(".slot:not(.slot--taken)").first().waitFor();
      await page.locator(".slot:not(.slot--taken)").first().click();
      await page.getByRole("button", { name: "Перенести на это время" }).click();
      const ask = page.getByTestId("price-ask");
      await ask.waitFor();
      expect(await ask.textContent()).toMatch(/было 1\s?500\s?₽, станет 2\s?000\s?₽/);
      await shot("move-price-ask");
      const still = await api<{ booking: { staff: { id: number } } }>(`/bookings/${booking.id}`, { token });
      expect(still.body.booking.staff.id).toBe(1);
      await page.getByRole("button", { name: /Перенести за 2\s?000\s?₽/ }).click();
      await page.getByRole("heading", { level: 1, name: "Запись перенесена" }).waitFor();
      const moved = await api<{ booking: { staff: { id: number }; price: { amount_minor: number } } }>(`/bookings/${booking.id}`, { token });
      expect(moved.body.booking).toMatchObject({ staff: { id: 2 }, price: { amount_minor: 200_000 } });
    } finally {
      await api("/admin/staff/2", { method: "PATCH", token: admin, body: JSON.stringify({ services: before }) });
    }
  }, TEST_MS);
});

describe("offline reschedule", () => {
  it("opens on the booking's day with its master, queues the move offline, replays it on reconnect and confirms it", async () => {
    const token = await signInFirst(nextPhone());
    const booking = await bookThroughApi(token);
    await openRescheduleOnline(booking);

    await context.setOffline(true);
    const newTime = await moveOffline(booking);
    const waiting = page.getByTestId("move-waiting");
    await waiting.waitFor();
    expect(await waiting.textContent()).toContain(`${newTime} будет подтверждён, когда появится сеть`);
    expect(await page.getByTestId("booking-time").textContent()).toContain(booking.time);
    await shot("offline-move-waiting");

    await context.setOffline(false);
    const done = page.getByTestId("moved-notice");
    await done.waitFor({ timeout: 30_000 });
    expect(await done.textContent()).toContain(newTime);
    await page.getByRole("heading", { level: 1, name: "Запись перенесена" }).waitFor();
    await expect.poll(() => page.getByTestId("booking-time").textContent()).toContain(newTime);
    // back online, the saved copy's notice gives way to the salon's answer
    await expect.poll(() => page.locator(".notice--cache").count()).toBe(0);
    const { body } = await api<{ booking: { local_date: string; local_time: string } }>(`/bookings/${booking.id}`, { token });
    expect(body.booking).toMatchObject({ local_date: booking.date, local_time: newTime });
    await shot("offline-move-confirmed");
  }, TEST_MS);

  it("keeps a move queued while the access token ended offline, and replays it after the silent renewal", async () => {
    const token = await signInFirst(nextPhone());
    const booking = await bookThroughApi(token);
    await openRescheduleOnline(booking);

    await context.setOffline(true);
    const newTime = await moveOffline(booking);
    await page.getByTestId("move-waiting").waitFor();
    // The hour ran out while offline: the page's token and the service worker's copy both ended.
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
    const ended = `${token.split(".")[0]}.${Buffer.from(JSON.stringify({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 })).toString("base64url")}.x`;
    await page.evaluate(
      (value) =>
        new Promise<void>((resolve, reject) => {
          localStorage.setItem("salon.token", value);
          const open = indexedDB.open("salon");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction("kv", "readwrite");
            tx.objectStore("kv").put({ key: "session.token", value });
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
          };
        }),
      ended,
    );

    await context.setOffline(false);
    await page.getByTestId("moved-notice").waitFor({ timeout: 30_000 });
    const { body } = await api<{ booking: { local_time: string } }>(`/bookings/${booking.id}`, { token });
    expect(body.booking.local_time).toBe(newTime);
    expect(await page.evaluate(() => localStorage.getItem("salon.token"))).not.toBe(ended);
  }, TEST_MS);

  it("shows the alternatives when the new time was taken while offline, and moves to the picked one", async () => {
    const owner = await signInFirst(nextPhone());
    const rival = await apiSignIn(nextPhone());
    const booking = await bookThroughApi(owner);
    await openRescheduleOnline(booking);

    await context.setOffline(true);
    const newTime = await moveOffline(booking);
    await page.getByTestId("move-waiting").waitFor();
    await bookAt(rival, booking.date, newTime);

    await context.setOffline(false);
    const conflict = page.getByTestId("move-conflict");
    await conflict.waitFor({ timeout: 30_000 });
    expect(await conflict.textContent()).toContain("новое время заняли");
    const offered = await conflict.locator(".alt").evaluateAll((els) => els.map((el) => el.getAttribute("data-alt")));
    expect(offered.length).toBeGreaterThan(0);
    expect(offered, "the time the booking already has is no alternative").not.toContain(`${booking.date}T${booking.time}`);
    const alt = conflict.locator(".alt").first();
    const picked = (await alt.getAttribute("data-alt"))!;
    await shot("offline-move-conflict");
    await alt.click();

    await page.getByTestId("moved-notice").waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId("booking-time").textContent()).toContain(picked.slice(11));
    const { body } = await api<{ booking: { local_date: string; local_time: string } }>(`/bookings/${booking.id}`, { token: owner });
    expect(`${body.booking.local_date}T${body.booking.local_time}`).toBe(picked);
  }, TEST_MS);
});
