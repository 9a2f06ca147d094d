// Browser test of the built PWA (web/dist) in headless Chromium. A tiny
// static server in this file serves web/dist with SPA fallback and fakes
// GET /api/v1/services, so the worker is not needed.
//   Needs: `npm run build:web` and Chromium (apt-get install -y chromium,
//   or CHROMIUM_PATH=/path/to/chrome).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chromiumLaunchOptions, chromiumPath, phoneContext } from "../support/chromium";
import { contentType } from "../support/web-dist";
import { catalogFixture } from "../web/fixtures/catalog";

const DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));
const SCREENS = fileURLToPath(new URL("../../test-results/screens/", import.meta.url));
const CHROMIUM = chromiumPath();
const WAIT_MS = 10_000;

/** Test server state: `down` makes it drop every connection (a dead network). */
const state = { down: false, apiHits: 0, apiDelayMs: 0 };

const body = JSON.stringify(catalogFixture);
const etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;

function startServer(): Promise<Server> {
  const server = createServer(async (req, res) => {
    if (state.down) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname.startsWith("/api/")) {
      state.apiHits++;
      if (state.apiDelayMs) await new Promise((r) => setTimeout(r, state.apiDelayMs));
      if (req.method === "GET" && url.pathname === "/api/v1/services") {
        const headers = { ETag: etag, "Cache-Control": "no-cache" };
        if (req.headers["if-none-match"] === etag) {
          res.writeHead(304, headers).end();
        } else {
          res.writeHead(200, { ...headers, "Content-Type": "application/json; charset=utf-8" }).end(body);
        }
        return;
      }
      res
        .writeHead(404, { "Content-Type": "application/json; charset=utf-8" })
        .end(JSON.stringify({ error: { code: "not_found", message: "Not found", details: null } }));
      return;
    }
    // static files with SPA fallback
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, "");
    let file = join(DIST, rel);
    const isFile = await stat(file).then((s) => s.isFile(), () => false);
    if (!isFile) file = join(DIST, "index.html");
    const data = await readFile(file);
    const ext = extname(file);
    res.writeHead(200, {
      "Content-Type": contentType(file),
      "Cache-Control": ext === ".html" || file.endsWith("sw.js") ? "no-cache" : "public, max-age=3600",
    });
    res.end(data);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

let server: Server | undefined;
let browser: Browser | undefined;
let baseURL = "";
let context: BrowserContext;
let page: Page;

/** Text with Intl's (narrow) no-break spaces turned into plain spaces. */
const plain = (s: string | null) => (s ?? "").replace(/\s+/gu, " ").trim();

beforeAll(async () => {
  if (!existsSync(join(DIST, "index.html")) || !existsSync(join(DIST, "sw.js"))) {
    throw new Error(`${DIST} has no build: run \`npm run build:web\` before the e2e tests.`);
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  mkdirSync(SCREENS, { recursive: true });
  server = await startServer();
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch(chromiumLaunchOptions());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.closeAllConnections();
    server.close(() => resolve());
  });
});

beforeEach(async () => {
  state.down = false;
  state.apiHits = 0;
  state.apiDelayMs = 0;
  // A fresh context per test: its own storage, IndexedDB and service worker.
  context = await browser!.newContext({
    baseURL,
    ...phoneContext,
    deviceScaleFactor: 2,
  });
  context.setDefaultTimeout(WAIT_MS);
  page = await context.newPage();
});

afterEach(async () => {
  await context?.close();
});

const shot = (name: string) => page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });

async function openCatalog(path = "/") {
  await page.goto(path);
  await page.locator(".service").first().waitFor({ state: "visible" });
  await expect.poll(() => page.locator(".skeleton").count(), { timeout: WAIT_MS }).toBe(0);
}

