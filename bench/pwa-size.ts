// What the PWA's first visit downloads before the first render, gzip'ed:
// measured on the built web/dist by `npm run bench` (bench/pwa.ts) and held
// under issue 13's budget by tests/web/initial-load.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const DIST = fileURLToPath(new URL("../web/dist/", import.meta.url));

/** Issue 13: the initial JS + CSS, gzip, stays at or under this. */
export const INITIAL_BUDGET_KIB = 60;

export const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
export const gz = (file: string) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;

/** Files the browser fetches before first render: entry script, its modulepreloads, stylesheets. */
export function initialAssets(): { js: string[]; css: string[] } {
  const html = readFileSync(join(DIST, "index.html"), "utf8");
  const refs = (re: RegExp) => [...html.matchAll(re)].map((m) => m[1]!.replace(/^\//, ""));
  return {
    js: [...new Set([...refs(/<script[^>]+src="([^"]+\.js)"/g), ...refs(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)])],
    css: refs(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+\.css)"/g),
  };
}

/** The initial JS and CSS, gzip, in KiB (one decimal). */
export function initialKiB(): { js: number; css: number } {
  const { js, css } = initialAssets();
  return { js: kb(js.reduce((n, f) => n + gz(f), 0)), css: kb(css.reduce((n, f) => n + gz(f), 0)) };
}
