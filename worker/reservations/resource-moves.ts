// Moving a booking that holds rooms or machines: the units at the new time
// are claimed first (under the move's key, keeping the same unit where it is
// free), the master's ledger moves the row, then the units are committed —
// or given back when the master refused. Claim first, release second (rule 5).
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { moveKey } from "../ledger/claims.js";
import { resourceLedger } from "../ledger/staff-ledger.js";
import type { BookingRow } from "../repo/bookings.js";
import type { ScheduleData } from "./availability.js";
import { needsOf } from "./resource-slots.js";
import { claimUnits, freeUnits, type HeldUnit, releaseUnits } from "./resources.js";

type Held = { resourceId: number; unit: number }[];

export async function claimMoveUnits(env: Env, data: ScheduleData, row: BookingRow, held: Held, next: { startAt: string; endAt: string }, generation: string | null): Promise<HeldUnit[] | "taken"> {
  const needs = needsOf(data.resources, row.serviceId!);
  if (needs.length === 0) return [];
  const preferred = new Map(held.map((h) => [h.resourceId, h.unit]));
  const claimed = await claimUnits(env, needs, moveKey(row.id), next.startAt, next.endAt, generation, preferred);
  if (claimed.ok) return claimed.units;
  if (claimed.reason === "unavailable") throw new AppError("ledger_unavailable", "Could not save the change just now; try again in a few seconds", undefined, { "retry-after": "2" });
  return "taken";
}

/**
 * After the master's ledger answered: a landed move commits each unit (the
 * row learns a changed unit) and frees units of resources no longer needed;
 * a refused one gives the claims back; an unknown outcome leaves them for the
 * resource ledgers to settle against the database.
 */
export async function settleMoveUnits(env: Env, bookingId: number, held: Held, units: HeldUnit[], outcome: "landed" | "refused" | "unknown"): Promise<void> {
  if (outcome === "refused") return releaseUnits(env, units, moveKey(bookingId));
  if (outcome === "unknown") return;
  const before = new Map(held.map((h) => [h.resourceId, h.unit]));
  await Promise.all(units.map((u) => resourceLedger(env, u.resourceId).commitUnitMove(u.resourceId, bookingId, before.get(u.resourceId) ?? null).catch(() => undefined)));
  const kept = new Set(units.map((u) => u.resourceId));
  await freeUnits(env, bookingId, held.filter((h) => !kept.has(h.resourceId)));
}
