// How callers reach a ledger. The Durable Object class is `Ledger`
// (ledger.ts); the class the runtime instantiates under the binding's
// `StaffLedger` name adds the waitlist's hooks on top of it
// (worker/reservations/ledger-object.ts), so this directory imports nothing
// from the layers that decide who waits or who is told.
import type { Env } from "../env.js";
import type { Ledger } from "./ledger.js";
import { type Owner, ownerName } from "./results.js";

export type { AuditResult, BlockResult, MoveResult, ReserveResult, TransitionResult } from "./results.js";
export type { ExternalResult } from "./external-apply.js";
export type { UnitResult } from "./unit-desk.js";
/** What a stub of a ledger offers (every ledger is a `Ledger`). */
export type StaffLedger = Ledger;

export function ledgerOf(env: Env, owner: Owner): DurableObjectStub<Ledger> {
  return env.STAFF_LEDGER.get(env.STAFF_LEDGER.idFromName(ownerName(owner)));
}

/** A master's ledger: the object named `staff:<id>`. */
export const ledgerFor = (env: Env, staffId: number): DurableObjectStub<Ledger> => ledgerOf(env, { kind: "staff", id: staffId });

/** A resource's ledger (a room, a machine): the object named `resource:<id>`. */
export const resourceLedger = (env: Env, resourceId: number): DurableObjectStub<Ledger> => ledgerOf(env, { kind: "resource", id: resourceId });
/**
 * The ledger a booking lives in: a class seat's is its session's
 * (`class:<id>`, opened first so that an empty one loads as that class), any
 * other booking's is its master's. Wrapped: a stub is not awaited as a value.
 */
export async function ledgerOfBooking(env: Env, row: { staffId: number; classId?: number | null }, generation: string | null = null): Promise<{ ledger: DurableObjectStub<Ledger> }> {
  if (row.classId === null || row.classId === undefined) return { ledger: ledgerFor(env, row.staffId) };
  return openClassLedger(env, row.classId, generation);
}

/** A class session's ledger, opened (loaded as that class if empty). */
export async function openClassLedger(env: Env, classId: number, generation: string | null = null): Promise<{ ledger: DurableObjectStub<Ledger> }> {
  const ledger = ledgerOf(env, { kind: "class", id: classId });
  await ledger.openClass(classId, generation);
  return { ledger };
}
