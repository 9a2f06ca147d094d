// Manage links and the profile in Chromium at a phone viewport against the
// real local stack: the confirmation's link opened signed out, cancel through
// it, the link dead afterwards; profile edit and account deletion.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { createClient } from "@libsql/client";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type LocalStack } from "./stack";
import { phoneSuite, WAIT_MS } from "./phone-suite";
import { stackApi, salonDate } from "./stack-api";

const MEN_HAIRCUT = 3; // internal, 45 min, no prepayment; master 1 (Mon–Fri)
const MASTER = 1;
const MANICURE = { service: 5, master: 3 }; // 90 min + 10 min clean-up, Ольга

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const { api, signIn, nextPhone } = stackApi(() => stack);
let adminToken: string | undefined;
/** The demo admin, signed in once: codes are limited to one a minute per phone. */
const asAdmin = async () => (adminToken ??= await signIn("+79990000001"));

/** Books master 1's first free time from the day after tomorrow through the API. */
async function bookFirstFree(token: string, { service, master } = { service: MEN_HAIRCUT, master: MASTER }): Promise<{ id: number; local_time: string; start_at: string; duration_min: number }> {
  for (let days = 2; days < 14; days++) {
    const date = salonDate(days);
    const { body } = await api<{ slots: { time: string; available: boolean }[] }>(`/booking/time-slots/${service}?staff_id=${master}&date=${date}`);
    const free = body.slots?.find((s) => s.available);
    if (!free) continue;
    const res = await api<{ booking: { id: number; local_time: string; start_at: string; duration_min: number } }>("/bookings", {
      method: "POST",
      token,
      headers: { "Idempotency-Key": `e2e-manage-${Date.now()}-${Math.random().toString(36).slice(2)}` },
      body: JSON.stringify({ service_id: service, staff_id: master, appointment_datetime: `${date}T${free.time}` }),
    });
    expect(res.status).toBe(201);
    return res.body.booking;
  }
  throw new Error(`no free time for master ${master} in two weeks`);
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

// A fresh context per test: no session, as when a link is opened from an SMS.
phoneSuite({ serviceWorkers: "block" }, (s) => {
  ({ stack, browser, context, page } = s);
});

describe("manage link", () => {
  it("opens the confirmation's link signed out, cancels through it, and then shows the link dead", async () => {
    const phone = nextPhone();
    // A manicure: its clean-up buffer must stay out of the calendar event.
    const booking = await bookFirstFree(await signIn(phone), MANICURE);
    const confirmation = await messageOf(phone, "booking_created");
    const link = new RegExp(`${stack.baseUrl.replace(/[.:/]/g, "\\$&")}/m/\\S+`).exec(confirmation)?.[0];
    expect(link, confirmation).toBeTruthy();

    await page.goto(link!, { waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { level: 1, name: "Ваша запись" }).waitFor();
    await expect.poll(() => page.getByTestId("booking-time").textContent()).toContain(booking.local_time);
    expect(await page.getByTestId("booking-status").textContent()).toMatch(/запись создана|подтверждена/);
    // The calendar event ends with the visit, not after the master's clean-up buffer.
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Добавить в календарь" }).click();
    const ics = await (await download).createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    });
    const icsTime = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    expect(ics).toContain(`DTSTART:${icsTime(Date.parse(booking.start_at))}`);
    expect(ics).toContain(`DTEND:${icsTime(Date.parse(booking.start_at) + booking.duration_min * 60_000)}`);
    // Nobody is signed in on this phone.
    expect(await page.getByRole("link", { name: "Войти" }).isVisible()).toBe(true);

    await page.getByRole("button", { name: "Отменить запись" }).click();
    await page.getByRole("button", { name: "Да, отменить" }).click();
    await expect.poll(() => page.getByTestId("manage-notice").textContent()).toContain("Запись отменена");
    expect((await api(`/bookings/${booking.id}`, { token: await signIn(nextPhone()) })).status).toBe(403);

    await page.goto(link!, { waitUntil: "domcontentloaded" });
    await page.getByTestId("link-dead").waitFor();
    expect(await page.getByTestId("link-dead").textContent()).toContain("Эта запись отменена");
    const { status } = await api(`/manage/${link!.split("/m/")[1]}`);
    expect(status).toBe(410);
  });

  it("moves the booking through the link: the page follows the new link and the old one is dead", async () => {
    const phone = nextPhone();
    const booking = await bookFirstFree(await signIn(phone));
    const link = /\/m\/\S+/.exec(await messageOf(phone, "booking_created"))![0];

    await page.goto(link, { waitUntil: "domcontentloaded" });
    await page.getByRole("button", { name: "Перенести" }).click();
    const other = page.locator(`.manage-move .slot:not([data-time="${booking.local_time}"])`).first();
    await other.waitFor();
    const time = (await other.getAttribute("data-time"))!;
    await other.click();
    await page.locator(".manage-move").getByRole("button", { name: "Перенести", exact: true }).click();
    await expect.poll(() => page.getByTestId("manage-notice").textContent()).toContain(time);
    await expect.poll(() => page.url()).not.toContain(link);
    expect(await page.getByTestId("booking-time").textContent()).toContain(time);

    await page.goto(link, { waitUntil: "domcontentloaded" });
    await page.getByTestId("link-dead").waitFor();
    expect(await page.getByTestId("link-dead").textContent()).toContain("Запись перенесена");
  });

  it("shows a clear page for a link that was never valid", async () => {
    await page.goto("/m/m1-abc-1-zz.not-a-real-signature", { waitUntil: "domcontentloaded" });
    await page.getByTestId("link-dead").waitFor();
    expect(await page.getByTestId("link-dead").textContent()).toContain("Ссылка недействительна");
  });
});

