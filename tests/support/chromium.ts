// How the browser tests (tests/e2e) and the PWA benchmark (bench/pwa.ts)
// launch headless Chromium with playwright-core.
import type { LaunchOptions } from "playwright-core";

/** CHROMIUM_PATH, or the distribution's package (apt-get install -y chromium). */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Options for chromium.launch(): new headless mode, no sandbox or GPU, no background traffic. */
export function chromiumLaunchOptions(): LaunchOptions {
  return {
    executablePath: chromiumPath(),
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  };
}

/** The phone every PWA browser test runs as: a 390×844 touch screen, Russian locale, Moscow time. */
export const phoneContext = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  locale: "ru-RU",
  timezoneId: "Europe/Moscow",
} as const;
