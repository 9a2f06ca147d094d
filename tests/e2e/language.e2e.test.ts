// The language switch on every customer screen, now that each lazy screen
// loads its own part of the dictionary (web/src/strings): switching to English
// and back re-renders the screen in the other language with no raw key and no
// blank heading, and a screen whose strings are still on the way shows the
// page skeleton, not keys.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ru as coreRu } from "../../web/src/strings/core.ru";
import { PARTS, type PartName } from "../../web/src/strings/parts";
import { chromiumLaunchOptions, chromiumPath, phoneContext } from "../support/chromium";
import { startLocalStack, type LocalStack } from "./stack";
import { salonDate, stackApi } from "./stack-api";

const DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));
const SCREENS = fileURLToPath(new URL("../../test-results/screens/", import.meta.url));
const WAIT_MS = 15_000;
const ANNA = "+79990000011"; // master 1
const MEN_HAIRCUT = 3;

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const tokens: Record<"master" | "customer", string> = { master: "", customer: "" };
let bookingId = 0;
let manageToken = "";
/** Every key of the customer dictionary: none may ever be on screen. */
let allKeys: string[] = [];

const { api, signIn, nextPhone } = stackApi(() => stack);

async function openAs(who: keyof typeof tokens | null, serviceWorkers: "block" | "allow" = "block"): Promise<void> {
  await context?.close();
  context = await browser.newContext({ serviceWorkers, baseURL: stack.baseUrl, ...phoneContext, deviceScaleFactor: 1 });
  context.setDefaultTimeout(WAIT_MS);
  if (who) await context.addInitScript((token) => localStorage.setItem("salon.token", token), tokens[who]);
  page = await context.newPage();
}

const mainText = () => page.locator("main").innerText();
const rawKeys = (text: string) => allKeys.filter((key) => text.includes(key));

/** The screen settled: its heading is there with text, no skeleton or busy region left. */
async function settled(): Promise<void> {
  await page.locator("main h1").first().waitFor();
  await expect.poll(() => page.locator(".skeleton, [aria-busy='true']").count()).toBe(0);
  expect((await page.locator("main h1").first().innerText()).trim(), "the heading has text").not.toBe("");
}

/** Opens `path` in Russian, switches to English and back, checking the screen each time. */
async function switchOn(path: string, name: string): Promise<void> {
  await page.goto(path, { waitUntil: "domcontentloaded" });
  await page.getByRole("button", { name: "Русский" }).click();
  await settled();
  const russian = await mainText();
  expect(rawKeys(russian), `${path} in Russian`).toEqual([]);

  await page.getByRole("button", { name: "English" }).click();
  await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
  await expect.poll(mainText, { message: `${path} changes language` }).not.toBe(russian);
  await settled();
  const english = await mainText();
  expect(rawKeys(english), `${path} in English`).toEqual([]);
  await page.screenshot({ path: join(SCREENS, `language-en-${name}.png`), fullPage: true });

  await page.getByRole("button", { name: "Русский" }).click();
  await expect.poll(mainText, { message: `${path} back in Russian` }).not.toBe(english);
  await settled();
  expect(rawKeys(await mainText()), `${path} back in Russian`).toEqual([]);
}

