// Catalog reads: services with their categories and add-ons, staff with the
// services they do. Only active rows are ever shown to customers.
import { and, asc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import type { Category, Service, StaffDetail, StaffMember } from "../contracts/catalog.js";
import { type Db, schema as s } from "./db.js";
import { idList, param, prepared } from "./prepared.js";
import { preparedOnSet, type StaffSet } from "./staff-set.js";

type ServiceRow = typeof s.services.$inferSelect;

function toAddon(row: ServiceRow) {
  return {
    id: row.id,
    name: row.name,
    duration_min: row.durationMin,
    price: { amount_minor: row.priceMinor, currency: row.currency },
  };
}

function toService(row: ServiceRow, categoryName: string | null, addons: ServiceRow[]): Service {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    category: row.categoryId !== null && categoryName !== null ? { id: row.categoryId, name: categoryName } : null,
    duration_min: row.durationMin,
    price: { amount_minor: row.priceMinor, currency: row.currency },
    booking_method: row.yclientsServiceId === null ? "internal" : "yclients",
    is_addon: row.isAddon,
    is_class: row.isClass,
    prepayment: { kind: row.prepaymentKind, value: row.prepaymentValue },
    addons: addons.map(toAddon),
  };
}

async function loadServices(db: Db, only?: number[]): Promise<Service[]> {
  const where = only
    ? and(eq(s.services.active, true), inArray(s.services.id, only))
    : eq(s.services.active, true);
  const [rows, links] = await Promise.all([
    db
      .select({ service: s.services, categoryName: s.serviceCategories.name })
      .from(s.services)
      .leftJoin(s.serviceCategories, and(eq(s.services.categoryId, s.serviceCategories.id), eq(s.serviceCategories.active, true)))
      .where(where)
      .orderBy(asc(s.services.sortOrder), asc(s.services.id)),
    db
      .select({ serviceId: s.serviceAddons.serviceId, addon: s.services })
      .from(s.serviceAddons)
      .innerJoin(s.services, eq(s.serviceAddons.addonId, s.services.id))
      .where(eq(s.services.active, true))
      .orderBy(asc(s.services.sortOrder)),
  ]);
  const addonsOf = new Map<number, ServiceRow[]>();
  for (const link of links) {
    addonsOf.set(link.serviceId, [...(addonsOf.get(link.serviceId) ?? []), link.addon]);
  }
  return rows.map((r) => toService(r.service, r.categoryName, addonsOf.get(r.service.id) ?? []));
}

export async function listCategories(db: Db): Promise<Category[]> {
  const rows = await db
    .select()
    .from(s.serviceCategories)
    .where(eq(s.serviceCategories.active, true))
    .orderBy(asc(s.serviceCategories.sortOrder), asc(s.serviceCategories.id));
  return rows.map((r) => ({ id: r.id, name: r.name, sort_order: r.sortOrder }));
}

export const listServices = (db: Db) => loadServices(db);

export async function findService(db: Db, id: number): Promise<Service | null> {
  const [service] = await loadServices(db, [id]);
  return service ?? null;
}

const activeStaff = prepared((db) => db.select().from(s.staff).where(eq(s.staff.active, true)).orderBy(asc(s.staff.sortOrder), asc(s.staff.id)).prepare());
const activeStaffOn = preparedOnSet((db, inSet) =>
  db.select().from(s.staff).where(and(eq(s.staff.active, true), inSet(s.staff.id))).orderBy(asc(s.staff.sortOrder), asc(s.staff.id)).prepare(),
);
const activeSkills = prepared((db) =>
  db
    .select({ staffId: s.staffServices.staffId, serviceId: s.staffServices.serviceId })
    .from(s.staffServices)
    .innerJoin(s.services, eq(s.staffServices.serviceId, s.services.id))
    .where(eq(s.services.active, true))
    .orderBy(asc(s.staffServices.serviceId))
    .prepare(),
);

