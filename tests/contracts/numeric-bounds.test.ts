/// <reference types="vite/client" />
// Every number a client can send in a request body is bounded: a JSON number
// like 1e20 is an "integer" to JavaScript and was stored as a price. The
// schemas are walked, not listed, so a field added later is fuzzed too.
import * as v from "valibot";
import { describe, expect, it } from "vitest";

type Schema = v.GenericSchema & Record<string, unknown>;

const contracts = import.meta.glob<Record<string, unknown>>("../../worker/contracts/*.ts", { eager: true });

/** Every exported request-body schema of the contracts: `…Body`. */
async function bodySchemas(): Promise<[string, Schema][]> {
  const found: [string, Schema][] = [];
  for (const [path, mod] of Object.entries(contracts)) {
    const file = path.split("/").pop()!;
    for (const [name, value] of Object.entries(mod)) {
      if (name.endsWith("Body") && value && typeof value === "object" && "kind" in value && value.kind === "schema") found.push([`${file}:${name}`, value as Schema]);
    }
  }
  return found;
}

/** The number-typed schemas inside `schema`, with the path a client would put the value at. */
function numericLeaves(schema: Schema, path: string, out: [string, Schema][]): [string, Schema][] {
  switch (schema.type) {
    case "number":
      out.push([path, schema]);
      break;
    case "picklist":
      if ((schema.options as unknown[]).some((o) => typeof o === "number")) out.push([path, schema]);
      break;
    case "object":
    case "strict_object":
    case "loose_object":
      for (const [key, entry] of Object.entries(schema.entries as Record<string, Schema>)) numericLeaves(entry, path ? `${path}.${key}` : key, out);
      break;
    case "optional":
    case "nullable":
    case "nullish":
    case "exact_optional":
      numericLeaves(schema.wrapped as Schema, path, out);
      break;
    case "array":
      numericLeaves(schema.item as Schema, `${path}[]`, out);
      break;
    case "union":
    case "variant":
      for (const option of schema.options as Schema[]) numericLeaves(option, path, out);
      break;
  }
  return out;
}

/** What a hostile or careless client sends for a number. */
const FUZZ: unknown[] = [1e20, 1e308, -1, 0.5, "NaN", Number.NaN, Infinity];

describe("numbers in request bodies", () => {
  it("finds the body schemas and their numeric fields", async () => {
    const leaves = (await bodySchemas()).flatMap(([name, schema]) => numericLeaves(schema, "", []).map(([path]) => `${name} ${path}`));
    // The walk must reach the fields the issue named, or it proves nothing.
    expect(leaves).toEqual(
      expect.arrayContaining([
        "admin.ts:CreateServiceBody price_minor",
        "admin.ts:CreateServiceBody prepayment.value",
        "admin.ts:UpdateCategoryBody sort_order",
        "admin.ts:CreateStaffBody services[].price_minor",
        "bookings.ts:CreateBookingBody service_id",
        "visits.ts:CreateVisitBody items[].service_id",
        "payments.ts:CreatePaymentBody booking_id",
      ]),
    );
    expect(leaves.length).toBeGreaterThan(40);
  });

  it("refuses 1e20, 1e308, -1, 0.5, NaN (as text and as a number) and Infinity in every numeric field of every body", async () => {
    const accepted: string[] = [];
    for (const [name, schema] of await bodySchemas()) {
      for (const [path, leaf] of numericLeaves(schema, "", [])) {
        for (const value of FUZZ) if (v.safeParse(leaf, value).success) accepted.push(`${name} ${path} = ${String(value)}`);
      }
    }
    expect(accepted).toEqual([]);
  });

  it("puts a ceiling on every numeric field: money at 100,000,000 kopecks, nothing past 2^31", async () => {
    const unbounded: string[] = [];
    for (const [name, schema] of await bodySchemas()) {
      for (const [path, leaf] of numericLeaves(schema, "", [])) {
        if (leaf.type === "picklist") continue;
        const ceiling = /price|amount|value|minor/.test(path) ? 100_000_000 : 2_147_483_647;
        if (v.safeParse(leaf, ceiling + 1).success) unbounded.push(`${name} ${path} takes ${ceiling + 1}`);
      }
    }
    expect(unbounded).toEqual([]);
  });
});
