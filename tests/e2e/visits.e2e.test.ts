// The PWA against the real local stack: a visit of two services with two
// masters (a haircut with Анна, then a pedicure with Ольга), booked end to end
// at a phone viewport with a gift certificate's code paying part of it, and
// shown grouped in "Мои записи".
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { join } from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { addDays, dayOfWeek, instantToWall } from "../../worker/booking/zoned-time";
import { type LocalStack } from "./stack";
import { phoneSuite, SCREENS } from "./phone-suite";
import { stackApi } from "./stack-api";

const MEN_HAIRCUT = 3; // 45 min, 1500 ₽; Анна (master 1) works Mon–Fri
const PEDICURE = 6; // 90 min + 10 min clean-up, 2800 ₽; Ольга (master 3) works Mon, Wed, Fri, Sat

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const { api, signIn, signInOnPage, nextPhone } = stackApi(() => stack);
// One sign-in for the file: a second code for the same phone within a minute is rate limited.
let adminToken: string | undefined;
const asAdmin = async () => (adminToken ??= await signIn("+79990000001"));
const shot = (name: string) => page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });

/** The first day from `from` days ahead (the day after tomorrow) on which both masters work (Mon, Wed or Fri). */
function bothWork(from = 2): string {
  const today = instantToWall(new Date(), "Europe/Moscow").date;
  for (let i = from; i < from + 12; i++) {
    const date = addDays(today, i);
    if ([0, 2, 4].includes(dayOfWeek(date))) return date;
  }
  throw new Error("no shared working day in two weeks");
}

phoneSuite({ serviceWorkers: "block" }, (s) => {
  ({ stack, browser, context, page } = s);
});

