// Checks the BUILT PWA (web/dist): the generated service worker, the web
// manifest and the icons. Needs `npm run build:web` first.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";
import { inflateSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";

const DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));
const distPath = (file: string) => `${DIST}${file.replace(/^\//, "")}`;

function readDist(file: string): string {
  const path = distPath(file);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run \`npm run build:web\` before these tests.`);
  }
  return readFileSync(path, "utf8");
}

type Recorded = {
  precache: { url: string; revision: string | null }[];
  /** registerRoute(matcher, handler, method) or registerRoute(new XRoute(...)) */
  routes: { matcher: unknown; handler?: { kind: string; args: unknown[] }; method?: string }[];
  cleanupOutdatedCaches: boolean;
};

/**
 * Runs dist/sw.js in a sandbox with a fake Workbox runtime that records what
 * the worker registers, instead of pattern-matching the minified source.
 */
function loadServiceWorker(source: string): Recorded {
  const recorded: Recorded = { precache: [], routes: [], cleanupOutdatedCaches: false };
  const ctor = (kind: string) =>
    class {
      kind = kind;
      args: unknown[];
      constructor(...args: unknown[]) {
        this.args = args;
      }
    };
  const workbox = new Proxy(
    {
      precacheAndRoute(entries: Recorded["precache"]) {
        recorded.precache.push(...entries);
      },
      cleanupOutdatedCaches() {
        recorded.cleanupOutdatedCaches = true;
      },
      createHandlerBoundToURL(url: string) {
        return { kind: "boundToURL", args: [url] };
      },
      registerRoute(matcher: unknown, handler?: Recorded["routes"][number]["handler"], method?: string) {
        recorded.routes.push({ matcher, handler, method });
      },
    } as Record<string, unknown>,
    { get: (target, name: string) => target[name] ?? ctor(name) },
  );
  // In a worker `self` is the global object, so the sandbox is its own `self`.
  const sandbox: Record<string, unknown> = {
    addEventListener() {},
    define(_deps: string[], factory: (wb: unknown) => void) {
      factory(workbox);
    },
    URL,
    Headers,
    Response,
  };
  sandbox.self = sandbox;
  runInNewContext(source, sandbox);
  return recorded;
}

let sw: Recorded;
let manifest: {
  name?: string;
  short_name?: string;
  lang?: string;
  start_url?: string;
  display?: string;
  theme_color?: string;
  background_color?: string;
  icons?: { src: string; sizes: string; type: string; purpose?: string }[];
};
let indexHtml: string;

beforeAll(() => {
  indexHtml = readDist("index.html");
  sw = loadServiceWorker(readDist("sw.js"));
  manifest = JSON.parse(readDist("manifest.webmanifest"));
});

