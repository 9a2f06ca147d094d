// The personal-data consent and a person's rights in Chromium at a phone
// viewport against the real local stack: a new phone ticks the consent (with
// the operator's details) at sign-in, a new text asks again, the profile's
// export downloads everything held, and sign-out forgets the device's copy.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { join } from "node:path";
import { type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type LocalStack } from "./stack";
import { phoneSuite, SCREENS } from "./phone-suite";
import { stackApi } from "./stack-api";

let stack: LocalStack;
let page: Page;
const { api, devCode, signIn, nextPhone } = stackApi(() => stack);
let adminToken: string | undefined;
/** The demo admin, signed in once: codes are limited to one a minute per phone. */
const asAdmin = async () => (adminToken ??= await signIn("+79990000001"));
const shot = (name: string) => page.screenshot({ path: join(SCREENS, `consent-${name}.png`), fullPage: true });

phoneSuite({ serviceWorkers: "block" }, (s) => {
  ({ stack, page } = s);
});

/** Keys of the app's IndexedDB stores, read in the page. */
function deviceKeys(): Promise<{ snapshots: string[]; outbox: string[]; kv: string[] }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("salon");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(["snapshots", "outbox", "kv"], "readonly");
          const out: Record<string, string[]> = {};
          for (const store of ["snapshots", "outbox", "kv"]) {
            const req = tx.objectStore(store).getAllKeys();
            req.onsuccess = () => (out[store] = req.result.map(String));
          }
          tx.oncomplete = () => {
            db.close();
            resolve(out as { snapshots: string[]; outbox: string[]; kv: string[] });
          };
        };
      }),
  );
}

