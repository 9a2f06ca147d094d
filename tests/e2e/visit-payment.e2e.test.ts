// onepay: a visit of two prepaid services paid in one go in the PWA (one
// button, the total, one trip to the development checkout), the visit shown
// as paid together in "Мои записи", and the salon's booking panel showing the
// item's share in its money summary. Phone-sized (390×844).
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { join } from "node:path";
import { type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type LocalStack } from "./stack";
import { phoneSuite, SCREENS } from "./phone-suite";
import { stackApi, salonDate } from "./stack-api";

const MASSAGE = 8; // 3500 ₽, 1000 ₽ deposit
const SPA = 9; // 5000 ₽, paid in full

let stack: LocalStack;
let page: Page;

const { api, signIn: apiSignIn, nextPhone } = stackApi(() => stack);
const shot = (name: string) => page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
const plain = (s: string | null) => (s ?? "").replace(/\s/g, " ");
const rub = (minor: number) => plain(`${new Intl.NumberFormat("ru-RU").format(minor / 100)} ₽`);

phoneSuite({ serviceWorkers: "block" }, (s) => {
  ({ stack, page } = s);
});

type VisitSlot = { time: string; items: { service_id: number; staff_id: number }[] };

/** The first start from `fromDays` ahead where massage then SPA fit, with the masters the API placed. */
async function firstVisitSlot(fromDays: number, items = `${MASSAGE}:any,${SPA}:any`): Promise<{ date: string; slot: VisitSlot }> {
  for (let d = fromDays; d < fromDays + 14; d++) {
    const date = salonDate(d);
    const { body } = await api<{ slots: VisitSlot[] }>(`/booking/visit-slots?items=${items}&date=${date}`);
    const slot = body.slots?.[0];
    if (slot) return { date, slot };
  }
  throw new Error("no free visit time in two weeks");
}

let adminToken: string | undefined;
/** The salon's admin, signed in once per file (sign-in codes are rate limited per phone). */
const adminSession = async () => (adminToken ??= await apiSignIn("+79990000001"));

/** The app signed in with this session (in place of whoever was signed in). */
async function signedInAs(token: string): Promise<void> {
  await page.goto("/signin", { waitUntil: "domcontentloaded" });
  await page.evaluate((t) => localStorage.setItem("salon.token", t), token);
}

