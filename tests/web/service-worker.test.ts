// Checks the BUILT PWA (web/dist): the service worker built from web/src/sw.ts, the web
// manifest and the icons. Needs `npm run build:web` first.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";
import { inflateSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { SYNC_TAG } from "../../web/src/data/outbox";

const DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));
const distPath = (file: string) => `${DIST}${file.replace(/^\//, "")}`;

function readDist(file: string): string {
  const path = distPath(file);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run \`npm run build:web\` before these tests.`);
  }
  return readFileSync(path, "utf8");
}

type Listener = (event: Record<string, unknown>) => void;

/**
 * Runs the built dist/sw.js (workbox bundled in, injectManifest) in a
 * sandbox with an in-memory Cache Storage and a scripted fetch, then drives
 * it with install / fetch / sync events. This checks behaviour of the real
 * artifact instead of pattern-matching the minified source.
 */
class FakeWorker {
  readonly listeners = new Map<string, Listener[]>();
  readonly fetched: string[] = [];
  readonly caches = new Map<string, Map<string, Response>>();
  network: "up" | "down" = "up";
  claimed = false;

  constructor(source: string) {
    const origin = "https://salon.example";
    const cacheApi = (name: string) => {
      const store = this.caches.get(name) ?? new Map<string, Response>();
      this.caches.set(name, store);
      const keyOf = (r: Request | string) => (typeof r === "string" ? new URL(r, origin).href : r.url);
      return {
        match: async (r: Request | string) => store.get(keyOf(r))?.clone(),
        put: async (r: Request | string, res: Response) => void store.set(keyOf(r), res),
        delete: async (r: Request | string) => store.delete(keyOf(r)),
        keys: async () => [...store.keys()].map((u) => new Request(u)),
      };
    };
    const sandbox: Record<string, unknown> = {
      location: new URL(`${origin}/sw.js`),
      registration: { scope: `${origin}/` },
      clients: { claim: async () => void (this.claimed = true), matchAll: async () => [] },
      caches: {
        open: async (name: string) => cacheApi(name),
        keys: async () => [...this.caches.keys()],
        delete: async (name: string) => this.caches.delete(name),
        match: async (r: Request | string) => {
          for (const name of this.caches.keys()) {
            const hit = await cacheApi(name).match(r);
            if (hit) return hit;
          }
          return undefined;
        },
      },
      fetch: async (input: Request | string) => {
        const url = typeof input === "string" ? input : input.url;
        this.fetched.push(url);
        if (this.network === "down") throw new TypeError("Failed to fetch");
        return new Response(`body of ${new URL(url).pathname}`, { status: 200, headers: { "Content-Type": "text/plain" } });
      },
      addEventListener: (type: string, fn: Listener) => this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]),
      skipWaiting: async () => undefined,
      // workbox tells install work from fetch handling with instanceof FetchEvent
      FetchEvent: class {},
      console,
      URL,
      Headers,
      // Node's Request needs absolute URLs; a worker resolves against its location
      Request: class extends Request {
        constructor(input: RequestInfo | URL, init?: RequestInit) {
          super(typeof input === "string" ? new URL(input, origin) : input, init);
        }
      },
      Response,
      Blob,
      setTimeout,
      clearTimeout,
      Promise,
      TextEncoder,
      TextDecoder,
      atob,
      btoa,
      crypto: globalThis.crypto,
    };
    sandbox.self = sandbox;
    runInNewContext(source, sandbox);
  }

  /** Dispatches an extendable event; resolves with respondWith's answer (if any) after waitUntil work. */
  async dispatch(type: string, fields: Record<string, unknown>): Promise<{ response?: Response; responded: boolean; waited: unknown[] }> {
    const waits: Promise<unknown>[] = [];
    let responded: Promise<Response> | undefined;
    const event = {
      ...fields,
      type,
      waitUntil: (p: Promise<unknown>) => void waits.push(p),
      respondWith: (p: Promise<Response>) => void (responded = Promise.resolve(p)),
    };
    for (const fn of this.listeners.get(type) ?? []) fn(event);
    const waited = await Promise.allSettled(waits);
    return { response: responded ? await responded : undefined, responded: responded !== undefined, waited };
  }
}

const navigate = (path: string) => ({
  request: { url: new URL(path, "https://salon.example").href, method: "GET", mode: "navigate", headers: new Headers(), destination: "document" },
  clientId: "",
  resultingClientId: "",
});

let sw: FakeWorker;
let precached: string[];
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

