// Abonements and their types as the API shows them: visits used, reserved
// and left counted from the uses, freezes, covered services and masters by name.
import { inArray } from "drizzle-orm";
import type { Abonement, AbonementType, AbonementUse, AdminAbonement } from "../contracts/abonements.js";
import { instantToWall } from "../booking/zoned-time.js";
import { type AbonementRow, type AbonementTypeRow, type FreezeRow, freezesOf, type UseWithBooking, usesOf } from "../repo/abonements.js";
import { type Db, schema as s } from "../repo/db.js";

type Named = { id: number; name: string };

/** Names of these services and masters (ids no longer on file are left out). */
export async function namesOf(db: Db, serviceIds: number[], staffIds: number[]): Promise<{ services: Map<number, string>; staff: Map<number, string> }> {
  const [services, staff] = await Promise.all([
    serviceIds.length ? db.select({ id: s.services.id, name: s.services.name }).from(s.services).where(inArray(s.services.id, [...new Set(serviceIds)])) : [],
    staffIds.length ? db.select({ id: s.staff.id, name: s.staff.name }).from(s.staff).where(inArray(s.staff.id, [...new Set(staffIds)])) : [],
  ]);
  return { services: new Map(services.map((r) => [r.id, r.name])), staff: new Map(staff.map((r) => [r.id, r.name])) };
}

const named = (ids: number[], names: Map<number, string>): Named[] => ids.flatMap((id) => (names.has(id) ? [{ id, name: names.get(id)! }] : []));

export function abonementTypeView(row: AbonementTypeRow, names: { services: Map<number, string>; staff: Map<number, string> }): AbonementType {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    visits_count: row.visitsCount,
    validity_days: row.validityDays,
    once_per_day: row.oncePerDay,
    price: { amount_minor: row.priceMinor, currency: row.currency },
    services: named(row.serviceIds, names.services),
    staff: named(row.staffIds, names.staff),
    freeze_max_days: row.freezeMaxDays,
    active: row.active,
    sold_online: row.soldOnline,
  };
}

export async function abonementTypeViews(db: Db, rows: AbonementTypeRow[]): Promise<AbonementType[]> {
  const names = await namesOf(db, rows.flatMap((r) => r.serviceIds), rows.flatMap((r) => r.staffIds));
  return rows.map((r) => abonementTypeView(r, names));
}

function useView(u: UseWithBooking, services: Map<number, string>): AbonementUse {
  return {
    booking_id: u.use.bookingId,
    visit_date: u.use.visitDate,
    start_at: u.startAt,
    service: u.serviceId !== null && services.has(u.serviceId) ? { id: u.serviceId, name: services.get(u.serviceId)! } : null,
    status: u.use.status,
    covered: { amount_minor: u.use.coveredMinor, currency: u.use.currency },
    value: { amount_minor: u.use.valueMinor, currency: u.use.currency },
  };
}

export interface AbonementViews {
  views: Abonement[];
  uses: Map<number, AbonementUse[]>;
}

/** Views of these abonements with their counts, freezes and uses (three reads for any number of them). */
export async function abonementViews(db: Db, rows: AbonementRow[], zone: string, now: Date): Promise<AbonementViews> {
  const ids = rows.map((r) => r.id);
  const [uses, freezes] = await Promise.all([usesOf(db, ids), freezesOf(db, ids)]);
  const names = await namesOf(db, [...rows.flatMap((r) => r.serviceIds), ...uses.flatMap((u) => (u.serviceId === null ? [] : [u.serviceId]))], rows.flatMap((r) => r.staffIds));
  const today = instantToWall(now, zone).date;
  const all = new Map<number, AbonementUse[]>();
  const views = rows.map((row) => {
    const mine = uses.filter((u) => u.use.abonementId === row.id);
    const theirs = mine.map((u) => useView(u, names.services));
    all.set(row.id, theirs);
    const used = mine.filter((u) => u.use.status === "spent").length;
    const reserved = mine.filter((u) => u.use.status === "reserved").length;
    const frozen = freezes.filter((f) => f.abonementId === row.id);
    return {
      id: row.id,
      type_id: row.typeId,
      name: row.name,
      kind: row.kind,
      status: row.status,
      visits: { total: row.visitsTotal, used, reserved, left: row.visitsTotal === null ? null : Math.max(0, row.visitsTotal - used - reserved) },
      once_per_day: row.oncePerDay,
      price: { amount_minor: row.priceMinor, currency: row.currency },
      starts_at: row.startsAt,
      expires_at: row.expiresAt,
      expired: row.expiresAt !== null && Date.parse(row.expiresAt) <= now.getTime(),
      frozen: frozen.some((f) => f.fromDate <= today && today <= f.toDate),
      frozen_days: row.frozenDays,
      freeze_max_days: row.freezeMaxDays,
      freezes: frozen.map((f: FreezeRow) => ({ from: f.fromDate, to: f.toDate, days: f.days, reason: f.reason, created_at: f.createdAt })),
      services: named(row.serviceIds, names.services),
      staff: named(row.staffIds, names.staff),
      sold_by: row.soldBy,
      end_reason: row.endReason,
      recent_uses: theirs.slice(0, 5),
      created_at: row.createdAt,
    } satisfies Abonement;
  });
  return { views, uses: all };
}

/** The back office's views: each with its holder. */
export async function adminAbonementViews(db: Db, rows: AbonementRow[], zone: string, now: Date): Promise<{ views: AdminAbonement[]; uses: Map<number, AbonementUse[]> }> {
  const ids = [...new Set(rows.map((r) => r.holderUserId))];
  const [{ views, uses }, holders] = await Promise.all([
    abonementViews(db, rows, zone, now),
    ids.length ? db.select({ id: s.users.id, name: s.users.name, phone: s.users.phone }).from(s.users).where(inArray(s.users.id, ids)) : [],
  ]);
  const byId = new Map(holders.map((h) => [h.id, h]));
  return {
    views: views.map((v, i) => {
      const h = byId.get(rows[i]!.holderUserId);
      return { ...v, holder: { user_id: rows[i]!.holderUserId, name: h?.name ?? null, phone: h?.phone ?? null } };
    }),
    uses,
  };
}