describe("a visit of several services", () => {
  it("books a haircut with one master and a pedicure with another back to back, a certificate paying the items in order, and shows the visit in my bookings", { timeout: 90_000 }, async () => {
    const date = bothWork();
    // A 2 000 ₽ certificate issued at the desk: it pays the haircut (1 500 ₽) and 500 ₽ of the pedicure.
    const admin = await asAdmin();
    const issued = await api<{ certificate: { code: string } }>("/admin/certificates", { method: "POST", token: admin, body: JSON.stringify({ amount_minor: 200_000 }) });
    expect(issued.status).toBe(201);
    await page.goto(`/services/${MEN_HAIRCUT}`, { waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { level: 1, name: "Стрижка мужская" }).waitFor();
    await page.getByRole("link", { name: "Добавить ещё услугу" }).click();

    await page.getByRole("heading", { level: 1, name: "Визит из нескольких услуг" }).waitFor();
    await page.getByTestId("visit-master-0").locator("option", { hasText: "Анна Смирнова" }).waitFor({ state: "attached" });
    await page.getByTestId("visit-master-0").selectOption({ label: "Анна Смирнова" });
    await page.getByTestId("visit-add").selectOption({ label: "Педикюр · 1 ч 30 мин" });
    await page.getByTestId("visit-master-1").locator("option", { hasText: "Ольга Кузнецова" }).waitFor({ state: "attached" });
    await page.getByTestId("visit-master-1").selectOption({ label: "Ольга Кузнецова" });
    // The month calendar opens on this month; the day may be in the next one.
    const today = instantToWall(new Date(), "Europe/Moscow").date;
    if (date.slice(0, 7) !== today.slice(0, 7)) await page.getByRole("button", { name: "Следующий месяц" }).click();
    // A free day: the whole visit fits somewhere that day.
    await page.locator(`.day.day--free[data-date="${date}"]`).click();
    await page.locator(`.day--selected[data-date="${date}"]`).waitFor();

    // The times offered are for the whole visit: the API agrees on each one.
    const first = page.locator(".slot").first();
    await first.waitFor();
    const time = (await first.getAttribute("data-time"))!;
    const fromApi = await api<{ slots: { time: string; items: { staff_id: number; local_time: string }[] }[] }>(
      `/booking/visit-slots?items=${MEN_HAIRCUT}:1,${PEDICURE}:3&date=${date}`,
    );
    expect(fromApi.body.slots[0]!.time).toBe(time);
    const [haircut, pedicure] = fromApi.body.slots[0]!.items;

    // Signing in keeps the visit (it lives in the address).
    await page.getByRole("link", { name: "Войдите, чтобы записаться" }).click();
    const phone = `+7999124${String(1000 + (process.pid % 9000)).padStart(4, "0")}`;
    await signInOnPage(page, phone);
    await page.getByRole("heading", { level: 1, name: "Визит из нескольких услуг" }).waitFor();
    await expect.poll(() => page.getByTestId("visit-master-1").evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text)).toBe("Ольга Кузнецова");

    await page.locator(`.slot[data-time="${time}"]`).click();
    const lines = page.getByTestId("visit-line");
    await expect.poll(() => lines.count()).toBe(2);
    await expect.poll(() => lines.nth(0).innerText()).toContain(`${haircut!.local_time} Стрижка мужская · Анна Смирнова`);
    await expect.poll(() => lines.nth(1).innerText()).toContain(`${pedicure!.local_time} Педикюр · Ольга Кузнецова`);
    expect((await page.getByTestId("visit-total").innerText()).replace(/\s/g, "")).toBe("4300₽");
    await page.getByLabel("Код подарочного сертификата (если есть)").fill(issued.body.certificate.code.toLowerCase());
    await shot("visit-details");

    await page.getByRole("button", { name: "Записаться на визит" }).click();
    await page.getByRole("heading", { level: 1, name: "Мои записи" }).waitFor();
    const group = page.locator(".visit-group");
    await group.waitFor();
    await expect.poll(() => group.locator(".booking").count()).toBe(2);
    expect(await group.locator(".booking").nth(0).innerText()).toContain("Анна Смирнова");
    expect(await group.locator(".booking").nth(1).innerText()).toContain("Ольга Кузнецова");
    expect((await group.getByTestId("visit-group-total").innerText()).replace(/\s/g, "")).toBe("4300₽");
    await shot("visit-my-bookings");
    const token = await page.evaluate(() => localStorage.getItem("salon.token"));
    const mine = await api<{ bookings: { visit_id: number | null; service: { id: number }; money: { certificate_used?: { amount_minor: number } } }[] }>("/bookings", { token: token! });
    const parts = mine.body.bookings.filter((b) => b.visit_id !== null).map((b) => [b.service.id, b.money.certificate_used?.amount_minor]);
    expect(parts.sort()).toEqual([[MEN_HAIRCUT, 150_000], [PEDICURE, 50_000]].sort());
  });

  it("pays the haircut of a visit with the customer's abonement: «Оплатить абонементом» is on, the haircut is marked, the pedicure is left to pay", { timeout: 90_000 }, async () => {
    // A week after the first test's day: the whole visit fits there once only.
    const date = bothWork(9);
    const admin = await asAdmin();
    const type = await api<{ type: { id: number } }>("/admin/abonement-types", {
      method: "POST",
      token: admin,
      body: JSON.stringify({ name: `Стрижки визита ${Date.now().toString(36)}`, kind: "visits", visits_count: 3, validity_days: 60, price_minor: 400_000, service_ids: [MEN_HAIRCUT], freeze_max_days: 0 }),
    });
    expect(type.status).toBe(201);
    const phone = nextPhone();
    const sold = await api<{ abonement: { id: number } }>("/admin/abonements", { method: "POST", token: admin, body: JSON.stringify({ type_id: type.body.type.id, phone }) });
    expect(sold.status).toBe(201);

    await page.goto(`/visit?items=${MEN_HAIRCUT}:1,${PEDICURE}:3&date=${date}`, { waitUntil: "domcontentloaded" });
    await page.getByRole("link", { name: "Войдите, чтобы записаться" }).click();
    await signInOnPage(page, phone);
    await page.getByRole("heading", { level: 1, name: "Визит из нескольких услуг" }).waitFor();
    const first = page.locator(".slot").first();
    await first.waitFor();
    await first.click();

    // The only abonement that can pay an item: on by default; the server's quote says which item it pays.
    await expect.poll(() => page.getByTestId("abonement-choice").getByRole("checkbox", { name: "Оплатить абонементом" }).isChecked()).toBe(true);
    const plain = (s: string | null) => (s ?? "").replace(/\s/g, "");
    await expect.poll(async () => plain(await page.getByTestId("abonement-covered").textContent())).toBe("1500₽");
    expect(plain(await page.getByTestId("abonement-left-to-pay").textContent())).toBe("2800₽");
    const lines = page.getByTestId("visit-line");
    await expect.poll(() => lines.nth(0).getByTestId("visit-line-abonement").count()).toBe(1);
    expect(await lines.nth(1).getByTestId("visit-line-abonement").count()).toBe(0);
    // No certificate with an abonement: its field is gone.
    expect(await page.getByLabel("Код подарочного сертификата (если есть)").count()).toBe(0);
    await shot("visit-abonement-details");

    await page.getByRole("button", { name: "Записаться на визит" }).click();
    await page.waitForURL(/\/bookings/);
    const token = await page.evaluate(() => localStorage.getItem("salon.token"));
    const mine = await api<{ bookings: { visit_id: number | null; service: { id: number }; money: { abonement_used?: { abonement_id: number } } }[] }>("/bookings", { token: token! });
    const paid = mine.body.bookings.filter((b) => b.visit_id !== null).map((b) => [b.service.id, b.money.abonement_used?.abonement_id ?? null]);
    expect(paid.sort()).toEqual([[MEN_HAIRCUT, sold.body.abonement.id], [PEDICURE, null]].sort());
  });
});
