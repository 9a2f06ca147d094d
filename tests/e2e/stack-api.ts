// Calls to the running local stack's API from the browser tests, and a
// sign-in by SMS code through the dev outbox (the dev transport's "sent" SMS).
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { addDays, instantToWall } from "../../worker/booking/zoned-time";
import type { LocalStack } from "./stack";

const WAIT_MS = 15_000;

export type ApiInit = RequestInit & { token?: string };

/** The demo salon's date `days` from today (its zone is Europe/Moscow, db/seed.ts). */
export const salonDate = (days: number): string => addDays(instantToWall(new Date(), "Europe/Moscow").date, days);

/** `stack` is read at each call: the test files start it in beforeAll. */
export function stackApi(stack: () => LocalStack) {
  let phoneSeq = 0;
  /** A customer phone not used before in this file's stack. */
  const nextPhone = () => `+7999124${String(4000 + (process.pid % 500) * 10 + phoneSeq++)}`;

  async function api<T = Record<string, unknown>>(path: string, init: ApiInit = {}): Promise<{ status: number; body: T }> {
    const headers = new Headers(init.headers);
    headers.set("Content-Type", "application/json");
    if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
    const res = await fetch(`${stack().baseUrl}/api/v1${path}`, { ...init, headers, signal: AbortSignal.timeout(WAIT_MS) });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as T };
  }

  /** The latest sign-in code the dev transport "sent" to `phone`. */
  async function devCode(phone: string): Promise<string> {
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      const { body } = await api<{ messages: { body: string }[] }>(`/dev/outbox?phone=${encodeURIComponent(phone)}`);
      const code = body.messages?.map((m) => /\b(\d{6})\b/.exec(m.body)?.[1]).find(Boolean);
      if (code) return code;
      await new Promise((r) => setTimeout(r, 150)); // poll interval, bounded by the deadline
    }
    throw new Error(`no sign-in code for ${phone}`);
  }

  /** A bearer token for `phone`, signed in through the API. */
  async function signIn(phone: string): Promise<string> {
    expect((await api("/auth/otp/request", { method: "POST", body: JSON.stringify({ phone }) })).status).toBe(202);
    const { body: text } = await api<{ version: number }>("/legal/consent");
    const { status, body } = await api<{ token: string }>("/auth/otp/verify", { method: "POST", body: JSON.stringify({ phone, code: await devCode(phone), consent: { version: text.version } }) });
    expect(status).toBe(200);
    return body.token;
  }

  /**
   * Fills the app's sign-in form on `page`: the phone, the code the dev
   * transport sent, "Войти"; a new phone is then asked for the personal-data
   * consent, which is ticked before "Войти" again.
   */
  async function signInOnPage(page: Page, phone: string): Promise<void> {
    await page.getByLabel("Телефон", { exact: true }).fill(phone);
    await page.getByRole("button", { name: "Получить код" }).click();
    await page.getByLabel("Код из SMS").fill(await devCode(phone));
    const form = page.locator("form.signin");
    await form.getByRole("button", { name: "Войти", exact: true }).click();
    // Signed in (the menu offers "Выйти"), or asked for the consent first.
    const asked = await Promise.race([
      form.getByTestId("consent").waitFor({ state: "visible" }).then(() => true, () => false),
      page.getByRole("navigation").getByRole("button", { name: "Выйти" }).waitFor({ state: "visible" }).then(() => false, () => false),
    ]);
    if (!asked) return;
    await form.getByRole("checkbox", { name: /даю согласие/ }).check();
    await form.getByRole("button", { name: "Войти", exact: true }).click();
  }

  return { api, devCode, signIn, nextPhone, signInOnPage };
}

/**
 * The first free day on or after `earliest` in the booking calendar on
 * `page`, paging to the next month when the shown one has none left (late in
 * a month, "three days from now" is next month's).
 */
export async function freeDayFrom(page: Page, earliest: string): Promise<string> {
  for (let shown = 0; shown < 3; shown++) {
    await page.locator('.month[aria-busy="false"] .day--cell').first().waitFor();
    const dates = await page.locator(".day.day--free").evaluateAll((els) => els.map((el) => el.getAttribute("data-date") ?? ""));
    const date = dates.find((d) => d >= earliest);
    if (date) return date;
    await page.getByRole("button", { name: "Следующий месяц" }).click();
  }
  throw new Error(`no free day from ${earliest} within three months`);
}
