// Pure parts of the PWA's data and formatting layer, run under Node.
import * as v from "valibot";
import { beforeAll, describe, expect, it } from "vitest";
import { ServiceList } from "../../worker/contracts/catalog";
import { countServices, groupServices, normalizeSearch } from "../../web/src/data/catalog";
import { formatAge, formatDuration, formatPrice, formatSnapshotTime } from "../../web/src/format";
import { loadStrings, translate } from "../../web/src/i18n";
import { catalogFixture } from "./fixtures/catalog";

/** Intl uses (narrow) no-break spaces; compare with plain ones. */
const plain = (s: string) => s.replace(/\s/gu, " ");

describe("catalog fixture", () => {
  it("matches the shared contract", () => {
    expect(v.safeParse(ServiceList, catalogFixture).success).toBe(true);
  });
});

describe("groupServices", () => {
  it("groups by category in sort_order and leaves add-ons out", () => {
    const groups = groupServices(catalogFixture);
    expect(groups.map((g) => g.name)).toEqual(["Стрижки", "Маникюр"]);
    expect(groups[0]?.services.map((s) => s.id)).toEqual([11, 12]);
    expect(groups.flatMap((g) => g.services).some((s) => s.is_addon)).toBe(false);
    expect(countServices(groups)).toBe(3);
  });

  it("filters by every search term, case- and ё-insensitively, and drops empty groups", () => {
    expect(groupServices(catalogFixture, "МАНИК").map((g) => g.name)).toEqual(["Маникюр"]);
    expect(countServices(groupServices(catalogFixture, "стрижка муж"))).toBe(1);
    expect(countServices(groupServices(catalogFixture, "мытьё"))).toBe(1); // description
    expect(countServices(groupServices(catalogFixture, "мытье"))).toBe(1);
    expect(groupServices(catalogFixture, "педикюр")).toEqual([]);
    expect(normalizeSearch("  Ёжик   Стрижка ")).toBe("ежик стрижка");
  });

  it("puts services without a known category into a trailing unnamed group", () => {
    const first = catalogFixture.services[0]!;
    const list = {
      ...catalogFixture,
      services: [{ ...first, id: 99, category: null }, ...catalogFixture.services],
    };
    const groups = groupServices(list);
    expect(groups.at(-1)).toMatchObject({ id: null, name: null });
    expect(groups.at(-1)?.services.map((s) => s.id)).toEqual([99]);
  });
});

describe("formatting", () => {
  // The English core strings are a chunk of their own (web/src/strings/core.en.ts).
  beforeAll(() => loadStrings("en"));

  it("formats minor units as roubles for each locale", () => {
    expect(plain(formatPrice({ amount_minor: 150000, currency: "RUB" }, "ru-RU"))).toBe("1 500 ₽");
    expect(plain(formatPrice({ amount_minor: 180050, currency: "RUB" }, "ru-RU"))).toBe("1 800,50 ₽");
    expect(formatPrice({ amount_minor: 150000, currency: "RUB" }, "en-GB")).toBe("₽1,500");
  });

  it("formats durations", () => {
    expect(formatDuration(45, "ru")).toBe("45 мин");
    expect(formatDuration(60, "ru")).toBe("1 ч");
    expect(formatDuration(90, "en")).toBe("1 h 30 min");
  });

  it("formats the snapshot time and age", () => {
    const now = new Date(2025, 4, 20, 12, 0).getTime();
    const at = new Date(2025, 4, 20, 10, 42).getTime();
    expect(formatSnapshotTime(at, "ru-RU", now)).toBe("10:42");
    expect(translate("ru", "catalog.cache.offline", { time: formatSnapshotTime(at, "ru-RU", now) })).toBe(
      "Данные от 10:42 (нет сети)",
    );
    expect(formatSnapshotTime(new Date(2025, 4, 18, 9, 5).getTime(), "en-GB", now)).toMatch(/18 May.*09:05/);
    expect(formatAge(at, "en-GB", now)).toBe("1 hour ago");
    expect(formatAge(now - 5 * 60_000, "ru-RU", now)).toBe("5 минут назад");
  });
});