describe("built service worker", () => {
  it("precaches the app shell: index.html, the JS and CSS entries, the icons, the manifest", () => {
    const urls = sw.precache.map((e) => e.url.replace(/^\//, ""));
    const entryJs = [...indexHtml.matchAll(/<script[^>]+src="\/?([^"]+\.js)"/g)].map((m) => m[1]!);
    const entryCss = [...indexHtml.matchAll(/<link[^>]+href="\/?([^"]+\.css)"/g)].map((m) => m[1]!);
    expect(entryJs.length).toBeGreaterThan(0);
    expect(entryCss.length).toBeGreaterThan(0);
    for (const file of [
      "index.html",
      "manifest.webmanifest",
      ...entryJs,
      ...entryCss,
      "icons/icon-192.png",
      "icons/icon-512.png",
      "icons/icon-512-maskable.png",
    ]) {
      expect(urls, `precache list should contain ${file}`).toContain(file);
    }
    // every precached file exists in dist
    for (const url of urls) expect(existsSync(distPath(url)), `${url} is precached but missing`).toBe(true);
    expect(new Set(urls).size, "no duplicate precache entries").toBe(urls.length);
    expect(sw.cleanupOutdatedCaches).toBe(true);
  });

  it("falls back to index.html for navigations, except /api/ and /pay/", () => {
    const nav = sw.routes.find((r) => (r.matcher as { kind?: string }).kind === "NavigationRoute");
    expect(nav, "a NavigationRoute is registered").toBeDefined();
    const [handler, options] = (nav!.matcher as { args: [{ args: string[] }, { denylist: RegExp[] }] }).args;
    expect(handler.args[0]).toBe("/index.html");
    const denied = (path: string) => options.denylist.some((re) => re.test(path));
    expect(denied("/api/v1/services")).toBe(true);
    expect(denied("/pay/return")).toBe(true);
    expect(denied("/")).toBe(false);
    expect(denied("/booking/12")).toBe(false);
  });

  it("serves catalog API reads NetworkFirst with a short timeout and marks cached answers", async () => {
    const api = sw.routes.find((r) => r.handler?.kind === "NetworkFirst");
    expect(api, "a NetworkFirst route is registered").toBeDefined();
    const match = api!.matcher as (ctx: { url: URL; sameOrigin: boolean }) => boolean;
    const at = (path: string) => ({ url: new URL(path, "https://salon.example"), sameOrigin: true });
    expect(match(at("/api/v1/services"))).toBeTruthy();
    expect(match(at("/api/v1/staff"))).toBeTruthy();
    expect(match(at("/api/v1/staff/3"))).toBeTruthy();
    expect(match(at("/api/v1/bookings"))).toBeFalsy();
    expect(match({ ...at("/api/v1/services"), sameOrigin: false })).toBeFalsy();

    expect(api!.method ?? "GET").toBe("GET");
    const [options] = api!.handler!.args as [{ networkTimeoutSeconds: number; plugins: Record<string, unknown>[] }];
    expect(options.networkTimeoutSeconds).toBeGreaterThan(0);
    expect(options.networkTimeoutSeconds).toBeLessThanOrEqual(5);
    const marker = options.plugins.find((p) => typeof p.cachedResponseWillBeUsed === "function");
    expect(marker, "plugin that marks cache hits").toBeDefined();
    const use = marker!.cachedResponseWillBeUsed as (p: { cachedResponse?: Response }) => Promise<Response | undefined>;
    const marked = await use({ cachedResponse: new Response('{"a":1}', { headers: { ETag: '"x"' } }) });
    expect(marked?.headers.get("X-Served-From")).toBe("sw-cache");
    expect(marked?.headers.get("ETag")).toBe('"x"');
    expect(await marked?.json()).toEqual({ a: 1 });
    expect(await use({ cachedResponse: undefined })).toBeUndefined();
  });
});

/** Reads a PNG's IHDR and inflates its image data to check it is complete. */
function readPng(buf: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(buf.subarray(0, 8).equals(signature), "PNG signature").toBe(true);
  expect(buf.toString("ascii", 12, 16), "first chunk is IHDR").toBe("IHDR");
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const bitDepth = buf[24]!;
  const colourType = buf[25]!;
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colourType as 0 | 2 | 4 | 6];
  expect(channels, `supported colour type ${colourType}`).toBeDefined();
  const idat: Buffer[] = [];
  let offset = 8;
  let sawEnd = false;
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString("ascii", offset + 4, offset + 8);
    if (type === "IDAT") idat.push(buf.subarray(offset + 8, offset + 8 + length));
    if (type === "IEND") sawEnd = true;
    offset += 12 + length;
  }
  expect(sawEnd, "IEND chunk").toBe(true);
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (1 + (width * channels! * bitDepth) / 8));
  return { width, height };
}

describe("web manifest", () => {
  it("names the app and sets colours, start_url and display", () => {
    expect(manifest.name).toBe("Салон — онлайн-запись");
    expect(manifest.short_name).toBe("Салон");
    expect(manifest.lang).toBe("ru");
    expect(manifest.start_url).toBe("/");
    expect(manifest.display).toBe("standalone");
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(indexHtml).toContain('rel="manifest"');
    expect(indexHtml).toContain(`name="theme-color" content="${manifest.theme_color}"`);
  });

  it("declares 192 and 512 icons, one maskable, that are valid PNGs of the declared size", () => {
    const icons = manifest.icons ?? [];
    const sizes = icons.map((i) => i.sizes);
    expect(sizes).toContain("192x192");
    expect(sizes).toContain("512x512");
    expect(icons.some((i) => i.sizes === "512x512" && i.purpose?.split(" ").includes("maskable"))).toBe(true);
    for (const icon of icons) {
      expect(icon.type).toBe("image/png");
      const file = distPath(icon.src);
      expect(existsSync(file), `${icon.src} exists in dist`).toBe(true);
      const { width, height } = readPng(readFileSync(file));
      expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
    }
  });
});
