// axe-core (WCAG 2.1 A and AA rules) over every screen of the PWA, the
// customer's and the back office's, against the real local stack: any
// violation fails, listed with its rule, impact and the elements it found.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chromiumLaunchOptions, chromiumPath, phoneContext } from "../support/chromium";
import { startLocalStack, type LocalStack } from "./stack";
import { salonDate, stackApi } from "./stack-api";

const DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));
const SCREENS = fileURLToPath(new URL("../../test-results/screens/", import.meta.url));
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const WAIT_MS = 15_000;
const ADMIN = "+79990000001";
const ANNA = "+79990000011"; // master 1
const MEN_HAIRCUT = 3;

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const tokens: Record<"admin" | "master" | "customer", string> = { admin: "", master: "", customer: "" };
let bookingId = 0;
let manageToken = "";

const { api, signIn, nextPhone } = stackApi(() => stack);

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe on the page as it is now; the violations, one line each with where they are. */
async function violations(): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return result.violations;
  });
  return found.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 4).map((n) => `${n.target.join(" ")}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, " ").slice(0, 160)}]` : ""}`).join("; ")}`);
}

async function openAs(who: keyof typeof tokens | null): Promise<void> {
  await context?.close();
  // bypassCSP: axe is injected as an inline script, which the pages' CSP rightly refuses (csp.e2e checks the CSP itself).
  context = await browser.newContext({ serviceWorkers: "block", baseURL: stack.baseUrl, ...phoneContext, deviceScaleFactor: 1, bypassCSP: true });
  context.setDefaultTimeout(WAIT_MS);
  if (who) await context.addInitScript((token) => localStorage.setItem("salon.token", token), tokens[who]);
  page = await context.newPage();
}

/** Opens a screen, waits until its heading is there and its data has arrived, and checks it. */
async function check(path: string, name: string): Promise<void> {
  await page.goto(path, { waitUntil: "domcontentloaded" });
  await page.locator("main h1").first().waitFor();
  await page.waitForLoadState("networkidle");
  // Loading placeholders are not the screen.
  await expect.poll(() => page.locator(".skeleton, [aria-busy='true']").count(), { timeout: WAIT_MS }).toBe(0);
  await page.screenshot({ path: join(SCREENS, `a11y-${name}.png`), fullPage: true });
  expect(await violations(), `${path}: WCAG 2.1 AA violations`).toEqual([]);
}

beforeAll(async () => {
  if (!existsSync(join(DIST, "index.html"))) throw new Error(`${DIST} has no build: run \`npm run build:web\` before the e2e tests.`);
  if (!existsSync(chromiumPath())) throw new Error(`Chromium not found at ${chromiumPath()}: apt-get install -y chromium or set CHROMIUM_PATH.`);
  mkdirSync(SCREENS, { recursive: true });
  const [started, launched] = await Promise.all([startLocalStack(), chromium.launch(chromiumLaunchOptions())]);
  stack = started;
  browser = launched;
  const customerPhone = nextPhone();
  [tokens.admin, tokens.master, tokens.customer] = await Promise.all([signIn(ADMIN), signIn(ANNA), signIn(customerPhone)]);
  // A booking of the customer's, for its page and its manage link.
  for (let day = 3; day < 12 && !bookingId; day++) {
    const booked = await api<{ booking?: { id: number } }>("/bookings", {
      method: "POST",
      token: tokens.customer,
      headers: { "Idempotency-Key": `a11y-${Date.now()}-${day}` },
      body: JSON.stringify({ service_id: MEN_HAIRCUT, staff_id: "any", appointment_datetime: `${salonDate(day)}T12:00` }),
    });
    bookingId = booked.body.booking?.id ?? 0;
  }
  expect(bookingId, "a booking for the customer's screens").toBeGreaterThan(0);
  const outbox = await api<{ messages: { kind: string; body: string }[] }>(`/dev/outbox?phone=${encodeURIComponent(customerPhone)}`);
  manageToken = /\/m\/(\S+)/.exec(outbox.body.messages.find((m) => m.kind === "booking_created")?.body ?? "")?.[1] ?? "";
  expect(manageToken, "a manage link in the confirmation").not.toBe("");
}, 120_000);

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 30_000);

describe("accessibility (axe-core, WCAG 2.1 AA)", () => {
  it("finds no violation on the customer's screens signed out", async () => {
    await openAs(null);
    const screens: [string, string][] = [
      ["/", "catalog"],
      [`/services/${MEN_HAIRCUT}`, "service"],
      [`/book/${MEN_HAIRCUT}`, "book-time"],
      ["/masters", "masters"],
      ["/masters/1", "master-profile"],
      ["/signin", "signin"],
      [`/m/${manageToken}`, "manage-link"],
      ["/no-such-screen", "not-found"],
    ];
    for (const [path, name] of screens) await check(path, name);
  });

  it("finds no violation on the customer's screens signed in", async () => {
    await openAs("customer");
    const screens: [string, string][] = [
      ["/bookings", "my-bookings"],
      [`/bookings/${bookingId}`, "booking"],
      ["/profile", "profile"],
      ["/waitlist", "waitlist"],
      ["/visit", "visit"],
      ["/abonements", "abonements"],
    ];
    for (const [path, name] of screens) await check(path, name);
  });

  it("finds no violation on the back office's screens and a master's day", async () => {
    await openAs("admin");
    for (const section of ["calendar", "services", "masters", "schedules", "clients", "stats", "yclients", "settings", "audit", "reviews", "resources", "promo-codes", "deposits", "abonements"]) {
      await check(`/admin/${section}`, `admin-${section}`);
    }
    // The weekly grid of a chosen master, and statistics with figures (charts, legends, tables) over the booking made above.
    await check("/admin/schedules?staff=1", "admin-schedules-grid");
    await expect.poll(() => page.locator("table th").count()).toBeGreaterThan(0);
    await page.goto("/admin/stats", { waitUntil: "domcontentloaded" });
    await page.getByLabel("По", { exact: true }).fill(salonDate(14));
    await page.locator(".chart-legend li").first().waitFor();
    await page.waitForLoadState("networkidle");
    expect(await violations(), "/admin/stats with figures: WCAG 2.1 AA violations").toEqual([]);
    await openAs("master");
    await check("/admin/calendar", "master-calendar");
    await check("/staff", "master-day");
  });
});