beforeAll(async () => {
  indexHtml = readDist("index.html");
  manifest = JSON.parse(readDist("manifest.webmanifest"));
  sw = new FakeWorker(readDist("sw.js"));
  const install = await sw.dispatch("install", {});
  const failures = install.waited.filter((w) => (w as PromiseSettledResult<unknown>).status === "rejected");
  expect(failures, "install completes").toEqual([]);
  precached = sw.fetched.map((u) => new URL(u).pathname.replace(/^\//, ""));
  await sw.dispatch("activate", {});
});

describe("built service worker", () => {
  it("precaches the app shell on install: index.html, every customer JS and CSS file, the icons, the manifest; not the back office", () => {
    const entryJs = [...indexHtml.matchAll(/<script[^>]+src="\/?([^"]+\.js)"/g)].map((m) => m[1]!);
    const entryCss = [...indexHtml.matchAll(/<link[^>]+href="\/?([^"]+\.css)"/g)].map((m) => m[1]!);
    expect(entryJs.length).toBeGreaterThan(0);
    expect(entryCss.length).toBeGreaterThan(0);
    const assets = readdirSync(distPath("assets"));
    // The back office is for the salon's staff online; customers' service workers do not download it.
    const backOffice = assets.filter((f) => f.startsWith("AdminApp-")).map((f) => `assets/${f}`);
    expect(backOffice.length).toBeGreaterThan(0);
    for (const file of backOffice) expect(precached).not.toContain(file);
    const lazyChunks = assets.filter((f) => f.endsWith(".js") && !f.startsWith("AdminApp-")).map((f) => `assets/${f}`);
    for (const file of [
      "index.html",
      "manifest.webmanifest",
      ...entryJs,
      ...entryCss,
      ...lazyChunks, // the screens loaded on demand must work offline too
      "icons/icon-192.png",
      "icons/icon-512.png",
      "icons/icon-512-maskable.png",
    ]) {
      expect(precached, `precache list should contain ${file}`).toContain(file);
    }
    for (const url of precached) expect(existsSync(distPath(url)), `${url} is precached but missing`).toBe(true);
    expect(new Set(precached).size, "no duplicate precache entries").toBe(precached.length);
    expect(precached).not.toContain("sw.js");
  });

  it("takes over open pages and registers sync and update-message handlers", () => {
    expect(sw.claimed).toBe(true);
    expect(sw.listeners.get("sync")?.length).toBe(1);
    expect(sw.listeners.get("message")?.length).toBeGreaterThan(0);
  });

  it("answers navigations with the cached index.html, offline too, except /api/ and /pay/", async () => {
    sw.network = "down";
    const page = await sw.dispatch("fetch", navigate("/booking/12"));
    expect(page.responded).toBe(true);
    expect(await page.response?.text()).toBe("body of /index.html");
    expect((await sw.dispatch("fetch", navigate("/api/v1/bookings"))).responded).toBe(false);
    expect((await sw.dispatch("fetch", navigate("/pay/test/3"))).responded).toBe(false);
    sw.network = "up";
  });

  it("serves catalog reads NetworkFirst and marks answers that come from its cache", async () => {
    const get = (path: string) => ({ request: new Request(new URL(path, "https://salon.example").href) });
    sw.network = "up";
    const fresh = await sw.dispatch("fetch", get("/api/v1/services"));
    expect(fresh.responded).toBe(true);
    expect(fresh.response?.headers.get("X-Served-From")).toBeNull();
    sw.network = "down";
    const cached = await sw.dispatch("fetch", get("/api/v1/services"));
    expect(cached.response?.headers.get("X-Served-From")).toBe("sw-cache");
    expect(await cached.response?.text()).toBe("body of /api/v1/services");
    sw.network = "up";
    // bookings are personal: never in the worker's cache (the app keeps them in IndexedDB)
    expect((await sw.dispatch("fetch", get("/api/v1/bookings"))).responded).toBe(false);
    expect((await sw.dispatch("fetch", get("https://other.example/api/v1/services"))).responded).toBe(false);
  });

  it("replays the outbox on its Background Sync tag only", async () => {
    const other = await sw.dispatch("sync", { tag: "something-else" });
    expect(other.waited).toEqual([]);
    const mine = await sw.dispatch("sync", { tag: SYNC_TAG });
    // no IndexedDB in the sandbox: nothing to send, and the replay settles
    expect(mine.waited).toHaveLength(1);
    expect((mine.waited[0] as PromiseSettledResult<unknown>).status).toBe("fulfilled");
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
