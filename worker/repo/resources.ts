// Rooms, chairs and machines (resources), the services that need them, and
// the units bookings hold. Units are handed out by each resource's ledger
// (`resource:<id>`); the rows here are what it rebuilds from.
import { and, asc, eq, gt, gte, inArray, isNull, lte, lt, sql } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";
import { activeStatuses } from "./bookings.js";

export type ResourceRow = typeof s.resources.$inferSelect;
export type ResourceHours = ([string, string] | null)[];
export type ClosureRow = typeof s.resourceClosures.$inferSelect;

export function listResources(db: Db, includeArchived = false) {
  return db
    .select()
    .from(s.resources)
    .where(includeArchived ? undefined : isNull(s.resources.archivedAt))
    .orderBy(asc(s.resources.id));
}

export async function findResource(db: Db, id: number): Promise<ResourceRow | null> {
  const [row] = await db.select().from(s.resources).where(eq(s.resources.id, id)).limit(1);
  return row ?? null;
}

export async function insertResource(db: Db, r: { name: string; kind: ResourceRow["kind"]; units: number; hours: ResourceHours | null }): Promise<ResourceRow> {
  const [row] = await db.insert(s.resources).values(r).returning();
  return row!;
}

export async function updateResource(db: Db, id: number, patch: Partial<Pick<ResourceRow, "name" | "kind" | "units" | "hours" | "archivedAt">>): Promise<ResourceRow | null> {
  const [row] = await db.update(s.resources).set({ ...patch, updatedAt: new Date().toISOString() }).where(eq(s.resources.id, id)).returning();
  return row ?? null;
}

export function closuresOf(db: Db, resourceIds: number[], fromDate?: string, toDate?: string) {
  if (resourceIds.length === 0) return Promise.resolve([] as ClosureRow[]);
  return db
    .select()
    .from(s.resourceClosures)
    .where(and(
      inArray(s.resourceClosures.resourceId, resourceIds),
      toDate ? lte(s.resourceClosures.fromDate, toDate) : undefined,
      fromDate ? gte(s.resourceClosures.toDate, fromDate) : undefined,
    ))
    .orderBy(asc(s.resourceClosures.fromDate));
}

export async function insertClosure(db: Db, c: { resourceId: number; fromDate: string; toDate: string; note: string | null }): Promise<ClosureRow> {
  const [row] = await db.insert(s.resourceClosures).values(c).returning();
  return row!;
}

export async function deleteClosure(db: Db, resourceId: number, closureId: number): Promise<boolean> {
  const rows = await db
    .delete(s.resourceClosures)
    .where(and(eq(s.resourceClosures.id, closureId), eq(s.resourceClosures.resourceId, resourceId)))
    .returning({ id: s.resourceClosures.id });
  return rows.length > 0;
}

/** The resources each of these services needs. */
export function resourceIdsOfServices(db: Db, serviceIds: number[]) {
  if (serviceIds.length === 0) return Promise.resolve([] as { serviceId: number; resourceId: number }[]);
  return db
    .select({ serviceId: s.serviceResources.serviceId, resourceId: s.serviceResources.resourceId })
    .from(s.serviceResources)
    .where(inArray(s.serviceResources.serviceId, serviceIds));
}

/** Which services need these resources. */
export function resourceLinks(db: Db, resourceIds: number[]) {
  if (resourceIds.length === 0) return Promise.resolve([] as { serviceId: number; resourceId: number }[]);
  return db
    .select({ serviceId: s.serviceResources.serviceId, resourceId: s.serviceResources.resourceId })
    .from(s.serviceResources)
    .where(inArray(s.serviceResources.resourceId, resourceIds))
    .orderBy(asc(s.serviceResources.serviceId));
}

/** Which of these ids are resources (archived ones included). */
export async function existingResourceIds(db: Db, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: s.resources.id }).from(s.resources).where(inArray(s.resources.id, ids));
  return new Set(rows.map((r) => r.id));
}

/** Writes that replace the list of resources a service needs (for the caller's batch). */
export function resourceLinkWrites(db: Db, serviceId: number, resourceIds: number[]) {
  const clear = db.delete(s.serviceResources).where(eq(s.serviceResources.serviceId, serviceId));
  const unique = [...new Set(resourceIds)];
  return unique.length ? ([clear, db.insert(s.serviceResources).values(unique.map((resourceId) => ({ serviceId, resourceId })))] as const) : ([clear] as const);
}

