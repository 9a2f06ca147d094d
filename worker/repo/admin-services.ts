// Back-office reads and writes of categories, services and add-ons. Unlike the
// catalog (worker/repo/catalog.ts) these see inactive rows too.
import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { AdminCategory, AdminService } from "../contracts/admin.js";
import { type Db, schema as s } from "./db.js";

type ServiceRow = typeof s.services.$inferSelect;
type CategoryRow = typeof s.serviceCategories.$inferSelect;

export const toCategory = (r: CategoryRow): AdminCategory => ({ id: r.id, name: r.name, sort_order: r.sortOrder, active: r.active });

export function toAdminService(r: ServiceRow, addonIds: number[], resourceIds: number[] = []): AdminService {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    category_id: r.categoryId,
    duration_min: r.durationMin,
    buffer_after_min: r.bufferAfterMin,
    price: { amount_minor: r.priceMinor, currency: r.currency },
    prepayment: { kind: r.prepaymentKind, value: r.prepaymentValue },
    booking_method: r.yclientsServiceId === null ? "internal" : "yclients",
    yclients_service_id: r.yclientsServiceId,
    is_addon: r.isAddon,
    is_class: r.isClass,
    default_seats: r.defaultSeats,
    addon_ids: addonIds,
    resource_ids: resourceIds,
    active: r.active,
    sort_order: r.sortOrder,
    updated_at: r.updatedAt,
  };
}

export async function listCategoriesAll(db: Db): Promise<AdminCategory[]> {
  const rows = await db.select().from(s.serviceCategories).orderBy(asc(s.serviceCategories.sortOrder), asc(s.serviceCategories.id));
  return rows.map(toCategory);
}

export async function findCategory(db: Db, id: number): Promise<AdminCategory | null> {
  const [row] = await db.select().from(s.serviceCategories).where(eq(s.serviceCategories.id, id)).limit(1);
  return row ? toCategory(row) : null;
}

async function withAddons(db: Db, rows: ServiceRow[]): Promise<AdminService[]> {
  const ids = rows.map((r) => r.id);
  const [links, needs] = ids.length
    ? await Promise.all([
        db.select().from(s.serviceAddons).where(inArray(s.serviceAddons.serviceId, ids)).orderBy(asc(s.serviceAddons.addonId)),
        db.select().from(s.serviceResources).where(inArray(s.serviceResources.serviceId, ids)).orderBy(asc(s.serviceResources.resourceId)),
      ])
    : [[], []];
  return rows.map((r) => toAdminService(r, links.filter((l) => l.serviceId === r.id).map((l) => l.addonId), needs.filter((l) => l.serviceId === r.id).map((l) => l.resourceId)));
}

export async function listServicesAdmin(db: Db, q: { includeInactive: boolean; limit: number; offset: number }) {
  const where = q.includeInactive ? undefined : eq(s.services.active, true);
  const [rows, [total]] = await Promise.all([
    db.select().from(s.services).where(where).orderBy(asc(s.services.sortOrder), asc(s.services.id)).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(s.services).where(where),
  ]);
  return { services: await withAddons(db, rows), total: total?.n ?? 0 };
}

export async function findServiceAdmin(db: Db, id: number): Promise<AdminService | null> {
  const rows = await db.select().from(s.services).where(eq(s.services.id, id)).limit(1);
  return (await withAddons(db, rows))[0] ?? null;
}

/** Which of these ids are services of the given kind; used to check references before writing. */
export async function existingServiceIds(db: Db, ids: number[], kind: { isAddon?: boolean } = {}): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: s.services.id })
    .from(s.services)
    .where(and(inArray(s.services.id, ids), kind.isAddon === undefined ? undefined : eq(s.services.isAddon, kind.isAddon)));
  return new Set(rows.map((r) => r.id));
}

export async function nextSortOrder(db: Db, table: typeof s.services | typeof s.serviceCategories | typeof s.staff): Promise<number> {
  const [row] = await db.select({ n: count() }).from(table);
  return row?.n ?? 0;
}

export function addonLinkWrites(db: Db, serviceId: number, addonIds: number[]) {
  const clear = db.delete(s.serviceAddons).where(eq(s.serviceAddons.serviceId, serviceId));
  const unique = [...new Set(addonIds)];
  return unique.length ? ([clear, db.insert(s.serviceAddons).values(unique.map((addonId) => ({ serviceId, addonId })))] as const) : ([clear] as const);
}