describe("catalog page", () => {
  it("renders services grouped by category with RUB prices, add-ons only inside services", async () => {
    await openCatalog();
    await expect.poll(() => page.title()).toBe("Услуги и цены — Салон");
    expect(await page.locator("html").getAttribute("lang")).toBe("ru");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Услуги и цены");

    // categories in sort_order, each with its services
    expect(await page.locator(".category__title").allTextContents()).toEqual(["Стрижки", "Маникюр"]);
    const haircuts = page.locator('section[data-category-id="1"]');
    expect(await haircuts.locator(".service__name").allTextContents()).toEqual([
      "Женская стрижка",
      "Мужская стрижка",
    ]);

    // formatted prices and durations
    const women = page.locator('[data-service-id="11"]');
    expect(plain(await women.locator(".service__price").textContent())).toBe("2 500 ₽");
    expect(plain(await women.locator(".service__duration").textContent())).toBe("1 ч");
    const manicure = page.locator('[data-service-id="21"]');
    expect(plain(await manicure.locator(".service__price").textContent())).toBe("1 800,50 ₽");
    expect(plain(await manicure.locator(".service__duration").textContent())).toBe("1 ч 30 мин");

    // which channel books a service is the salon's business: no "YClients" badge for customers
    expect(await manicure.locator(".badge").count()).toBe(0);
    expect(await page.locator(".catalog").textContent()).not.toContain("YClients");

    // the add-on is not a standalone item but is offered inside its service
    expect(await page.locator('[data-service-id="14"]').count()).toBe(0);
    expect(plain(await women.locator(".service__addons").textContent())).toContain("Уход для волос +700 ₽");
    expect(await page.locator(".service").count()).toBe(3);

    // online: no cache notice
    expect(await page.locator(".notice--cache").count()).toBe(0);
    await shot("catalog-ru");
  });

  it("shows a skeleton while loading, without layout shift", async () => {
    state.apiDelayMs = 1500;
    await page.addInitScript(() => {
      const w = window as unknown as { __cls: number };
      w.__cls = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) w.__cls += entry.value;
        }
      }).observe({ type: "layout-shift", buffered: true });
    });
    await page.goto("/");
    await page.locator(".skeleton").waitFor({ state: "visible" });
    const searchBefore = await page.getByLabel("Поиск услуги").boundingBox();
    await shot("catalog-loading");
    await page.locator(".service").first().waitFor({ state: "visible" });
    const searchAfter = await page.getByLabel("Поиск услуги").boundingBox();
    expect(searchAfter).toEqual(searchBefore);
    const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
    expect(cls).toBeLessThan(0.05);
  });

  it("filters with the search box", async () => {
    await openCatalog();
    const search = page.getByLabel("Поиск услуги");
    await search.fill("маник");
    await expect.poll(() => page.locator(".service").count(), { timeout: WAIT_MS }).toBe(1);
    expect(await page.locator(".category__title").allTextContents()).toEqual(["Маникюр"]);
    expect(plain(await page.locator(".catalog__count").textContent())).toBe("Найдено услуг: 1");
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("маник");
    await shot("catalog-search");

    await search.fill("педикюр");
    await page.getByText("По запросу «педикюр» ничего не найдено.").waitFor();
    await page.getByRole("button", { name: "Сбросить поиск" }).click();
    await expect.poll(() => page.locator(".service").count(), { timeout: WAIT_MS }).toBe(3);
    expect(await search.inputValue()).toBe("");
  });

  it("restores the search from the URL", async () => {
    await openCatalog("/?q=" + encodeURIComponent("стрижка муж"));
    expect(await page.getByLabel("Поиск услуги").inputValue()).toBe("стрижка муж");
    expect(await page.locator(".service__name").allTextContents()).toEqual(["Мужская стрижка"]);
  });

  it("switches the UI to English and remembers the choice", async () => {
    await openCatalog();
    const english = page.getByRole("button", { name: "English" });
    await english.click();
    await page.getByRole("heading", { level: 1, name: "Services and prices" }).waitFor();
    expect(await english.getAttribute("aria-pressed")).toBe("true");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.getByLabel("Search services").count()).toBe(1);
    const women = page.locator('[data-service-id="11"]');
    expect(plain(await women.locator(".service__price").textContent())).toBe("₽2,500");
    expect(plain(await women.locator(".service__duration").textContent())).toBe("1 h");
    await shot("catalog-en");

    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Services and prices" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.getByRole("button", { name: "Русский" }).click();
    await page.getByRole("heading", { level: 1, name: "Услуги и цены" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("ru");
  });

  it("has a skip link that moves keyboard focus to the main content", async () => {
    await openCatalog();
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Перейти к содержимому" });
    await expect.poll(() => skip.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = await skip.boundingBox();
    expect(box && box.y >= 0, "skip link is on screen when focused").toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("main");
    await page.keyboard.press("Tab"); // next stop after main: the search box
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("catalog-search");
  });

  it("shows an unknown path as not found (SPA fallback)", async () => {
    await page.goto("/no/such/page");
    await page.getByRole("heading", { level: 1, name: "Страница не найдена" }).waitFor();
    await page.getByRole("link", { name: "К списку услуг" }).click();
    await page.locator(".service").first().waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
  });

  it("works offline after a first visit: service worker shell + cached catalog", async () => {
    await openCatalog();
    // wait until the service worker is active (it precaches the shell on install)
    const swState = await page.evaluate(
      (timeout) =>
        Promise.race([
          navigator.serviceWorker.ready.then(
            (reg) =>
              new Promise<string>((resolve) => {
                const sw = reg.active!;
                if (sw.state === "activated") return resolve(sw.state);
                sw.addEventListener("statechange", () => sw.state === "activated" && resolve(sw.state));
              }),
          ),
          new Promise<string>((resolve) => setTimeout(() => resolve("timeout"), timeout)),
        ]),
      WAIT_MS,
    );
    expect(swState).toBe("activated");

    // Cut the network twice over: browser offline emulation and a server
    // that drops every connection, so nothing can come from the network.
    state.down = true;
    await context.setOffline(true);
    await page.reload();

    const notice = page.locator(".notice--cache");
    await notice.waitFor({ state: "visible" });
    expect(plain(await notice.textContent())).toMatch(/Данные от \d{2}:\d{2} \(нет сети\)/);
    expect(plain(await notice.textContent())).toContain("обновлено");
    expect(await page.locator(".service").count()).toBe(3);
    expect(await page.locator(".category__title").allTextContents()).toEqual(["Стрижки", "Маникюр"]);
    await shot("catalog-offline");

    // back online: the page refetches by itself ("online" event, then a
    // short backoff if the first try still fails) and the notice goes away
    const hitsWhileDown = state.apiHits;
    state.down = false;
    await context.setOffline(false);
    await notice.waitFor({ state: "detached", timeout: 15_000 });
    expect(state.apiHits).toBeGreaterThan(hitsWhileDown);
    expect(await page.locator(".service").count()).toBe(3);
  });
});