beforeAll(async () => {
  if (!existsSync(join(DIST, "index.html"))) throw new Error(`${DIST} has no build: run \`npm run build:web\` before the e2e tests.`);
  if (!existsSync(chromiumPath())) throw new Error(`Chromium not found at ${chromiumPath()}: apt-get install -y chromium or set CHROMIUM_PATH.`);
  mkdirSync(SCREENS, { recursive: true });
  const parts = await Promise.all((Object.keys(PARTS) as PartName[]).map((name) => PARTS[name].load.ru()));
  allKeys = [...Object.keys(coreRu), ...parts.flatMap((strings) => Object.keys(strings))];
  const [started, launched] = await Promise.all([startLocalStack(), chromium.launch(chromiumLaunchOptions())]);
  stack = started;
  browser = launched;
  const customerPhone = nextPhone();
  [tokens.master, tokens.customer] = await Promise.all([signIn(ANNA), signIn(customerPhone)]);
  for (let day = 4; day < 14 && !bookingId; day++) {
    const booked = await api<{ booking?: { id: number } }>("/bookings", {
      method: "POST",
      token: tokens.customer,
      headers: { "Idempotency-Key": `language-${Date.now()}-${day}` },
      body: JSON.stringify({ service_id: MEN_HAIRCUT, staff_id: "any", appointment_datetime: `${salonDate(day)}T13:00` }),
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

describe("switching the language at run time", () => {
  it("re-renders every signed-out screen in English and back", async () => {
    await openAs(null);
    const screens: [string, string][] = [
      ["/", "catalog"],
      [`/services/${MEN_HAIRCUT}`, "service"],
      [`/book/${MEN_HAIRCUT}`, "book-time"],
      ["/masters", "masters"],
      ["/masters/1", "master-profile"],
      ["/signin", "signin"],
      ["/certificates", "certificates"],
      ["/legal/privacy", "legal"],
      [`/m/${manageToken}`, "manage-link"],
      ["/no-such-screen", "not-found"],
    ];
    for (const [path, name] of screens) await switchOn(path, name);
  });

  it("re-renders every signed-in screen in English and back", async () => {
    await openAs("customer");
    const screens: [string, string][] = [
      ["/bookings", "my-bookings"],
      [`/bookings/${bookingId}`, "booking"],
      ["/profile", "profile"],
      ["/waitlist", "waitlist"],
      ["/visit", "visit"],
    ];
    for (const [path, name] of screens) await switchOn(path, name);
    await openAs("master");
    await switchOn("/staff", "staff-day");
  });

  /** Holds the certificates screen's strings until the returned release is called. */
  async function holdCertificateStrings(): Promise<{ asked: () => boolean; release: () => void }> {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked = false;
    await page.route(/\/assets\/strings-certificates\.ru-[^/]+\.js$/, async (route) => {
      asked = true;
      await held;
      await route.continue();
    });
    return { asked: () => asked, release };
  }

  const certificatesHeading = () => page.getByRole("heading", { level: 1, name: "Подарочные сертификаты" });

  it("downloads the strings of the active language only, and the other one's when switched to", async () => {
    await openAs(null);
    await context.addInitScript(() => localStorage.setItem("salon.locale", "en"));
    const fetched: string[] = [];
    page.on("request", (request) => {
      const chunk = /\/assets\/(strings-[\w.]+?)-[^/]+\.js$/.exec(request.url())?.[1];
      if (chunk) fetched.push(chunk);
    });
    await page.goto("/certificates", { waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { level: 1, name: "Gift certificates" }).waitFor();
    expect(rawKeys(await mainText())).toEqual([]);
    expect(fetched.sort()).toEqual(["strings-certificates.en", "strings-core.en"]);
    await page.getByRole("button", { name: "Русский" }).click();
    await certificatesHeading().waitFor();
    expect(fetched.sort()).toEqual(["strings-certificates.en", "strings-certificates.ru", "strings-core.en"]);
  });

  it("switches language offline once the service worker has precached the strings", async () => {
    await openAs(null, "allow");
    await page.goto("/certificates", { waitUntil: "domcontentloaded" });
    await certificatesHeading().waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true);
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { level: 1, name: "Gift certificates" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(rawKeys(await mainText())).toEqual([]);
  });

  it("opens a screen on the page skeleton, not raw keys or blanks, until its strings have arrived", async () => {
    await openAs(null);
    const strings = await holdCertificateStrings();
    await page.goto("/certificates", { waitUntil: "domcontentloaded" });
    await expect.poll(strings.asked, { message: "the certificates screen asks for its strings" }).toBe(true);
    await page.locator("main .page-skeleton").waitFor();
    expect(await certificatesHeading().count()).toBe(0);
    expect(rawKeys(await mainText())).toEqual([]);
    strings.release();
    await certificatesHeading().waitFor();
    expect(await page.locator("main .page-skeleton").count()).toBe(0);
    expect(rawKeys(await mainText())).toEqual([]);
  });

  it("keeps the current screen while the next one's strings are on the way, then shows it complete", async () => {
    await openAs(null);
    const strings = await holdCertificateStrings();
    await page.goto("/", { waitUntil: "domcontentloaded" });
    await settled();
    await page.getByRole("navigation").getByRole("link", { name: "Сертификаты" }).click();
    await expect.poll(strings.asked, { message: "the certificates screen asks for its strings" }).toBe(true);
    expect(await page.getByRole("heading", { level: 1, name: "Услуги и цены" }).count()).toBe(1);
    expect(await certificatesHeading().count()).toBe(0);
    strings.release();
    await certificatesHeading().waitFor();
    expect(rawKeys(await mainText())).toEqual([]);
  });
});
