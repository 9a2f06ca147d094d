// Shared steps of the waitlist tests: join, read an entry, and let the
// master's ledger run its alarm until the entry's offer is decided.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import type { StaffLedger } from "../../worker/ledger/staff-ledger.js";
import { call } from "./client.js";
import { ledgerOf } from "./direct-db.js";
import { sql } from "./scenario.js";

export const HAIRCUT = 3;

export const join = (token: string, body: Record<string, unknown>) => call("POST", "/api/v1/waitlist", { token, body });
export const entryOf = async (token: string, id: number) => (await call("GET", `/api/v1/waitlist/${id}`, { token })).body.entry;

/**
 * Runs the master's alarm (the ledger offers freed times from it) until the
 * entry leaves `from`, polling for at most ~5 s: the runtime may also have
 * fired the alarm on its own meanwhile.
 */
export async function untilStateLeaves(token: string, id: number, staffId: number, from = "waiting") {
  for (let i = 0; i < 50; i++) {
    await runDurableObjectAlarm(ledgerOf(staffId));
    const entry = await entryOf(token, id);
    if (entry.state !== from) return entry;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return entryOf(token, id);
}

/** Runs the master's alarm until the ledger has no hold left that the waitlist has not recorded. */
export async function untilOffersSettled(staffId: number) {
  for (let i = 0; i < 50; i++) {
    await runDurableObjectAlarm(ledgerOf(staffId));
    const left = await runInDurableObject(ledgerOf(staffId), (_: StaffLedger, state: DurableObjectState) =>
      state.storage.sql.exec<{ n: number }>("select count(*) as n from grants").one().n,
    );
    if (left === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`master ${staffId}'s ledger still has holds the waitlist has not recorded`);
}

/** Moves the clock of one offer past its end, in the database and in the ledger that holds it. */
export async function expireOffer(entryId: number, staffId: number) {
  const past = new Date(Date.now() - 1000).toISOString();
  await sql("update waitlist_entries set offer_expires_at = ? where id = ?", [past, entryId]);
  await runInDurableObject(ledgerOf(staffId), (_: StaffLedger, state: DurableObjectState) => {
    state.storage.sql.exec("update intervals set hold_expires_at = ? where key = ?", past, `w${entryId}`);
  });
}

/** Polls `read` (at most ~5 s) until `done` holds: a message is sent after the offer is recorded. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 50; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return read();
}

export const outboxOf = async (phone: string) =>
  (await call("GET", `/api/v1/dev/outbox?phone=${encodeURIComponent(phone)}`)).body.messages as { kind: string; body: string }[];
