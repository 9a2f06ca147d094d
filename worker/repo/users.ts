import { and, eq, isNull, sql } from "drizzle-orm";
import type { User } from "../contracts/auth.js";
import { type Db, schema as s } from "./db.js";
import { param, prepared } from "./prepared.js";

type UserRow = typeof s.users.$inferSelect;

export function toUser(row: UserRow): User {
  return { id: row.id, phone: row.phone, name: row.name, email: row.email, role: row.role, staff_id: row.staffId };
}

/** A user who has not deleted their account (a deleted one has no sessions and gets no messages). */
const liveUser = prepared((db) => db.select().from(s.users).where(and(eq(s.users.id, param("id")), isNull(s.users.deletedAt))).limit(1).prepare());

export async function findUserById(db: Db, id: number): Promise<User | null> {
  const row = await liveUser(db).get({ id });
  return row ? toUser(row) : null;
}

/** The customer a booking belongs to, read by the booking's id (so it can join the booking's own read batch). */
export async function findUserOfBooking(db: Db, bookingId: number): Promise<User | null> {
  const [row] = await db
    .select()
    .from(s.users)
    .where(eq(s.users.id, sql`(select ${s.bookings.userId} from ${s.bookings} where ${s.bookings.id} = ${bookingId})`))
    .limit(1);
  return row ? toUser(row) : null;
}

/** The user with this phone, created as a customer on first sign-in. */
export async function upsertUserByPhone(db: Db, phone: string, name: string | undefined): Promise<User> {
  const [row] = await db
    .insert(s.users)
    .values({ phone, name: name ?? null })
    .onConflictDoUpdate({
      target: s.users.phone,
      // A name already on file wins over one typed at sign-in.
      set: { name: sql`coalesce(${s.users.name}, excluded.name)` },
    })
    .returning();
  return toUser(row!);
}

/** The live account with this phone, if any. */
export async function findUserByPhone(db: Db, phone: string): Promise<User | null> {
  const [row] = await db.select().from(s.users).where(and(eq(s.users.phone, phone), isNull(s.users.deletedAt))).limit(1);
  return row ? toUser(row) : null;
}

/** The salon's admins (live accounts), for alerts. */
export async function listAdmins(db: Db): Promise<User[]> {
  const rows = await db.select().from(s.users).where(and(eq(s.users.role, "admin"), isNull(s.users.deletedAt)));
  return rows.map(toUser);
}
