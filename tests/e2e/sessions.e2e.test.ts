// Sessions in the PWA, in Chromium at a phone viewport against the real local
// stack: an ending access token is renewed without the customer noticing, a
// session ended elsewhere signs the app out cleanly, and "sign out
// everywhere" in the profile ends the session on the server.
//   Needs: `npm run build:web` and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type LocalStack } from "./stack";
import { phoneSuite } from "./phone-suite";
import { stackApi } from "./stack-api";

let stack: LocalStack;
let page: Page;
const { api, devCode, nextPhone } = stackApi(() => stack);

phoneSuite({ serviceWorkers: "block" }, (s) => {
  ({ stack, page } = s);
});

interface Signed {
  token: string;
  refresh_token: string;
  user: { phone: string };
}

/** A session through the API, with both tokens (the helpers' signIn keeps only the access token). */
async function signedIn(): Promise<Signed> {
  const phone = nextPhone();
  expect((await api("/auth/otp/request", { method: "POST", body: JSON.stringify({ phone }) })).status).toBe(202);
  const { body: text } = await api<{ version: number }>("/legal/consent");
  const { status, body } = await api<Signed>("/auth/otp/verify", { method: "POST", body: JSON.stringify({ phone, code: await devCode(phone), consent: { version: text.version } }) });
  expect(status).toBe(200);
  return body;
}

/** Puts the tokens where the app keeps them, as a sign-in on this device would have. */
async function keepOnDevice(tokens: { token: string; refresh_token: string }): Promise<void> {
  await page.goto("/", { waitUntil: "domcontentloaded" });
  await page.evaluate(({ token, refresh_token }) => {
    localStorage.setItem("salon.token", token);
    localStorage.setItem("salon.refresh", refresh_token);
  }, tokens);
}

const stored = () => page.evaluate(() => ({ token: localStorage.getItem("salon.token"), refresh: localStorage.getItem("salon.refresh") }));

describe("sessions in the app", () => {
  it("renews an access token that is about to end, and the customer stays signed in", async () => {
    const session = await signedIn();
    // An access token ending in a minute (its signature is not ours either: only a renewal gets the app through).
    const ending = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: "1", exp: Math.floor(Date.now() / 1000) + 60 })).toString("base64url")}.x`;
    await keepOnDevice({ token: ending, refresh_token: session.refresh_token });
    await page.goto("/profile", { waitUntil: "domcontentloaded" });
    await page.getByText(`Телефон: ${session.user.phone}`).waitFor();
    const { token } = await stored();
    expect(token).not.toBe(ending);
    expect((await api("/me", { token: token! })).status).toBe(200);
  });

  it("signs out cleanly when the session was ended on another device", async () => {
    const session = await signedIn();
    await keepOnDevice(session);
    expect((await api("/auth/logout-all", { method: "POST", token: session.token })).status).toBe(200);
    await page.goto("/profile", { waitUntil: "domcontentloaded" });
    await page.getByText("Войдите, чтобы изменить профиль.").waitFor();
    await page.getByRole("link", { name: "Войти" }).first().waitFor();
    await page.waitForFunction(() => localStorage.getItem("salon.refresh") === null && localStorage.getItem("salon.token") === null);
  });

  it("\"sign out everywhere\" in the profile ends the session on the server", async () => {
    const session = await signedIn();
    await keepOnDevice(session);
    await page.goto("/profile", { waitUntil: "domcontentloaded" });
    await page.getByRole("button", { name: "Выйти на всех устройствах" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    expect(await stored()).toEqual({ token: null, refresh: null });
    expect((await api("/me", { token: session.token })).status).toBe(401);
    expect((await api("/auth/refresh", { method: "POST", body: JSON.stringify({ refresh_token: session.refresh_token }) })).status).toBe(401);
  });

  it("the menu's sign-out ends this device's session on the server", async () => {
    const session = await signedIn();
    await keepOnDevice(session);
    await page.goto("/profile", { waitUntil: "domcontentloaded" });
    await page.getByRole("navigation").getByRole("button", { name: "Выйти" }).click();
    await page.getByRole("link", { name: "Войти" }).first().waitFor();
    await page.waitForFunction(() => localStorage.getItem("salon.token") === null);
    expect((await api("/me", { token: session.token })).status).toBe(401);
  });
});
