// Issue 13's budget for the PWA's first visit, checked on the BUILT web/dist
// with the same measurement `npm run bench` reports (bench/pwa-size.ts):
// the files index.html loads before the first render. Needs `npm run build:web`.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DIST, INITIAL_BUDGET_KIB, initialAssets, initialKiB } from "../../bench/pwa-size";
import { PARTS, type PartName } from "../../web/src/strings/parts";

beforeAll(() => {
  if (!existsSync(join(DIST, "index.html"))) throw new Error(`${DIST}index.html is missing: run \`npm run build:web\` before these tests.`);
});

describe("the PWA's initial load", () => {
  it(`stays within ${INITIAL_BUDGET_KIB} KiB of JS + CSS, gzip`, () => {
    const { js, css } = initialKiB();
    expect(js).toBeGreaterThan(10);
    expect(css).toBeGreaterThan(1);
    expect(js + css).toBeLessThanOrEqual(INITIAL_BUDGET_KIB);
  });

  it("carries no lazy screen's strings and no English: each part of the dictionary, and each language, is a chunk of its own", async () => {
    const initial = initialAssets().js.map((file) => readFileSync(join(DIST, file), "utf8")).join("\n");
    expect(initial).toContain('"catalog.title"');
    expect(initial, "English core strings").not.toContain("Services and prices");
    for (const name of Object.keys(PARTS) as PartName[]) {
      const keys = Object.keys(await PARTS[name].load.ru());
      expect(keys.filter((key) => initial.includes(`"${key}"`)), name).toEqual([]);
    }
  });
});
