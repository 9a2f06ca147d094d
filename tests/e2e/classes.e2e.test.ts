// Group classes in the browser, against the real local stack: the admin
// schedules a one-seat session in the back office, customer A books the seat
// on the service page, customer B finds the session full and joins its
// waitlist. Screenshots of each step.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumLaunchOptions, phoneContext } from "../support/chromium";
import { startLocalStack, type LocalStack } from "./stack";
import { salonDate, stackApi } from "./stack-api";

const DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));
const SCREENS = fileURLToPath(new URL("../../test-results/screens/", import.meta.url));
const WAIT_MS = 15_000;

let stack: LocalStack;
let browser: Browser;
const contexts: BrowserContext[] = [];
const { api, signIn } = stackApi(() => stack);
const phone = (n: number) => `+7999556${String((process.pid % 900) * 10 + n).padStart(4, "0")}`;

async function pageAs(token: string, size: "phone" | "desk") {
  const context = await browser.newContext({ serviceWorkers: "block", baseURL: stack.baseUrl, ...(size === "phone" ? phoneContext : { viewport: { width: 1280, height: 900 } }), deviceScaleFactor: 1 });
  context.setDefaultTimeout(WAIT_MS);
  await context.addInitScript((t) => localStorage.setItem("salon.token", t), token);
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  if (!existsSync(join(DIST, "index.html"))) throw new Error(`${DIST} has no build: run \`npm run build:web\` first.`);
  mkdirSync(SCREENS, { recursive: true });
  [stack, browser] = await Promise.all([startLocalStack(), chromium.launch(chromiumLaunchOptions())]);
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await stack?.stop();
}, 30_000);

describe("group classes", () => {
  it("the admin schedules a class, A books the seat, B meets a full session and joins its waitlist", { timeout: 120_000 }, async () => {
    const [admin, a, b] = [await signIn("+79990000001"), await signIn(phone(1)), await signIn(phone(2))];
    const name = `Йога ${process.pid}`;
    const service = await api<{ service: { id: number } }>("/admin/services", { method: "POST", token: admin, body: JSON.stringify({ name, duration_min: 60, price_minor: 80000, is_class: true, default_seats: 1 }) });
    expect(service.status).toBe(201);
    const serviceId = service.body.service.id;
    const master = await api<{ staff: { id: number } }>("/admin/staff", { method: "POST", token: admin, body: JSON.stringify({ name: `Тренер ${process.pid}`, services: [{ service_id: serviceId }] }) });
    expect(master.status).toBe(201);

    // The admin, in the back office: schedules one session with one seat.
    const desk = await pageAs(admin, "desk");
    await desk.goto("/admin/classes", { waitUntil: "domcontentloaded" });
    await desk.getByLabel("Занятие (услуга)").selectOption({ label: name });
    await desk.getByLabel("Мастер", { exact: true }).selectOption({ label: `Тренер ${process.pid}` });
    await desk.getByLabel("Дата", { exact: true }).fill(salonDate(4));
    await desk.getByLabel("Время", { exact: true }).fill("19:30");
    await desk.getByLabel("Мест", { exact: true }).fill("1");
    await desk.getByRole("button", { name: "Запланировать" }).click();
    await desk.getByTestId("class-report").getByText("Запланировано занятий: 1").waitFor();
    await desk.locator("li[data-class-id]").filter({ hasText: name }).getByText("мест: 0 из 1").waitFor();
    await desk.screenshot({ path: join(SCREENS, "classes-admin-scheduled.png"), fullPage: true });

    // A, on the phone: the service page lists the session with its seat; A books it.
    const pa = await pageAs(a, "phone");
    await pa.goto(`/services/${serviceId}`, { waitUntil: "domcontentloaded" });
    const session = pa.getByTestId("class-sessions").locator("li[data-class-id]").first();
    await session.getByText("свободно мест: 1").waitFor();
    await pa.screenshot({ path: join(SCREENS, "classes-service-page.png"), fullPage: true });
    await session.getByRole("button", { name: "Записаться" }).click();
    await pa.waitForURL(/\/bookings\/\d+\?new=1/);
    await pa.getByText(name).first().waitFor();
    await pa.screenshot({ path: join(SCREENS, "classes-seat-booked.png"), fullPage: true });

    // B: the session is full; B joins its waitlist.
    const pb = await pageAs(b, "phone");
    await pb.goto(`/services/${serviceId}`, { waitUntil: "domcontentloaded" });
    const full = pb.getByTestId("class-sessions").locator("li[data-class-id]").first();
    await full.getByText("мест нет").waitFor();
    await full.getByRole("button", { name: "Встать в лист ожидания" }).click();
    await full.getByText("Вы в листе ожидания").waitFor();
    await pb.screenshot({ path: join(SCREENS, "classes-full-waitlist.png"), fullPage: true });
    const entries = await api<{ entries: { state: string; class_id: number | null }[] }>("/waitlist", { token: b });
    expect(entries.body.entries.map((e) => e.state)).toEqual(["waiting"]);

    // The admin's seat list names A.
    await desk.reload();
    await desk.locator("li[data-class-id]").filter({ hasText: name }).getByRole("button").click();
    await desk.getByTestId("seat-list").getByText(phone(1)).waitFor();
    await desk.screenshot({ path: join(SCREENS, "classes-admin-seats.png"), fullPage: true });
  });
});
