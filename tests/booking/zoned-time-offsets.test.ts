// zoned-time keeps each hour's UTC offset once it has formatted it. These
// compare every answer with a formatter of their own, around the transitions
// of zones with half- and quarter-hour offsets too, in random order (so a
// cached hour is asked again at other minutes and seconds).
import { describe, expect, it } from "vitest";
import { instantToWall, offsetMs } from "../../worker/booking/zoned-time.js";

const formatters = new Map<string, Intl.DateTimeFormat>();

function reference(ms: number, zone: string) {
  const f = formatters.get(zone) ?? formatters.set(zone, new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })).get(zone)!;
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  const pad = (n: number) => String(n).padStart(2, "0");
  return { offset: wall - Math.floor(ms / 1000) * 1000, date: `${p.year}-${pad(p.month!)}-${pad(p.day!)}`, time: `${pad(p.hour!)}:${pad(p.minute!)}` };
}

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

const ZONES = ["Europe/Berlin", "Europe/Moscow", "America/New_York", "America/St_Johns", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "UTC"];

describe("offsets kept per hour", () => {
  it("match the formatter at every five minutes (at a random second) of the days around each 2026 transition", () => {
    const starts = ["2026-03-08", "2026-03-29", "2026-04-05", "2026-09-27", "2026-10-04", "2026-10-25", "2026-11-01"].map((d) => Date.parse(`${d}T00:00:00Z`) - 86_400_000);
    const next = random(7);
    const instants = starts.flatMap((start) => Array.from({ length: (3 * 1440) / 5 }, (_, m) => start + m * 5 * 60_000 + Math.floor(next() * 300) * 1000));
    // Shuffled: an hour is cached at one instant and read back at others.
    instants.sort(() => next() - 0.5);
    for (const zone of ZONES) {
      for (const ms of instants) {
        const want = reference(ms, zone);
        expect(offsetMs(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toBe(want.offset);
        const wall = instantToWall(new Date(ms), zone);
        expect(`${wall.date} ${wall.time}`, `${zone} ${new Date(ms).toISOString()}`).toBe(`${want.date} ${want.time}`);
      }
    }
  });

  it("match the formatter at random instants from 1960 to 2150, outside the kept years too", () => {
    const next = random(11);
    for (let i = 0; i < 3000; i++) {
      const ms = Date.UTC(1960, 0, 1) + Math.floor(next() * 190 * 365.25 * 86_400_000);
      const zone = ZONES[i % ZONES.length]!;
      expect(offsetMs(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toBe(reference(ms, zone).offset);
    }
  });
});
