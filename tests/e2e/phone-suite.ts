// The customer-app browser tests' common frame: one local stack and one
// Chromium per file, a fresh phone-sized context (390×844) per test.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { chromiumLaunchOptions, chromiumPath, phoneContext } from "../support/chromium";
import type { StartedFake } from "../fakes/registry";
import { startLocalStack, type LocalStack } from "./stack";

export const DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));
export const SCREENS = fileURLToPath(new URL("../../test-results/screens/", import.meta.url));
export const WAIT_MS = 15_000;

export interface PhoneSuite {
  stack: LocalStack;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/**
 * Registers the file's hooks and hands the current stack, browser, context and
 * page to `bind` before every test. `serviceWorkers: "allow"` for the tests of
 * the offline service worker (the build must then have sw.js too). `fakes`
 * starts outside services' fakes before the stack; their bindings become the
 * Worker's variables (e.g. the fake YooKassa instead of the test provider).
 */
export function phoneSuite(options: { serviceWorkers: "allow" | "block"; fakes?: () => Promise<StartedFake> }, bind: (suite: PhoneSuite) => void): void {
  let stack: LocalStack | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let fakes: StartedFake | undefined;

  beforeAll(async () => {
    const needed = options.serviceWorkers === "allow" ? ["index.html", "sw.js"] : ["index.html"];
    if (!needed.every((file) => existsSync(join(DIST, file)))) throw new Error(`${DIST} has no build: run \`npm run build:web\` before the e2e tests.`);
    if (!existsSync(chromiumPath())) throw new Error(`Chromium not found at ${chromiumPath()}: apt-get install -y chromium or set CHROMIUM_PATH.`);
    mkdirSync(SCREENS, { recursive: true });
    fakes = await options.fakes?.();
    [stack, browser] = await Promise.all([startLocalStack(fakes?.bindings), chromium.launch(chromiumLaunchOptions())]);
    bind({ stack, browser } as PhoneSuite);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await fakes?.close();
  }, 30_000);

  beforeEach(async () => {
    context = await browser!.newContext({ serviceWorkers: options.serviceWorkers, baseURL: stack!.baseUrl, ...phoneContext, deviceScaleFactor: 1 });
    context.setDefaultTimeout(WAIT_MS);
    bind({ stack: stack!, browser: browser!, context, page: await context.newPage() });
  });

  afterEach(async () => {
    await context?.close();
  });
}