describe("review", () => {
  it("leaves stars and text through the review request after a completed visit", async () => {
    const phone = nextPhone();
    await signIn(phone);
    const db = createClient({ url: stack.dbUrl });
    const start = Date.now() - 3 * 3_600_000;
    const { rows } = await db.execute({
      sql: `insert into bookings (user_id, service_id, staff_id, start_at, end_at, status, phone, price_total_minor, currency)
            values ((select id from users where phone = ?), ?, ?, ?, ?, 'confirmed', ?, 150000, 'RUB') returning id`,
      args: [phone, MEN_HAIRCUT, MASTER, new Date(start).toISOString(), new Date(start + 45 * 60_000).toISOString(), phone],
    });
    db.close();
    const admin = await asAdmin();
    expect((await api(`/bookings/${rows[0]!.id}`, { method: "PATCH", token: admin, body: JSON.stringify({ action: "complete" }) })).status).toBe(200);
    const link = /\/r\/\S+/.exec(await messageOf(phone, "review_request"))![0];

    await page.goto(link, { waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { level: 1, name: "Отзыв о визите" }).waitFor();
    await page.getByRole("button", { name: "Отправить отзыв" }).click();
    await page.getByText("Поставьте оценку от 1 до 5 звёзд.").waitFor();
    await page.locator(".rating-input__star").nth(3).click();
    await page.getByLabel("Что понравилось или что улучшить").fill("Очень аккуратно");
    await page.getByRole("button", { name: "Отправить отзыв" }).click();
    await page.getByTestId("review-thanks").waitFor();

    const pending = await api<{ reviews: { booking_id: number; rating: number; text: string }[] }>("/admin/reviews?status=pending", { token: admin });
    expect(pending.body.reviews.find((r) => r.booking_id === Number(rows[0]!.id))).toMatchObject({ rating: 4, text: "Очень аккуратно" });
  });
});

describe("profile", () => {
  it("edits name and email, then deletes the account after a confirm step", async () => {
    const phone = nextPhone();
    const token = await signIn(phone);
    const booking = await bookFirstFree(token);
    await page.addInitScript((t) => localStorage.setItem("salon.token", t), token);

    await page.goto("/profile", { waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { level: 1, name: "Профиль" }).waitFor();
    await page.getByLabel("Имя").fill("Ирина");
    await page.getByLabel("Эл. почта").fill("irina@example.com");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await page.getByTestId("profile-saved").waitFor();
    const me = await api<{ user: { name: string; email: string } }>("/me", { token });
    expect(me.body.user).toMatchObject({ name: "Ирина", email: "irina@example.com" });
    // Sign-out sits in the menu.
    expect(await page.getByRole("navigation").getByRole("button", { name: "Выйти" }).isVisible()).toBe(true);

    await page.getByRole("button", { name: "Удалить аккаунт и данные" }).click();
    expect(await page.getByText("Удалить аккаунт? Это нельзя отменить.").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Да, удалить" }).click();
    await page.waitForURL(/\/\?account=deleted$/);
    await page.getByRole("link", { name: "Войти" }).waitFor();

    expect((await api("/me", { token })).status).toBe(401);
    // Their future booking is cancelled and its time is free again.
    const day = await api<{ slots: { time: string; available: boolean }[] }>(`/booking/time-slots/${MEN_HAIRCUT}?staff_id=${MASTER}&date=${(await bookingDate(booking.id))}`);
    expect(day.body.slots.find((s) => s.time === booking.local_time)?.available).toBe(true);
  });
});

/** The booking's salon date, read as the admin. */
async function bookingDate(id: number): Promise<string> {
  const admin = await asAdmin();
  const { body } = await api<{ booking: { local_date: string; status: string } }>(`/bookings/${id}`, { token: admin });
  expect(body.booking.status).toBe("cancelled");
  return body.booking.local_date;
}