async function loadStaff(db: Db, only?: StaffSet): Promise<StaffMember[]> {
  const members = only ? activeStaffOn(db, only) : { query: activeStaff(db), params: {} };
  const [rows, skills] = await Promise.all([members.query.all(members.params), activeSkills(db).all()]);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    specialization: row.specialization,
    photo_url: row.photoUrl,
    bio: row.bio,
    service_ids: skills.filter((k) => k.staffId === row.id).map((k) => k.serviceId),
  }));
}

export const listStaff = (db: Db) => loadStaff(db);

export async function findStaff(db: Db, id: number): Promise<StaffMember | null> {
  const [member] = await loadStaff(db, [id]);
  return member ?? null;
}

/** Active masters who do the service; read in the same round trip as whatever starts with it. */
export const staffForService = (db: Db, serviceId: number): Promise<StaffMember[]> => loadStaff(db, { serviceId });

/**
 * A master's public profile: the master (active only) and the active services
 * they do, each with their own price and duration where they set one. One
 * read batch: the master, their terms and the catalog go out together.
 */
export async function staffProfile(db: Db, id: number): Promise<StaffDetail | null> {
  const [[member], terms, services] = await Promise.all([
    loadStaff(db, [id]),
    db
      .select({ serviceId: s.staffServices.serviceId, priceMinor: s.staffServices.priceMinor, durationMin: s.staffServices.durationMin })
      .from(s.staffServices)
      .where(eq(s.staffServices.staffId, id)),
    loadServices(db),
  ]);
  if (!member) return null;
  const termsOf = new Map(terms.map((t) => [t.serviceId, t]));
  return {
    staff: member,
    services: services
      .filter((service) => member.service_ids.includes(service.id))
      .map((service) => {
        const own = termsOf.get(service.id);
        const differs = own && (own.priceMinor !== null || own.durationMin !== null);
        return {
          ...service,
          own_terms: differs
            ? {
                price: { amount_minor: own.priceMinor ?? service.price.amount_minor, currency: service.price.currency },
                duration_min: own.durationMin ?? service.duration_min,
              }
            : null,
        };
      }),
  };
}

/** Masters' own price and duration for a service, where they set one. */
const overridesOf = prepared((db) =>
  db
    .select({ staffId: s.staffServices.staffId, priceMinor: s.staffServices.priceMinor, durationMin: s.staffServices.durationMin })
    .from(s.staffServices)
    .where(and(eq(s.staffServices.serviceId, param("serviceId")), or(isNotNull(s.staffServices.priceMinor), isNotNull(s.staffServices.durationMin))))
    .prepare(),
);

export function staffOverridesFor(db: Db, serviceId: number) {
  return overridesOf(db).all({ serviceId });
}

/** The raw row of an active service, for pricing and booking rules. */
const activeService = prepared((db) =>
  db.select().from(s.services).where(and(eq(s.services.id, param("id")), eq(s.services.active, true))).limit(1).prepare(),
);

export async function activeServiceRow(db: Db, id: number): Promise<ServiceRow | null> {
  return (await activeService(db).get({ id })) ?? null;
}

/** Of the requested add-on ids, those that are active add-ons of this service. */
const addonsOf = prepared((db) =>
  db
    .select({ addon: s.services })
    .from(s.serviceAddons)
    .innerJoin(s.services, eq(s.serviceAddons.addonId, s.services.id))
    .where(and(eq(s.serviceAddons.serviceId, param("serviceId")), sql`${s.services.id} in (select value from json_each(${param("addonIds")}))`, eq(s.services.active, true)))
    .prepare(),
);

export async function addonRowsFor(db: Db, serviceId: number, addonIds: number[]): Promise<ServiceRow[]> {
  if (addonIds.length === 0) return [];
  const rows = await addonsOf(db).all({ serviceId, addonIds: idList(addonIds) });
  return rows.map((r) => r.addon);
}
