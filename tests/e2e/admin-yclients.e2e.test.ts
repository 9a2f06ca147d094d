// The back office's YClients screen against the real local stack wired to the
// local YClients fake: channel status, "sync now", and the catalog link diff
// from a dry run, then applied. Its own stack, because YClients switched on
// changes how linked services are booked in admin.e2e.test.ts.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeYClients, type FakeYClients } from "../fakes/yclients";
import { chromiumLaunchOptions, chromiumPath } from "../support/chromium";
import { startLocalStack, type LocalStack } from "./stack";
import { stackApi } from "./stack-api";

const DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));
const SCREENS = fileURLToPath(new URL("../../test-results/screens/", import.meta.url));
const WAIT_MS = 15_000;
const ADMIN = "+79990000001";
const PEDICURE = 6; // ours, not linked to YClients in the demo salon
const YC_PEDICURE = 5147200;

let fake: FakeYClients;
let stack: LocalStack;
let browser: Browser;
let token: string;

const { api, signIn } = stackApi(() => stack);

beforeAll(async () => {
  if (!existsSync(join(DIST, "index.html"))) throw new Error(`${DIST} has no build: run \`npm run build:web\` before the e2e tests.`);
  if (!existsSync(chromiumPath())) throw new Error(`Chromium not found at ${chromiumPath()}: apt-get install -y chromium or set CHROMIUM_PATH.`);
  mkdirSync(SCREENS, { recursive: true });
  fake = await startFakeYClients();
  // YClients also has a pedicure, by the same name as ours: the dry run proposes the link.
  const catalog = await fetch(`${fake.url}/__fake/catalog`, {
    method: "PUT",
    body: JSON.stringify({
      services: [
        ...fake.state.services,
        { id: YC_PEDICURE, title: "Педикюр", category_id: 302, price_min: 2800, price_max: 2800, duration: 5400, active: 1, staff: [] },
      ],
      // A master fired in YClients: not brought in, and the admin reads why.
      staff: [...fake.state.staff, { id: 1903, name: "Ольга Уволенная", fired: 1, status: 0, hidden: 0 }],
    }),
  });
  expect(catalog.status).toBe(200);
  [stack, browser] = await Promise.all([startLocalStack(fake.bindings as Record<string, string>), chromium.launch(chromiumLaunchOptions())]);
  token = await signIn(ADMIN);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await fake?.close();
}, 30_000);

describe("YClients in the back office", () => {
  it("shows the channel, syncs now, and links the catalog after a dry run the admin reads first", async () => {
    const context = await browser.newContext({ serviceWorkers: "block", baseURL: stack.baseUrl, viewport: { width: 1280, height: 900 }, locale: "ru-RU", timezoneId: "Europe/Moscow" });
    context.setDefaultTimeout(WAIT_MS);
    try {
      await context.addInitScript((t) => localStorage.setItem("salon.token", t), token);
      const page = await context.newPage();
      await page.goto("/admin/yclients");
      await page.getByRole("heading", { level: 1, name: "YClients" }).waitFor();
      await expect.poll(() => page.getByTestId("yc-enabled").textContent()).toBe("да");

      await page.getByRole("button", { name: "Синхронизировать сейчас" }).click();
      // the last successful sync gets a time
      await expect.poll(async () => (await page.locator("dt", { hasText: "Последняя успешная" }).locator("+ dd").textContent())?.trim()).not.toBe("—");

      await page.getByRole("button", { name: "Сверка каталога (без изменений)" }).click();
      const diff = page.getByRole("region", { name: "Сверка каталога (без изменений)" });
      await diff.locator("tr", { hasText: "Педикюр" }).waitFor();
      await expect.poll(() => diff.getByTestId("yc-skipped").locator("tr", { hasText: "Ольга Уволенная" }).textContent(), { timeout: WAIT_MS }).toContain("уволен в YClients");
      await page.screenshot({ path: join(SCREENS, "admin-desktop-yclients-diff.png"), fullPage: true });
      // a dry run changes nothing
      const before = await api<{ service: { yclients_service_id: number | null } }>(`/admin/services/${PEDICURE}`, { token });
      expect(before.body.service.yclients_service_id).toBeNull();

      await diff.getByRole("button", { name: "Применить связи" }).click();
      await page.getByText("Каталог связан.").waitFor();
      const after = await api<{ service: { yclients_service_id: number | null } }>(`/admin/services/${PEDICURE}`, { token });
      expect(after.body.service.yclients_service_id).toBe(YC_PEDICURE);
    } finally {
      await context.close();
    }
  });
});
