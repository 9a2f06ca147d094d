// The audit of a resource's ledger (rule 9 for rooms and machines): the units
// bound to saved bookings against the `booking_resources` rows of the
// resource's active bookings ending after the cutoff. A unit the database does
// not back is dropped, a booking's unit the ledger misses is added, a unit or
// time that differs is put right. Units a request changes while the rows are
// read are left for the next audit, as in a master's.
import type { UnitClaim, UnitStore } from "./units.js";
import { unitBookingKey } from "./units.js";
import type { Repair } from "./verify.js";

export interface UnitRow {
  bookingId: number;
  unit: number;
  start: string;
  end: string;
}

const boundAfter = (store: UnitStore, cutoff: string) => store.all().filter((c) => c.bookingId !== null && c.end > cutoff);
const stateOf = (c: UnitClaim) => `${c.key}|${c.unit}|${c.start}|${c.end}`;

export async function auditUnits(store: UnitStore, cutoff: string, read: () => Promise<UnitRow[]>): Promise<Repair[]> {
  const before = new Map(boundAfter(store, cutoff).map((c) => [c.bookingId!, stateOf(c)]));
  const rows = await read();
  const after = boundAfter(store, cutoff);
  const busy = new Set<number>();
  for (const c of after) if (before.get(c.bookingId!) !== stateOf(c)) busy.add(c.bookingId!);
  for (const id of before.keys()) if (!store.ofBooking(id)) busy.add(id);
  const byId = new Map(rows.map((r) => [r.bookingId, r]));
  const repairs: Repair[] = [];
  for (const claim of after) {
    const id = claim.bookingId!;
    if (busy.has(id) || byId.has(id)) continue;
    store.drop(id);
    repairs.push({ booking_id: id, change: "removed", reason: "missing", start: claim.start, end: claim.end });
  }
  // A claim still under its request's key is a booking being saved: its unit is bound when the write answers.
  const inFlight = store.all().filter((c) => c.bookingId === null);
  for (const row of rows) {
    if (busy.has(row.bookingId)) continue;
    const held = store.ofBooking(row.bookingId);
    if (held && held.unit === row.unit && held.start === row.start && held.end === row.end) continue;
    if (!held && inFlight.some((c) => c.unit === row.unit && c.start === row.start && c.end === row.end)) continue;
    store.put({ key: unitBookingKey(row.bookingId), bookingId: row.bookingId, unit: row.unit, start: row.start, end: row.end, claimedAt: 0 });
    repairs.push({ booking_id: row.bookingId, change: held ? "updated" : "added", start: row.start, end: row.end });
  }
  return repairs;
}