describe("consent to personal data", () => {
  it("asks a new phone to tick the consent at sign-in, showing the operator, and asks again after a new text", async () => {
    const phone = nextPhone();
    await page.goto("/signin", { waitUntil: "domcontentloaded" });
    await page.getByLabel("Телефон", { exact: true }).fill(phone);
    await page.getByRole("button", { name: "Получить код" }).click();
    await page.getByLabel("Код из SMS").fill(await devCode(phone));
    await page.getByRole("button", { name: "Войти", exact: true }).click();

    const box = page.getByTestId("consent");
    await box.waitFor();
    await box.getByText("ООО «Лотос» (демо)").waitFor();
    expect(await box.getByText("7700000000", { exact: true }).isVisible()).toBe(true);
    expect(await box.getByRole("link", { name: /Полный текст согласия/ }).getAttribute("href")).toBe("/legal/consent");
    const tick = box.getByRole("checkbox", { name: /даю согласие/ });
    expect(await tick.isChecked()).toBe(false);
    await shot("signin-asked");

    // Not ticked: no account.
    await page.getByRole("button", { name: "Войти", exact: true }).click();
    await page.getByText("Отметьте согласие на обработку персональных данных.").waitFor();
    await tick.check();
    await page.getByRole("button", { name: "Войти", exact: true }).click();
    await page.waitForURL(/\/bookings$/);

    const token = await page.evaluate(() => localStorage.getItem("salon.token"));
    const me = await api<{ consent: { given: number; needed: boolean } }>("/me", { token: token! });
    expect(me.body.consent).toMatchObject({ needed: false, given: expect.any(Number) });

    // The salon publishes a new text: the app asks before going on.
    const admin = await asAdmin();
    const current = await api<{ body: string; version: number }>("/legal/consent");
    const published = await api<{ version: number }>("/admin/legal/consent", { method: "PUT", token: admin, body: JSON.stringify({ body: `${current.body.body}\n\nНовая редакция.` }) });
    expect(published.status).toBe(201);
    await page.reload({ waitUntil: "domcontentloaded" });
    const dialog = page.getByRole("dialog", { name: "Текст согласия изменился" });
    await dialog.waitFor();
    await shot("new-version-asked");
    await dialog.getByRole("checkbox", { name: /даю согласие/ }).check();
    await dialog.getByRole("button", { name: "Согласен(на), продолжить" }).click();
    await dialog.waitFor({ state: "detached" });
    expect((await api<{ consent: { given: number } }>("/me", { token: token! })).body.consent.given).toBe(published.body.version);
  });

  it("shows the consent text and the privacy policy as pages of the app", async () => {
    await page.goto("/legal/privacy", { waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { level: 1, name: "Политика обработки персональных данных" }).waitFor();
    await page.getByTestId("legal-text").getByText("privacy@salon.example").waitFor();
    await page.goto("/legal/consent", { waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { level: 1, name: "Согласие на обработку персональных данных" }).waitFor();
    await page.getByText(/Цели обработки/).waitFor();
    await shot("legal-consent");
  });
});

describe("a person's rights on the device", () => {
  it("downloads everything held from the profile, and sign-out forgets the account's data on the device", async () => {
    const phone = nextPhone();
    const token = await signIn(phone);
    await page.addInitScript((t) => localStorage.setItem("salon.token", t), token);
    await page.goto("/bookings", { waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.goto("/profile", { waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { level: 1, name: "Профиль" }).waitFor();

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Скачать мои данные" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^my-data-\d{4}-\d\d-\d\d\.json$/);
    const text = await new Promise<string>((resolve, reject) => {
      void file.createReadStream().then((stream) => {
        let data = "";
        stream.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
        stream.on("end", () => resolve(data));
        stream.on("error", reject);
      });
    });
    const exported = JSON.parse(text);
    expect(exported.profile.phone).toBe(phone);
    expect(exported.consents).toHaveLength(1);
    expect(exported.messages.some((m: { kind: string }) => m.kind === "otp")).toBe(true);
    await shot("profile-export");

    // The device held the person's saved reads and session before signing out.
    await page.waitForFunction(async () => {
      const keys = await new Promise<string[]>((resolve) => {
        const open = indexedDB.open("salon");
        open.onsuccess = () => {
          const req = open.result.transaction("snapshots").objectStore("snapshots").getAllKeys();
          req.onsuccess = () => (resolve(req.result.map(String)), open.result.close());
        };
      });
      return keys.some((k) => k.startsWith("bookings:"));
    });
    expect((await deviceKeys()).kv).toEqual(expect.arrayContaining(["session.user", "session.token"]));
    await page.getByRole("navigation").getByRole("button", { name: "Выйти" }).click();
    await page.getByRole("link", { name: "Войти" }).waitFor();
    const after = await deviceKeys();
    expect(after.kv).toEqual([]);
    expect(after.outbox).toEqual([]);
    expect(after.snapshots.filter((k) => /^(bookings|booking|schedule):/.test(k))).toEqual([]);
  });
});

describe("the salon's side", () => {
  it("shows the client's consent on their card and downloads their data for a written request", async () => {
    const phone = nextPhone();
    const client = await signIn(phone);
    const me = await api<{ user: { id: number } }>("/me", { token: client });
    const admin = await asAdmin();
    // The admin agrees to the text in force too (an earlier test may have published a new one; the app would ask first).
    const { body: text } = await api<{ version: number }>("/legal/consent");
    expect((await api("/me/consent", { method: "POST", token: admin, body: JSON.stringify({ version: text.version }) })).status).toBe(200);
    await page.addInitScript((t) => localStorage.setItem("salon.token", t), admin);
    await page.goto(`/admin/clients/${me.body.user.id}`, { waitUntil: "domcontentloaded" });
    const consent = page.getByTestId("client-consent");
    await consent.getByText(/Согласие на обработку ПД: (дано|ред\.)/).waitFor();
    const download = page.waitForEvent("download");
    await consent.getByRole("button", { name: "Выгрузить данные клиента (JSON)" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(new RegExp(`^client-${me.body.user.id}-\\d{4}-\\d\\d-\\d\\d\\.json$`));
    await shot("admin-client-card");

    await page.goto("/admin/settings", { waitUntil: "domcontentloaded" });
    await page.getByLabel("ИНН").waitFor();
    expect(await page.getByLabel("ИНН").inputValue()).toBe("7700000000");
    await page.getByRole("form", { name: "Согласие на обработку персональных данных" }).waitFor();
  });
});
