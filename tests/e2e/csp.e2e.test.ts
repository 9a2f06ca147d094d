// Every customer and back-office screen under the Content-Security-Policy the
// Worker sends, in Chromium: any violation (a script, style, image, frame or
// connection the policy refuses) fails the test. Violations are collected
// from the page's own `securitypolicyviolation` events and Chromium's
// "Refused to …" console errors.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { type BrowserContext, type Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { type LocalStack } from "./stack";
import { phoneSuite, WAIT_MS } from "./phone-suite";
import { salonDate, stackApi } from "./stack-api";

const MEN_HAIRCUT = 3;
const MASTER = 1;

let stack: LocalStack;
let context: BrowserContext;
let page: Page;
const { api, signIn, nextPhone } = stackApi(() => stack);

phoneSuite({ serviceWorkers: "allow" }, (s) => {
  ({ stack, context, page } = s);
});

declare global {
  interface Window {
    __csp: string[];
  }
}

/** Starts listening on every document of the context, and returns what Chromium's console refused. */
async function watchViolations(): Promise<string[]> {
  const refused: string[] = [];
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.effectiveDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`));
  });
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  return refused;
}

/** Opens `path`, waits until the screen has settled, and returns the violations it raised. */
async function visit(path: string): Promise<string[]> {
  await page.goto(path, { waitUntil: "domcontentloaded" });
  await page.locator("h1").first().waitFor({ timeout: WAIT_MS });
  await page.waitForLoadState("networkidle");
  return page.evaluate(() => window.__csp);
}

let customer: string;
let bookingId: number;
let manageToken: string;
let admin: string;

beforeAll(async () => {
  const phone = nextPhone();
  customer = await signIn(phone);
  admin = await signIn("+79990000001");
  for (let days = 2; days < 14 && !bookingId; days++) {
    const date = salonDate(days);
    const { body } = await api<{ slots: { time: string; available: boolean }[] }>(`/booking/time-slots/${MEN_HAIRCUT}?staff_id=${MASTER}&date=${date}`);
    const free = body.slots?.find((s) => s.available);
    if (!free) continue;
    const res = await api<{ booking: { id: number } }>("/bookings", {
      method: "POST",
      token: customer,
      headers: { "Idempotency-Key": `e2e-csp-${Date.now()}` },
      body: JSON.stringify({ service_id: MEN_HAIRCUT, staff_id: MASTER, appointment_datetime: `${date}T${free.time}` }),
    });
    bookingId = res.body.booking.id;
  }
  const { body } = await api<{ messages: { kind: string; body: string }[] }>(`/dev/outbox?phone=${encodeURIComponent(phone)}`);
  manageToken = /\/m\/(\S+)/.exec(body.messages.find((m) => m.kind === "booking_created")!.body)![1]!;
}, 60_000);

describe("content security policy", () => {
  it("raises no violation on any customer screen", async () => {
    const refused = await watchViolations();
    const first = await page.goto("/", { waitUntil: "domcontentloaded" });
    expect(first!.headers()["content-security-policy"]).toContain("script-src 'self'");
    await page.evaluate((t) => localStorage.setItem("salon.token", t), customer);
    const screens = [
      "/", "/masters", `/masters/${MASTER}`, `/services/${MEN_HAIRCUT}`, `/book/${MEN_HAIRCUT}?staff=${MASTER}`, "/visit",
      "/bookings", `/bookings/${bookingId}`, "/profile", "/waitlist", "/signin", `/m/${manageToken}`, "/r/not-a-token", "/no-such-screen",
    ];
    for (const path of screens) expect(await visit(path), path).toEqual([]);
    expect(refused).toEqual([]);
    // The watch works: a style attribute written as markup is refused and seen.
    await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>'));
    await page.waitForFunction(() => window.__csp.length > 0);
  });

  it("raises no violation on any back-office screen", async () => {
    const refused = await watchViolations();
    await page.goto("/", { waitUntil: "domcontentloaded" });
    await page.evaluate((t) => localStorage.setItem("salon.token", t), admin);
    for (const section of ["calendar", "services", "masters", "schedules", "clients", "stats", "yclients", "settings", "audit", "reviews"]) {
      expect(await visit(`/admin/${section}`), section).toEqual([]);
    }
    expect(refused).toEqual([]);
  });
});
