// Promo codes and the no-show deposit in the PWA against the real local stack,
// at a phone's 390×844: the details step applies a code (the server's price
// before and after it), refuses an unknown one in words, shows the deposit
// rule before paying, and the booking made carries the discounted price.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { join } from "node:path";
import { type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type LocalStack } from "./stack";
import { phoneSuite, SCREENS } from "./phone-suite";
import { freeDayFrom, stackApi, salonDate } from "./stack-api";

const HAIRCUT = 3; // 45 min, 1500 ₽, no prepayment of its own
const ADMIN = "+79990000001";

let stack: LocalStack;
let page: Page;

const { api, signIn, nextPhone } = stackApi(() => stack);
const shot = (name: string) => page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
/** Text with the non-breaking spaces Intl puts in money turned into plain ones. */
const plain = (s: string | null) => (s ?? "").replace(/\s/g, " ").trim();

phoneSuite({ serviceWorkers: "block" }, (s) => {
  ({ stack, page } = s);
});

/** The app signed in with this session, as after a sign-in. */
async function signedInAs(token: string): Promise<void> {
  await page.goto("/signin", { waitUntil: "domcontentloaded" });
  await page.getByLabel("Телефон", { exact: true }).waitFor();
  await page.evaluate((t) => localStorage.setItem("salon.token", t), token);
}

describe("the master's own price with 'any master'", () => {
  it("quotes the own price of the master the picked slot goes to, not the standard one", async () => {
    // SPA (5000 ₽) costs 5500 ₽ with master 5 (the seed's own terms).
    const SPA = 9;
    let pick: { date: string; time: string } | null = null;
    for (let d = 3; d < 17 && !pick; d++) {
      const date = salonDate(d);
      const { body } = await api<{ slots: { time: string; available: boolean; staff_ids?: number[] }[] }>(`/booking/time-slots/${SPA}?date=${date}&staff_id=any`);
      const slot = body.slots?.find((x) => x.available && x.staff_ids?.[0] === 5);
      if (slot) pick = { date, time: slot.time };
    }
    expect(pick).not.toBeNull();
    await page.goto(`/book/${SPA}`, { waitUntil: "domcontentloaded" });
    await freeDayFrom(page, pick!.date);
    await page.locator(`.day[data-date="${pick!.date}"]`).click();
    await page.locator(`.day--selected[data-date="${pick!.date}"]`).waitFor();
    await page.locator(".slot:not(.slot--taken)", { hasText: pick!.time }).first().click();
    expect(plain(await page.getByTestId("slot-price").textContent())).toBe("5 500 ₽");
    await page.getByRole("button", { name: "Далее" }).click();
    await page.getByRole("heading", { level: 1, name: "Детали записи" }).waitFor();
    expect(plain(await page.getByTestId("total-price").textContent())).toBe("5 500 ₽");
    await shot("promo-any-master-own-price");
  });
});

describe("promo code and deposit on the details step", () => {
  it("shows the price before and after the code and the deposit rule, and books at the discounted price", async () => {
    const admin = await signIn(ADMIN);
    const code = `E2E${Date.now().toString(36).toUpperCase()}`;
    expect((await api("/admin/promo-codes", { method: "POST", token: admin, body: JSON.stringify({ code, percent_off: 20 }) })).status).toBe(201);
    // New clients pay a 30 % deposit for haircuts.
    expect((await api("/admin/deposit-policy", { method: "PUT", token: admin, body: JSON.stringify({ kind: "percent", value: 30, new_clients: true, service_ids: [HAIRCUT] }) })).status).toBe(200);

    await signedInAs(await signIn(nextPhone()));
    await page.goto(`/book/${HAIRCUT}`, { waitUntil: "domcontentloaded" });
    const date = await freeDayFrom(page, salonDate(3));
    await page.locator(`.day[data-date="${date}"]`).click();
    await page.locator(`.day--selected[data-date="${date}"]`).waitFor();
    await page.locator(".slot:not(.slot--taken)").first().click();
    await page.getByRole("button", { name: "Далее" }).click();
    await page.getByRole("heading", { level: 1, name: "Детали записи" }).waitFor();

    // The rule is there before anything is paid: 30 % of 1500 ₽, kept on a late cancel or a no-show.
    const rule = page.getByTestId("deposit-rule");
    await rule.waitFor();
    expect(plain(await rule.textContent())).toContain("Салон просит депозит 450 ₽");
    expect(plain(await rule.textContent())).toContain("при более поздней отмене или неявке остаётся у салона");

    await page.getByLabel("Промокод").fill("NO-SUCH-CODE");
    await page.getByRole("button", { name: "Применить" }).click();
    expect(plain(await page.getByTestId("promo-error").textContent())).toBe("Такого промокода нет.");
    await shot("promo-refused");

    await page.getByLabel("Промокод").fill(code.toLowerCase());
    await page.getByRole("button", { name: "Применить" }).click();
    await page.getByTestId("promo-applied").waitFor();
    expect(plain(await page.getByTestId("price-before").textContent())).toBe("1 500 ₽");
    expect(plain(await page.getByTestId("total-price").textContent())).toBe("1 200 ₽");
    // The deposit follows the discounted price.
    await page.getByText("Салон просит депозит 360 ₽", { exact: false }).waitFor();
    expect(plain(await page.getByTestId("promo-applied").textContent())).toContain(`Промокод ${code}: скидка 300 ₽`);
    await shot("promo-applied-deposit");

    // The deposit is paid online, so its fiscal receipt needs an email.
    await page.getByLabel("Эл. почта для кассового чека").fill(`promo${Date.now()}@example.test`);
    await page.getByRole("button", { name: "Записаться" }).click();
    await page.waitForURL(/\/bookings\/\d+\/pay$/);
    const id = Number(/\/bookings\/(\d+)\//.exec(page.url())![1]);
    const booking = await api<{ booking: { price: { amount_minor: number }; discount: { promo_code: string } | null; deposit_rule: string | null } }>(`/bookings/${id}`, { token: admin });
    expect(booking.body.booking).toMatchObject({ price: { amount_minor: 120_000 }, discount: { promo_code: code }, deposit_rule: "new_client" });
    await page.goto(`/bookings/${id}`, { waitUntil: "domcontentloaded" });
    await page.getByTestId("booking-deposit-rule").waitFor();
    expect(plain(await page.getByTestId("money-discount").textContent())).toBe("1 500 ₽ 1 200 ₽");
    await shot("promo-booking-page");
  });
});
