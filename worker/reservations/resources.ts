// Claiming units of resources (rooms, machines) around a master's claim.
// Owners are claimed in one fixed order, resources by id first, the master
// last (its ledger writes the booking row with the units in the same batch):
// two requests wanting the same room meet at that room's ledger, and the first
// refusal gives back what was already taken (worker/booking/README.md, "All
// or nothing across objects").
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { resourceLedger } from "../ledger/staff-ledger.js";
import type { UnitResult } from "../ledger/staff-ledger.js";
import { log } from "../lib/log.js";
import type { Db } from "../repo/db.js";
import { unitsOfBookings } from "../repo/resources.js";
import type { ResourceNeed } from "./resource-slots.js";

export interface HeldUnit {
  resourceId: number;
  unit: number;
}

export type UnitsClaim = { ok: true; units: HeldUnit[] } | { ok: false; reason: "taken" | "unavailable"; resourceId: number };

/**
 * One unit of every needed resource for [start, end) under the request's
 * claim key, all or nothing: on the first refusal the units already claimed
 * are released before answering.
 */
export async function claimUnits(env: Env, needs: ResourceNeed[], key: string, start: string, end: string, generation: string | null, preferred?: Map<number, number>): Promise<UnitsClaim> {
  const taken: HeldUnit[] = [];
  for (const need of needs) {
    let result: UnitResult;
    try {
      result = await resourceLedger(env, need.id).claimUnit(need.id, { key, start, end, units: need.units, preferred: preferred?.get(need.id) }, generation);
    } catch {
      result = { ok: false, reason: "unavailable" };
    }
    if (!result.ok) {
      await releaseUnits(env, taken, key);
      return { ok: false, reason: result.reason, resourceId: need.id };
    }
    taken.push({ resourceId: need.id, unit: result.unit });
  }
  return { ok: true, units: taken };
}

/**
 * The master refused: the units go back. A ledger that cannot be reached
 * keeps its claim, which it settles by asking the database once the claim is
 * older than the settle delay (the request is surely gone by then).
 */
export async function releaseUnits(env: Env, units: HeldUnit[], key: string): Promise<void> {
  await Promise.all(units.map((u) => resourceLedger(env, u.resourceId).releaseUnit(u.resourceId, key).catch(() => undefined)));
}

/** The booking was saved with these units: each claim becomes the booking's (a lost bind is settled the same way as above). */
export async function bindUnits(env: Env, units: HeldUnit[], key: string, bookingId: number): Promise<void> {
  await Promise.all(units.map((u) => resourceLedger(env, u.resourceId).bindUnit(u.resourceId, key, bookingId).catch(() => undefined)));
}

/**
 * The booking left the active states (cancel, no-show, hold expiry): its
 * units are free. A ledger not told (a crash, a lost call) finds out when a
 * claim meets the unit: it checks the booking against the database before
 * believing the conflict (rule 8).
 */
export async function freeUnits(env: Env, bookingId: number, units: { resourceId: number }[]): Promise<void> {
  await Promise.all(units.map((u) => resourceLedger(env, u.resourceId).freeUnit(u.resourceId, bookingId).catch(() => undefined)));
}

/**
 * Unpaid holds that ran out in their master's ledger (its alarm, through
 * `onHolds`): their units are freed at once, so the room shows free in the
 * ledger as it does in the database. Never throws: a unit not freed here is
 * dropped the first time a claim meets it, or by the cron's audit.
 */
export async function freeExpiredUnits(db: Db, env: Env, bookingIds: number[]): Promise<void> {
  if (bookingIds.length === 0) return;
  try {
    const held = await unitsOfBookings(db, bookingIds);
    await Promise.all(held.map((u) => freeUnits(env, u.bookingId, [u])));
  } catch (error) {
    log("error", "resources: freeing units of expired holds failed", { error: String(error) });
  }
}

/** The 409 of a booking whose master is free but a needed resource is not. */
export function resourceTaken(alternatives: unknown): AppError {
  return new AppError("resource_taken", "The master is free at this time, but no room or equipment the service needs is; here are the nearest free times", { alternatives });
}
