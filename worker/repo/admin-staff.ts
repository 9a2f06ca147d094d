// Back-office reads and writes of masters: profile, the services they do with
// their own price/duration, and the account that signs them in.
import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { AdminStaff, StaffServiceLink } from "../contracts/admin.js";
import { AppError } from "../errors.js";
import type { UserRole } from "../../db/schema.js";
import { type Db, schema as s } from "./db.js";
import { endAllSessions } from "./sessions.js";

type StaffRow = typeof s.staff.$inferSelect;

async function views(db: Db, rows: StaffRow[]): Promise<AdminStaff[]> {
  const ids = rows.map((r) => r.id);
  const [links, accounts] = ids.length
    ? await Promise.all([
        db.select().from(s.staffServices).where(inArray(s.staffServices.staffId, ids)).orderBy(asc(s.staffServices.serviceId)),
        db.select({ id: s.users.id, phone: s.users.phone, email: s.users.email, staffId: s.users.staffId }).from(s.users).where(inArray(s.users.staffId, ids)),
      ])
    : [[], []];
  return rows.map((r) => {
    const account = accounts.find((a) => a.staffId === r.id);
    return {
      id: r.id,
      name: r.name,
      specialization: r.specialization,
      photo_url: r.photoUrl,
      bio: r.bio,
      yclients_staff_id: r.yclientsStaffId,
      active: r.active,
      sort_order: r.sortOrder,
      user: account ? { id: account.id, phone: account.phone, email: account.email } : null,
      services: links.filter((l) => l.staffId === r.id).map((l) => ({ service_id: l.serviceId, price_minor: l.priceMinor, duration_min: l.durationMin })),
      updated_at: r.updatedAt,
    };
  });
}

export async function listStaffAdmin(db: Db, q: { includeInactive: boolean; limit: number; offset: number }) {
  const where = q.includeInactive ? undefined : eq(s.staff.active, true);
  const [rows, [total]] = await Promise.all([
    db.select().from(s.staff).where(where).orderBy(asc(s.staff.sortOrder), asc(s.staff.id)).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(s.staff).where(where),
  ]);
  return { staff: await views(db, rows), total: total?.n ?? 0 };
}

export async function findStaffAdmin(db: Db, id: number): Promise<AdminStaff | null> {
  return (await views(db, await db.select().from(s.staff).where(eq(s.staff.id, id)).limit(1)))[0] ?? null;
}

/** The service list must name main services (not add-ons), each once. */
export async function ensureStaffServices(db: Db, links: StaffServiceLink[]): Promise<void> {
  const ids = links.map((l) => l.service_id);
  if (new Set(ids).size !== ids.length) throw new AppError("validation_failed", "services must not name a service twice");
  if (ids.length === 0) return;
  const found = await db.select({ id: s.services.id }).from(s.services).where(and(inArray(s.services.id, ids), eq(s.services.isAddon, false)));
  const known = new Set(found.map((r) => r.id));
  const wrong = ids.filter((id) => !known.has(id));
  if (wrong.length) throw new AppError("invalid_reference", "services must name existing main services", { field: "services", ids: wrong });
}

export function staffServiceWrites(db: Db, staffId: number, links: StaffServiceLink[]) {
  const clear = db.delete(s.staffServices).where(eq(s.staffServices.staffId, staffId));
  if (links.length === 0) return [clear];
  return [
    clear,
    db.insert(s.staffServices).values(links.map((l) => ({ staffId, serviceId: l.service_id, priceMinor: l.price_minor, durationMin: l.duration_min }))),
  ];
}

/** An existing account that became a master's sign-in: the route audits it. */
export interface LinkedAccount {
  user_id: number;
  name: string | null;
  role_before: string;
  role_after: string;
}

/**
 * Gives the master the account with this phone (created if new). An account
 * already tied to another master is refused; any other existing account (a
 * customer's, a former master's, an admin's) is only linked when the admin
 * says so (`linkExisting`), because it then sees the master's calendar and
 * clients: without it, 409 phone_belongs_to_user names whose it is. An admin
 * stays an admin. The master's previous account, if any, goes back to being a
 * customer's.
 */
export async function linkAccount(
  db: Db,
  staffId: number,
  phone: string | null | undefined,
  email: string | null | undefined,
  linkExisting = false,
): Promise<LinkedAccount | null> {
  if (phone === undefined && email === undefined) return null;
  const [current] = await db.select().from(s.users).where(eq(s.users.staffId, staffId)).limit(1);
  if (phone === null) {
    if (current) await unlink(db, current);
    return null;
  }
  const target = phone ?? current?.phone;
  if (!target) {
    if (email !== undefined) throw new AppError("validation_failed", "Give the master a phone before an email: the account is found by phone");
    return null;
  }
  const [owner] = await db.select().from(s.users).where(eq(s.users.phone, target)).limit(1);
  if (owner && owner.staffId !== null && owner.staffId !== staffId) {
    throw new AppError("already_exists", "This phone belongs to another master's account", { field: "phone" });
  }
  const takesOver = owner !== undefined && owner.staffId !== staffId;
  if (takesOver && !linkExisting) {
    throw new AppError(
      "phone_belongs_to_user",
      `This phone is the sign-in of an existing ${owner.role} account (user ${owner.id}${owner.name ? `, ${owner.name}` : ""}); repeat with "link_existing": true to make it this master's sign-in`,
      { field: "phone", user: { id: owner.id, name: owner.name, role: owner.role } },
    );
  }
  if (current && current.phone !== target) await unlink(db, current);
  const set = { staffId, ...(email !== undefined ? { email } : {}), updatedAt: new Date().toISOString() };
  if (owner) {
    const role = owner.role === "admin" ? "admin" : "staff";
    const update = db.update(s.users).set({ ...set, role }).where(eq(s.users.id, owner.id));
    // A new role or another master's calendar: the account signs in again with what it may now do.
    if (role !== owner.role || owner.staffId !== staffId) await db.batch([update, endAllSessions(db, owner.id, new Date())]);
    else await update;
    return takesOver ? { user_id: owner.id, name: owner.name, role_before: owner.role, role_after: role } : null;
  }
  await db.insert(s.users).values({ phone: target, role: "staff", ...set });
  return null;
}

/** The account stops being the master's (a staff account becomes a customer's); its sessions end with its access. */
async function unlink(db: Db, user: { id: number; role: UserRole }): Promise<void> {
  await db.batch([
    db.update(s.users).set({ staffId: null, role: user.role === "staff" ? "customer" : user.role }).where(eq(s.users.id, user.id)),
    endAllSessions(db, user.id, new Date()),
  ]);
}

/** Ids of the masters the salon offers, in its order. */
export async function activeStaffIds(db: Db): Promise<number[]> {
  const rows = await db.select({ id: s.staff.id }).from(s.staff).where(eq(s.staff.active, true)).orderBy(asc(s.staff.sortOrder), asc(s.staff.id));
  return rows.map((r) => r.id);
}

/** Names of these masters, in the salon's order (inactive ones too: the calendar still shows their past). */
export async function staffNames(db: Db, ids: number[]): Promise<{ id: number; name: string }[]> {
  if (ids.length === 0) return [];
  return db.select({ id: s.staff.id, name: s.staff.name }).from(s.staff).where(inArray(s.staff.id, ids)).orderBy(asc(s.staff.sortOrder), asc(s.staff.id));
}
