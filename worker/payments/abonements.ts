// Abonements: types the salon sells, the sale at the desk, whether one may pay
// for a booking (and the 422 naming why not), and the salon's changes: extend,
// freeze, void. Every staff change is audited; the visits themselves change
// only through the guarded statements of repo/abonements.ts.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { User } from "../contracts/auth.js";
import type { AbonementTypeBody, AbonementTypePatch, DeskAbonementBody } from "../contracts/abonements.js";
import { addDays, instantToWall, wallTimeToInstant } from "../booking/zoned-time.js";
import { AppError } from "../errors.js";
import { auditInsert, writeAudit } from "../repo/audit.js";
import { type AbonementForBooking, type AbonementRow, type AbonementTypeRow, findAbonementType, insertAbonement } from "../repo/abonements.js";
import { type Db, schema as s } from "../repo/db.js";
import type { SalonSettings } from "../repo/settings.js";
import { upsertUserByPhone } from "../repo/users.js";

/** The first instant of a salon date. */
const startOfDate = (date: string, zone: string): string => (wallTimeToInstant(date, "00:00", zone) ?? new Date(`${date}T00:00:00Z`)).toISOString();

/** The same day one calendar month later (the month's last day when it has no such day). */
function monthLater(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/**
 * When an abonement starting now stops counting: the end of its last salon
 * day. A package of M days is valid today and the M−1 days after; a
 * membership until the day before the same date next month.
 */
export function expiryOf(kind: AbonementRow["kind"], validityDays: number | null, now: Date, zone: string): string {
  const today = instantToWall(now, zone).date;
  const endDate = kind === "unlimited" ? monthLater(today) : addDays(today, validityDays ?? 30);
  return startOfDate(endDate, zone);
}

/** An expiry moved by whole salon days (a freeze). */
export function expiryPlusDays(expiresAt: string, days: number, zone: string): string {
  const wall = instantToWall(new Date(expiresAt), zone);
  const moved = wallTimeToInstant(addDays(wall.date, days), wall.time, zone);
  return (moved ?? new Date(Date.parse(expiresAt) + days * 86_400_000)).toISOString();
}

async function ensureReferences(db: Db, serviceIds: number[] | undefined, staffIds: number[] | undefined) {
  if (serviceIds?.length) {
    const found = await db.select({ id: s.services.id }).from(s.services).where(inArray(s.services.id, serviceIds));
    const missing = serviceIds.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) throw new AppError("invalid_reference", `No service ${missing.join(", ")}`, { field: "service_ids", missing });
  }
  if (staffIds?.length) {
    const found = await db.select({ id: s.staff.id }).from(s.staff).where(inArray(s.staff.id, staffIds));
    const missing = staffIds.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) throw new AppError("invalid_reference", `No master ${missing.join(", ")}`, { field: "staff_ids", missing });
  }
}

function ensureKindFields(kind: AbonementTypeRow["kind"], visits: number | null | undefined, days: number | null | undefined, oncePerDay: boolean | undefined) {
  if (kind === "visits" && (visits == null || days == null)) {
    throw new AppError("validation_failed", "A visits abonement needs visits_count and validity_days", { fields: ["visits_count", "validity_days"] });
  }
  if (kind === "unlimited" && (visits != null || days != null)) {
    throw new AppError("validation_failed", "An unlimited abonement is valid one month: no visits_count or validity_days", { fields: ["visits_count", "validity_days"] });
  }
  if (kind === "visits" && oncePerDay) throw new AppError("validation_failed", "once_per_day is for unlimited abonements", { field: "once_per_day" });
}

export async function createAbonementType(db: Db, body: AbonementTypeBody, currency: string): Promise<AbonementTypeRow> {
  ensureKindFields(body.kind, body.visits_count, body.validity_days, body.once_per_day);
  await ensureReferences(db, body.service_ids, body.staff_ids);
  const [row] = await db
    .insert(s.abonementTypes)
    .values({
      name: body.name,
      kind: body.kind,
      visitsCount: body.visits_count ?? null,
      validityDays: body.validity_days ?? null,
      oncePerDay: body.once_per_day,
      priceMinor: body.price_minor,
      currency,
      serviceIds: [...new Set(body.service_ids)],
      staffIds: [...new Set(body.staff_ids)],
      freezeMaxDays: body.freeze_max_days,
      active: body.active,
      soldOnline: body.sold_online,
    })
    .returning();
  return row!;
}

