// The customer dictionary is split (web/src/strings): the first screen's
// strings ship in the initial chunk, every other screen's load with its code.
// These check that split against the source, so a string moved to the wrong
// place fails here instead of as an empty label on some screen.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadStrings, partOf, translate } from "../../web/src/i18n";
import { en as coreEn } from "../../web/src/strings/core.en";
import { ru as coreRu } from "../../web/src/strings/core.ru";
import { PARTS, type PartName } from "../../web/src/strings/parts";

const SRC = fileURLToPath(new URL("../../web/src/", import.meta.url));
const NAMES = Object.keys(PARTS) as PartName[];

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = resolve(dirname(from), spec).replace(/\.js$/, "");
  return ["", ".ts", ".tsx", "/index.ts"].map((ext) => base + ext).find((p) => existsSync(p) && statSync(p).isFile());
}

/** The source files `entry` pulls in with static (not type-only, not dynamic) imports. */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^;]*?\sfrom\s+)?"([^"]+)"/gms)) {
      const next = resolveImport(file, m[1]!);
      if (next) stack.push(next);
    }
  }
  return seen;
}

const coreKeys = new Set(Object.keys(coreRu));
let partKeys = new Map<string, PartName>();

/** Dictionary keys written in `files`: literal keys, and the fixed start of `prefix.${…}` templates. */
function keysUsed(files: Iterable<string>): string[] {
  const found = new Set<string>();
  for (const file of files) {
    if (file.startsWith(`${SRC}strings/`) || file === `${SRC}i18n.ts`) continue;
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/"([a-zA-Z]+\.[\w.]+)"/g)) if (coreKeys.has(m[1]!) || partKeys.has(m[1]!)) found.add(m[1]!);
    for (const m of text.matchAll(/`([a-zA-Z]+\.[\w.]*?)\.?\$\{/g)) if (partOf(m[1]!)) found.add(`${m[1]}.*`);
  }
  return [...found].sort();
}

/** The part a key needs loaded (none for a core key). */
function neededPart(key: string): PartName | undefined {
  const source = coreKeys.has(key) ? "core" : (partKeys.get(key) ?? partOf(key.replace(/\.\*$/, "")));
  return source === "core" ? undefined : source;
}

/** Lazy routes in App.tsx and the parts each names: `lazy(() => withStrings(import("./routes/X"), "a", "b"))`. */
function lazyRoutes(): { file: string; parts: string[] }[] {
  const app = readFileSync(`${SRC}App.tsx`, "utf8");
  return [...app.matchAll(/lazy\(\(\) =>\s*(?:withStrings\()?import\("([^"]+)"\)((?:,\s*"\w+")*)\)?\)/g)].map((m) => ({
    file: resolveImport(`${SRC}App.tsx`, m[1]!)!,
    parts: [...m[2]!.matchAll(/"(\w+)"/g)].map((p) => p[1]!),
  }));
}

beforeAll(async () => {
  const entries = await Promise.all(NAMES.map(async (name) => [name, await PARTS[name].load.ru()] as const));
  partKeys = new Map(entries.flatMap(([name, strings]) => Object.keys(strings).map((key) => [key, name] as const)));
});

describe("the split customer dictionary", () => {
  it("finds each part's keys in that part, none of them also a core key, with both languages", async () => {
    for (const name of NAMES) {
      const [ru, en] = await Promise.all([PARTS[name].load.ru(), PARTS[name].load.en()]);
      expect(Object.keys(en).sort(), name).toEqual(Object.keys(ru).sort());
      for (const key of Object.keys(ru)) {
        expect(coreKeys.has(key), `${key} is in core and ${name}`).toBe(false);
        expect(partOf(key), key).toBe(name);
      }
    }
    expect(Object.keys(coreEn).sort()).toEqual(Object.keys(coreRu).sort());
  });

  it("keeps the first screen (entry, layout, catalog) on core strings only", () => {
    const graph = staticGraph(`${SRC}index.tsx`);
    expect(graph.has(`${SRC}routes/Catalog.tsx`)).toBe(true);
    const used = keysUsed(graph);
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter((key) => neededPart(key) !== undefined)).toEqual([]);
  });

  it("loads with every lazy route the parts its code uses", () => {
    const routes = lazyRoutes();
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes.flatMap(({ file, parts }) =>
      keysUsed(staticGraph(file))
        .filter((key) => {
          const name = neededPart(key);
          return name !== undefined && !parts.includes(name);
        })
        .map((key) => `${file.slice(SRC.length)}: ${key} (${neededPart(key)})`),
    );
    expect(missing).toEqual([]);
  });

  it("answers a part's key in a language only once that language's part is loaded, never with the raw key", async () => {
    expect(translate("ru", "cert.title")).toBe("");
    await loadStrings("ru", "certificates");
    expect(translate("ru", "cert.title")).toBe("Подарочные сертификаты");
    expect(translate("en", "cert.title")).toBe("");
    expect(translate("en", "app.title")).toBe("");
    await loadStrings("en", "certificates");
    expect(translate("en", "cert.title")).toBe("Gift certificates");
    expect(translate("en", "app.title")).toBe("Salon");
  });
});