const neededBy = (serviceIds: number[]) =>
  sql`${s.resources.id} in (select ${s.serviceResources.resourceId} from ${s.serviceResources} where ${s.serviceResources.serviceId} in (select value from json_each(${JSON.stringify(serviceIds)})))`;

/**
 * What the slot engine needs of the resources these services need, between
 * two instants: the resources, their closures and the units held by active
 * bookings. Three reads started together: they join the caller's read batch.
 */
export async function resourceLoad(db: Db, serviceIds: number[], fromDate: string, toDate: string, fromUtc: string, toUtc: string) {
  const [links, rows, closures, held] = await Promise.all([
    resourceIdsOfServices(db, serviceIds),
    db.select().from(s.resources).where(neededBy(serviceIds)),
    db
      .select()
      .from(s.resourceClosures)
      .where(and(sql`${s.resourceClosures.resourceId} in (select ${s.serviceResources.resourceId} from ${s.serviceResources} where ${s.serviceResources.serviceId} in (select value from json_each(${JSON.stringify(serviceIds)})))`, lte(s.resourceClosures.fromDate, toDate), gte(s.resourceClosures.toDate, fromDate))),
    db
      .select({ bookingId: s.bookingResources.bookingId, resourceId: s.bookingResources.resourceId, unit: s.bookingResources.unit, start: s.bookings.startAt, end: s.bookings.endAt })
      .from(s.bookingResources)
      .innerJoin(s.bookings, eq(s.bookings.id, s.bookingResources.bookingId))
      .where(and(
        sql`${s.bookingResources.resourceId} in (select ${s.serviceResources.resourceId} from ${s.serviceResources} where ${s.serviceResources.serviceId} in (select value from json_each(${JSON.stringify(serviceIds)})))`,
        inArray(s.bookings.status, activeStatuses),
        lt(s.bookings.startAt, toUtc),
        gt(s.bookings.endAt, fromUtc),
      )),
  ]);
  return { links, resources: rows, closures, held };
}
export type ResourceLoad = Awaited<ReturnType<typeof resourceLoad>>;

/** Active bookings holding a unit of this resource that end after `after`: what its ledger rebuilds from. */
export function activeUnitsOf(db: Db, resourceId: number, after: string) {
  return db
    .select({ bookingId: s.bookingResources.bookingId, unit: s.bookingResources.unit, start: s.bookings.startAt, end: s.bookings.endAt })
    .from(s.bookingResources)
    .innerJoin(s.bookings, eq(s.bookings.id, s.bookingResources.bookingId))
    .where(and(eq(s.bookingResources.resourceId, resourceId), inArray(s.bookings.status, activeStatuses), gt(s.bookings.endAt, after)));
}

/** Where the database has these bookings and their unit of this resource: what a contested claim is checked against. */
export function unitStates(db: Db, resourceId: number, bookingIds: number[]) {
  if (bookingIds.length === 0) return Promise.resolve([]);
  return db
    .select({ bookingId: s.bookings.id, status: s.bookings.status, start: s.bookings.startAt, end: s.bookings.endAt, unit: s.bookingResources.unit })
    .from(s.bookings)
    .leftJoin(s.bookingResources, and(eq(s.bookingResources.bookingId, s.bookings.id), eq(s.bookingResources.resourceId, resourceId)))
    .where(inArray(s.bookings.id, bookingIds));
}

/** The units bookings hold, for views and the calendar. */
export function unitsOfBookings(db: Db, bookingIds: number[]) {
  if (bookingIds.length === 0) return Promise.resolve([] as { bookingId: number; resourceId: number; unit: number; name: string; kind: ResourceRow["kind"] }[]);
  return db
    .select({ bookingId: s.bookingResources.bookingId, resourceId: s.bookingResources.resourceId, unit: s.bookingResources.unit, name: s.resources.name, kind: s.resources.kind })
    .from(s.bookingResources)
    .innerJoin(s.resources, eq(s.resources.id, s.bookingResources.resourceId))
    .where(inArray(s.bookingResources.bookingId, bookingIds));
}

/** Gives a booking a unit of a resource, or another one (the resource's ledger checked it is free). */
export async function setBookingUnit(db: Db, bookingId: number, resourceId: number, unit: number): Promise<void> {
  await db
    .insert(s.bookingResources)
    .values({ bookingId, resourceId, unit })
    .onConflictDoUpdate({ target: [s.bookingResources.bookingId, s.bookingResources.resourceId], set: { unit } });
}