export async function patchAbonementType(db: Db, row: AbonementTypeRow, patch: AbonementTypePatch): Promise<AbonementTypeRow> {
  ensureKindFields(row.kind, patch.visits_count ?? row.visitsCount, patch.validity_days ?? row.validityDays, patch.once_per_day ?? row.oncePerDay);
  await ensureReferences(db, patch.service_ids, patch.staff_ids);
  const [updated] = await db
    .update(s.abonementTypes)
    .set({
      name: patch.name,
      priceMinor: patch.price_minor,
      visitsCount: patch.visits_count,
      validityDays: patch.validity_days,
      oncePerDay: patch.once_per_day,
      serviceIds: patch.service_ids && [...new Set(patch.service_ids)],
      staffIds: patch.staff_ids && [...new Set(patch.staff_ids)],
      freezeMaxDays: patch.freeze_max_days,
      active: patch.active,
      soldOnline: patch.sold_online,
      updatedAt: new Date().toISOString(),
    })
    .where(eq(s.abonementTypes.id, row.id))
    .returning();
  return updated!;
}

/** The type as a sold abonement keeps it. */
export function snapshotOf(type: AbonementTypeRow) {
  return {
    typeId: type.id,
    name: type.name,
    kind: type.kind,
    visitsTotal: type.kind === "visits" ? type.visitsCount : null,
    validityDays: type.validityDays,
    oncePerDay: type.oncePerDay,
    serviceIds: type.serviceIds,
    staffIds: type.staffIds,
    freezeMaxDays: type.freezeMaxDays,
    priceMinor: type.priceMinor,
    currency: type.currency,
  };
}

/** A type that may be sold (`online`: also offered in the PWA), or the 422 naming why not. */
export async function sellableType(db: Db, typeId: number, online: boolean): Promise<AbonementTypeRow> {
  const type = await findAbonementType(db, typeId);
  if (!type) throw new AppError("not_found", `Abonement type ${typeId} does not exist`);
  if (!type.active || (online && !type.soldOnline)) throw new AppError("abonement_type_unavailable", online ? "This abonement is not sold online" : "This abonement type is not sold any more", { type_id: typeId });
  return type;
}

/** Sold at the desk and paid at the salon's till (which fiscalises it): active at once; audited. */
export async function sellAtDesk(db: Db, actor: User, body: DeskAbonementBody, settings: Pick<SalonSettings, "timeZone">, now: Date): Promise<AbonementRow> {
  const type = await sellableType(db, body.type_id, false);
  const holder = await upsertUserByPhone(db, body.phone, body.name);
  const row = await insertAbonement(db, {
    ...snapshotOf(type),
    holderUserId: holder.id,
    status: "active",
    startsAt: now.toISOString(),
    expiresAt: expiryOf(type.kind, type.validityDays, now, settings.timeZone),
    soldBy: "desk",
    soldById: actor.id,
  });
  await writeAudit(db, actor, { action: "sell", entity: "abonement", entityId: row.id, after: { type_id: type.id, holder_user_id: holder.id, price_minor: row.priceMinor, expires_at: row.expiresAt, sold_by: "desk" } });
  return row;
}

/**
 * The abonement a booking may be paid with, or the 422 naming why not. The
 * write batch checks counts, status, expiry and freezes again (racing
 * bookings); coverage is fixed at sale, so it is checked here only.
 */
export function usableAbonement(found: AbonementForBooking | null, holderId: number, visit: { serviceId: number; staffId: number | "any"; startAt: string; date: string }): AbonementRow {
  const a = found?.abonement;
  if (!found || !a || a.holderUserId !== holderId || a.status === "awaiting_payment" || a.status === "canceled") {
    throw new AppError("abonement_not_found", "There is no such abonement of yours", { field: "abonement_id" });
  }
  if (a.status !== "active") throw new AppError("abonement_not_active", `This abonement is ${a.status}`, { field: "abonement_id", status: a.status });
  if (!a.serviceIds.includes(visit.serviceId) || (visit.staffId !== "any" && a.staffIds.length > 0 && !a.staffIds.includes(visit.staffId))) {
    throw new AppError("abonement_not_covering", "This abonement does not cover this service with this master", { field: "abonement_id", service_ids: a.serviceIds, staff_ids: a.staffIds });
  }
  if (a.expiresAt === null || visit.startAt >= a.expiresAt) {
    throw new AppError("abonement_expired", `This abonement is valid until ${a.expiresAt ?? "its payment"}`, { field: "abonement_id", expires_at: a.expiresAt });
  }
  const freeze = found.freezes.find((f) => f.from <= visit.date && visit.date <= f.to);
  if (freeze) throw new AppError("abonement_frozen", `This abonement is frozen from ${freeze.from} to ${freeze.to}`, { field: "abonement_id", from: freeze.from, to: freeze.to });
  if (a.visitsTotal !== null && found.counted >= a.visitsTotal) throw new AppError("abonement_used_up", "This abonement has no visits left", { field: "abonement_id" });
  if (a.oncePerDay && found.dates.includes(visit.date)) throw new AppError("abonement_daily_limit", "This abonement already has a visit that day", { field: "abonement_id", date: visit.date });
  return a;
}