describe("one visit, one payment", () => {
  it("pays a two-service visit once, shows it paid together, and the salon sees each item's share in the money summary", { timeout: 120_000 }, async () => {
    const token = await apiSignIn(nextPhone());
    expect((await api("/me", { method: "PATCH", token, body: JSON.stringify({ email: "one.visit@example.ru" }) })).status).toBe(200);
    const { date, slot } = await firstVisitSlot(9);
    const made = await api<{ visit: { id: number; bookings: { id: number; status: string; service: { id: number }; prepayment: { amount_minor: number } }[] } }>("/visits", {
      method: "POST",
      token,
      headers: { "Idempotency-Key": `e2e-onepay-${Date.now()}` },
      body: JSON.stringify({ items: slot.items.map((i) => ({ service_id: i.service_id, staff_id: i.staff_id })), appointment_datetime: `${date}T${slot.time}` }),
    });
    expect(made.status).toBe(201);
    const { visit } = made.body;
    expect(visit.bookings.map((b) => b.status)).toEqual(["held", "held"]);
    const spaItem = visit.bookings.find((b) => b.service.id === SPA)!;
    const spa = spaItem.id;
    // The masters' own prices decide the prepayments; the visit pays them together.
    const total = rub(visit.bookings.reduce((sum, b) => sum + b.prepayment.amount_minor, 0));

    await signedInAs(token);
    await page.goto("/bookings", { waitUntil: "domcontentloaded" });
    const group = page.locator(`.visit-group[data-visit-id="${visit.id}"]`);
    const payVisit = group.getByTestId("visit-group-pay");
    await payVisit.waitFor();
    expect(plain(await payVisit.textContent())).toBe(`Оплатить визит — ${total}`);
    await payVisit.click();

    await page.getByTestId("pay-visit-items").waitFor();
    expect(await page.getByTestId("pay-visit-items").locator("li").count()).toBe(2);
    expect(plain(await page.getByTestId("pay-visit-total").textContent())).toBe(`К оплате сейчас: ${total}`);
    await shot("onepay-pay-page");
    await page.getByRole("button", { name: /^Оплатить визит/ }).click();
    await page.waitForURL(/\/pay\/test\/\d+$/);
    await page.getByRole("button", { name: "Оплатить" }).click();
    await page.waitForURL(/\/bookings\/\d+\?paid=1$/);

    // Both items were confirmed by the one payment.
    await page.goto("/bookings", { waitUntil: "domcontentloaded" });
    const paid = group.getByTestId("visit-group-paid");
    await expect.poll(async () => plain(await paid.textContent().catch(() => null)), { timeout: 30_000 }).toBe(`Оплачено вместе: ${total}`);
    expect(await group.getByTestId("visit-group-pay").count()).toBe(0);
    await shot("onepay-my-bookings");
    const { body: payments } = await api<{ visit: { bookings: { status: string }[] } }>(`/visits/${visit.id}`, { token });
    expect(payments.visit.bookings.map((b) => b.status)).toEqual(["confirmed", "confirmed"]);

    const admin = await adminSession();
    await signedInAs(admin);
    await page.goto(`/admin/calendar?date=${date}`, { waitUntil: "domcontentloaded" });
    await page.locator(`.cal-item[data-booking-id="${spa}"]`).click();
    const dialog = page.getByRole("dialog", { name: `Запись №${spa}` });
    const summary = dialog.getByTestId("money-summary");
    await summary.waitFor();
    expect(plain(await summary.getByTestId("summary-paid").textContent())).toBe(rub(spaItem.prepayment.amount_minor));
    expect(plain(await summary.getByTestId("summary-left").textContent())).toBe("0 ₽");
    expect(plain(await dialog.getByTestId("summary-visit").textContent())).toBe(`Оплачено вместе с визитом №${visit.id}: один платёж ${total} за 2 усл.`);
    await summary.scrollIntoViewIfNeeded();
    await shot("onepay-admin-money-summary");
  });

  it("shows each item's no-show deposit on the visit's details step before booking, marks those items on its pay page and states the rule before paying", { timeout: 120_000 }, async () => {
    const admin = await adminSession();
    const HAIRCUT = 3; // 1500 ₽, nothing ahead: the policy's deposit makes it held
    try {
      expect((await api("/admin/deposit-policy", { method: "PUT", token: admin, body: JSON.stringify({ kind: "percent", value: 50, all_clients: true, service_ids: [HAIRCUT] }) })).status).toBe(200);
      const token = await apiSignIn(nextPhone());
      expect((await api("/me", { method: "PATCH", token, body: JSON.stringify({ email: "visit.deposit@example.ru" }) })).status).toBe(200);
      const { date, slot } = await firstVisitSlot(12, `${HAIRCUT}:any,${MASSAGE}:any`);

      // The details step quotes the placed items for this customer: the haircut's 750 ₽ is a deposit, the massage's 1 000 ₽ its own prepayment.
      await signedInAs(token);
      await page.goto(`/visit?items=${slot.items.map((i) => `${i.service_id}:${i.staff_id}`).join(",")}&date=${date}`, { waitUntil: "domcontentloaded" });
      await page.locator(`.slot[data-time="${slot.time}"]`).click();
      const rule = page.getByTestId("visit-deposit-rule");
      await rule.waitFor();
      expect(plain(await rule.textContent())).toContain(`Салон просит депозит ${rub(75_000)}`);
      const marked = page.getByTestId("visit-line").filter({ has: page.getByTestId("visit-line-deposit") });
      expect(await marked.count()).toBe(1);
      expect(plain(await marked.textContent())).toContain("Стрижка мужская");
      expect(plain(await marked.getByTestId("visit-line-deposit").textContent()).trim()).toBe(`· депозит ${rub(75_000)}`);
      await shot("visit-deposit-details");

      const made = await api<{ visit: { bookings: { id: number; status: string; service: { id: number }; deposit_rule: string | null; prepayment: { amount_minor: number } }[] } }>("/visits", {
        method: "POST",
        token,
        headers: { "Idempotency-Key": `e2e-visit-deposit-${Date.now()}` },
        body: JSON.stringify({ items: slot.items.map((i) => ({ service_id: i.service_id, staff_id: i.staff_id })), appointment_datetime: `${date}T${slot.time}` }),
      });
      expect(made.status).toBe(201);
      const haircut = made.body.visit.bookings.find((b) => b.service.id === HAIRCUT)!;
      expect(haircut).toMatchObject({ status: "held", deposit_rule: "service", prepayment: { amount_minor: 75_000 } });

      await page.goto(`/bookings/${haircut.id}/pay`, { waitUntil: "domcontentloaded" });
      const items = page.getByTestId("pay-visit-items");
      await items.waitFor();
      expect(await items.getByTestId("pay-visit-deposit").count()).toBe(1);
      expect(plain(await items.locator("li").filter({ has: page.getByTestId("pay-visit-deposit") }).textContent())).toContain("Стрижка мужская");
      expect(plain(await page.getByTestId("pay-visit-deposit-rule").textContent())).toContain("Это депозит");
      expect(plain(await page.getByTestId("pay-visit-total").textContent())).toBe(`К оплате сейчас: ${rub(made.body.visit.bookings.reduce((sum, b) => sum + b.prepayment.amount_minor, 0))}`);
      await shot("visit-deposit-pay-page");
    } finally {
      await api("/admin/deposit-policy", { method: "PUT", token: admin, body: JSON.stringify({ kind: "off" }) });
    }
  });
});
