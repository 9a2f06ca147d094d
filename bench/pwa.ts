/// <reference lib="dom" />
// PWA figures for `npm run bench`: what the first visit downloads, the size
// of the back office's lazy chunk, what the service worker precaches, and how fast the app shows the catalog from its
// caches with no network. Needs `npm run build:web` and Chromium.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { chromiumLaunchOptions } from "../tests/support/chromium.js";
import { contentType } from "../tests/support/web-dist.js";
import { catalogFixture } from "../tests/web/fixtures/catalog.js";
import { DIST, gz, initialAssets, kb } from "./pwa-size.js";

const RUNS = 5;
const WAIT_MS = 15_000;

/** The back office's lazy chunk (web/src/admin, loaded on /admin only): its script and stylesheet. */
function backOfficeAssets(): { js: string[]; css: string[] } {
  const files = readdirSync(join(DIST, "assets")).filter((f) => /^AdminApp-/.test(f)).map((f) => `assets/${f}`);
  return { js: files.filter((f) => f.endsWith(".js")), css: files.filter((f) => f.endsWith(".css")) };
}

/** The precache manifest injectManifest wrote into sw.js (a JSON array of {revision,url}). */
function precacheList(): string[] {
  const sw = readFileSync(join(DIST, "sw.js"), "utf8");
  const match = /\[\{"revision":[^\]]*\]/.exec(sw);
  if (!match) throw new Error("no precache manifest found in dist/sw.js");
  return (JSON.parse(match[0]) as { url: string }[]).map((e) => e.url);
}

function serve(): Promise<Server> {
  const body = JSON.stringify(catalogFixture);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/api/v1/services") {
      res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache" }).end(body);
      return;
    }
    if (url.pathname.startsWith("/api/")) {
      res.writeHead(404, { "Content-Type": "application/json" }).end('{"error":{"code":"not_found","message":"no"}}');
      return;
    }
    let file = join(DIST, normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ""));
    if (!(await stat(file).then((s) => s.isFile(), () => false))) file = join(DIST, "index.html");
    res.writeHead(200, { "Content-Type": contentType(file) }).end(await readFile(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Median ms from reload (offline) until the catalog heading and a service are visible. */
async function offlineFirstRender(): Promise<number> {
  const server = await serve();
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext({ baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, viewport: { width: 390, height: 844 } });
    context.setDefaultTimeout(WAIT_MS);
    const page = await context.newPage();
    await page.goto("/");
    await page.locator(".service").first().waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true);
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await page.reload({ waitUntil: "commit" });
      await page.getByRole("heading", { level: 1 }).waitFor();
      await page.locator(".service").first().waitFor();
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    return Math.round(samples[Math.floor(samples.length / 2)]!);
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export async function pwaFigures(): Promise<Record<string, string | number>> {
  if (!existsSync(join(DIST, "sw.js"))) throw new Error("web/dist has no build: run `npm run build:web` first");
  const { js, css } = initialAssets();
  const admin = backOfficeAssets();
  const precache = precacheList();
  const precacheBytes = precache.reduce((n, url) => n + statSync(join(DIST, url)).size, 0);
  return {
    "initial JS, gzip (KiB)": kb(js.reduce((n, f) => n + gz(f), 0)),
    "initial JS files": js.length,
    "initial CSS, gzip (KiB)": kb(css.reduce((n, f) => n + gz(f), 0)),
    "back-office chunk JS, gzip (KiB)": kb(admin.js.reduce((n, f) => n + gz(f), 0)),
    "back-office chunk CSS, gzip (KiB)": kb(admin.css.reduce((n, f) => n + gz(f), 0)),
    "service worker sw.js, gzip (KiB)": kb(gz("sw.js")),
    "precache entries": precache.length,
    "precache size, raw (KiB)": kb(precacheBytes),
    [`offline first render, median of ${RUNS} (ms)`]: await offlineFirstRender(),
  };
}

// `npx tsx bench/pwa.ts` prints the figures on their own.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await pwaFigures());
}