export async function extendAbonement(db: Db, actor: User, row: AbonementRow, expiresAt: string, reason: string): Promise<void> {
  if (row.status !== "active") throw new AppError("abonement_not_active", `A ${row.status} abonement cannot be extended`, { status: row.status });
  if (row.expiresAt !== null && expiresAt <= row.expiresAt) throw new AppError("validation_failed", "expires_at must be later than the abonement's current expiry", { expires_at: row.expiresAt });
  await db.batch([
    db.update(s.abonements).set({ expiresAt, updatedAt: new Date().toISOString() }).where(eq(s.abonements.id, row.id)),
    auditInsert(db, actor, { action: "extend", entity: "abonement", entityId: row.id, before: { expires_at: row.expiresAt }, after: { expires_at: expiresAt, reason } }),
  ]);
}

/**
 * A holiday from `from` for `days` salon days: within the type's limit in
 * total, moving the expiry by the days, never over a booked visit (409 names
 * it). The freeze row and the counters change in one guarded batch.
 */
export async function freezeAbonement(db: Db, actor: User, row: AbonementRow, body: { from: string; days: number; reason: string }, zone: string): Promise<void> {
  if (row.status !== "active" || row.expiresAt === null) throw new AppError("abonement_not_active", `A ${row.status} abonement cannot be frozen`, { status: row.status });
  if (row.frozenDays + body.days > row.freezeMaxDays) {
    throw new AppError("abonement_freeze_limit", `This abonement may be frozen ${row.freezeMaxDays} days in total; ${row.freezeMaxDays - row.frozenDays} are left`, { freeze_max_days: row.freezeMaxDays, frozen_days: row.frozenDays });
  }
  const to = addDays(body.from, body.days - 1);
  const [booked] = await db
    .select({ bookingId: s.abonementUses.bookingId, date: s.abonementUses.visitDate })
    .from(s.abonementUses)
    .where(and(eq(s.abonementUses.abonementId, row.id), eq(s.abonementUses.status, "reserved"), sql`${s.abonementUses.visitDate} between ${body.from} and ${to}`))
    .limit(1);
  if (booked) throw new AppError("abonement_freeze_over_booking", `Booking ${booked.bookingId} on ${booked.date} uses this abonement; move or cancel it first`, { booking_id: booked.bookingId, date: booked.date });
  const expiresAt = expiryPlusDays(row.expiresAt, body.days, zone);
  // Only against the row as read: a racing freeze or void makes this one change nothing.
  const [moved] = await db.$client.batch(
    [
      { sql: `update abonements set frozen_days = frozen_days + ?, expires_at = ?, updated_at = ? where id = ? and frozen_days = ? and status = 'active'`, args: [body.days, expiresAt, new Date().toISOString(), row.id, row.frozenDays] },
      { sql: `insert into abonement_freezes (abonement_id, from_date, to_date, days, reason, actor_id) select ?, ?, ?, ?, ?, ? where changes() = 1`, args: [row.id, body.from, to, body.days, body.reason, actor.id] },
    ],
    "write",
  );
  if (moved!.rowsAffected === 0) throw new AppError("abonement_not_active", "The abonement changed meanwhile; reload it");
  await writeAudit(db, actor, { action: "freeze", entity: "abonement", entityId: row.id, before: { expires_at: row.expiresAt, frozen_days: row.frozenDays }, after: { from: body.from, to, days: body.days, expires_at: expiresAt, reason: body.reason } });
}

/** Ends an abonement (a mistake, a fraud, money given back at the till); reserved visits stay booked. Audited. */
export async function voidAbonement(db: Db, actor: User, row: AbonementRow, reason: string): Promise<void> {
  if (row.status !== "active") throw new AppError("abonement_not_active", `A ${row.status} abonement cannot be voided`, { status: row.status });
  await db.batch([
    db.update(s.abonements).set({ status: "void", endReason: reason, updatedAt: new Date().toISOString() }).where(and(eq(s.abonements.id, row.id), eq(s.abonements.status, "active"))),
    auditInsert(db, actor, { action: "void", entity: "abonement", entityId: row.id, before: { status: row.status }, after: { status: "void", reason } }),
  ]);
}
