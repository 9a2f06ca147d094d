// The ledger stays a primitive: it holds intervals and answers claim, release
// and move; who waits, who is told and which channel a booking came from are
// decided above it (worker/booking/README.md, "The ledger").
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = join(import.meta.dirname, "../../worker/ledger");

describe("worker/ledger", () => {
  it("imports nothing from the reservations, notify or yclients layers", () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(5);
    const offending = files.flatMap((file) =>
      [...readFileSync(join(dir, file), "utf8").matchAll(/from\s+"([^"]+)"/g)]
        .map((m) => m[1]!)
        .filter((path) => /(^|\/)(reservations|notify|yclients)\//.test(path))
        .map((path) => `${file}: ${path}`),
    );
    expect(offending).toEqual([]);
  });

  it("keeps every module under 300 lines", () => {
    const long = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => [f, readFileSync(join(dir, f), "utf8").split("\n").length] as const)
      .filter(([, lines]) => lines > 300);
    expect(long).toEqual([]);
  });
});
