// YClients records of services that need a room or a machine take a unit of
// it too, through the resource's ledger like any booking: the unit YClients
// names (its resource instance, mapped by the admin to one of our units) when
// it is free, otherwise the lowest free one. YClients is the truth for its
// own records, so a record that finds no free unit is not refused: it is
// flagged for the salon (`resource_conflict:<resource id>`), like an overlap.
import type { Env } from "../env.js";
import { resourceLedger } from "../ledger/staff-ledger.js";
import { type BookingRow, flagBookings, isActive } from "../repo/bookings.js";
import { type Db, schema as s } from "../repo/db.js";
import { resourceIdsOfServices, setBookingUnit, unitsOfBookings } from "../repo/resources.js";
import { freeUnits } from "../reservations/resources.js";

export async function applyRecordUnits(db: Db, env: Env, row: BookingRow, instanceIds: number[], generation: string | null): Promise<void> {
  const [held, links, resources, mapped] = await Promise.all([
    unitsOfBookings(db, [row.id]),
    row.serviceId === null ? [] : resourceIdsOfServices(db, [row.serviceId]),
    db.select().from(s.resources),
    instanceIds.length === 0 ? [] : db.select().from(s.yclientsResourceInstances),
  ]);
  if (!isActive(row.status)) return freeUnits(env, row.id, held);
  const wanted = new Map(mapped.filter((m) => instanceIds.includes(m.instanceId)).map((m) => [m.resourceId, m.unit]));
  const needs = links
    .map((l) => resources.find((r) => r.id === l.resourceId))
    .filter((r): r is NonNullable<typeof r> => r !== undefined && r.archivedAt === null)
    .sort((a, b) => a.id - b.id);
  const conflicts: number[] = [];
  for (const resource of needs) {
    const before = held.find((h) => h.resourceId === resource.id)?.unit ?? null;
    const ledger = resourceLedger(env, resource.id);
    const key = `m:${row.id}`;
    const result = await ledger.claimUnit(resource.id, { key, start: row.startAt, end: row.endAt, units: resource.units, preferred: wanted.get(resource.id) ?? before ?? undefined }, generation);
    if (!result.ok) {
      if (result.reason === "taken") conflicts.push(resource.id);
      continue;
    }
    // A record seen for the first time has no row of its unit yet: written here, then the claim is the booking's.
    if (before === null) await setBookingUnit(db, row.id, resource.id, result.unit);
    await ledger.commitUnitMove(resource.id, row.id, before ?? result.unit);
  }
  if (conflicts.length > 0) await flagBookings(db, [row.id], `resource_conflict:${conflicts.join(",")}`);
}

/** The admin's map from YClients resource instances to our units. */
export const instanceMap = (db: Db) => db.select().from(s.yclientsResourceInstances);

export async function replaceInstanceMap(db: Db, instances: { instance_id: number; resource_id: number; unit: number }[]): Promise<void> {
  await db.batch([
    db.delete(s.yclientsResourceInstances),
    ...instances.map((i) => db.insert(s.yclientsResourceInstances).values({ instanceId: i.instance_id, resourceId: i.resource_id, unit: i.unit })),
  ] as [never, ...never[]]);
}
