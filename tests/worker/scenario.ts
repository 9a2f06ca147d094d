// Scenario builders for booking tests: each test file gets masters of its own
// (so the shared database and per-master ledgers never collide across files),
// inserted straight into the database the Worker uses.
import { env } from "cloudflare:workers";
import { createClient, type InArgs } from "@libsql/client/web";
import { issueToken, SESSION_TTL_SECONDS } from "../../worker/auth/session.js";
import { addDays, instantToWall } from "../../worker/booking/zoned-time.js";
import { call, freshPhone, signIn } from "./client.js";

export const ZONE = "Europe/Moscow";

export async function sql(statement: string, args: InArgs = []) {
  const client = createClient({ url: env.TURSO_DATABASE_URL });
  try {
    return await client.execute({ sql: statement, args });
  } finally {
    client.close();
  }
}

/** A salon-zone date `days` from today, as YYYY-MM-DD. */
export const salonDate = (days: number): string => addDays(instantToWall(new Date(), ZONE).date, days);

/** Moscow wall time to a UTC ISO instant (Moscow is UTC+3 all year). */
export const moscow = (date: string, time: string) => new Date(`${date}T${time}:00+03:00`).toISOString();

export interface MasterOptions {
  name?: string;
  services?: number[];
  hours?: { start: string; end: string; breaks?: [string, string][] };
  days?: number[];
}

/** A master who works every day (unless `days` says otherwise) 10:00–19:00 with a 14:00–15:00 break. */
export async function newMaster(opts: MasterOptions = {}): Promise<{ id: number; phone: string }> {
  const hours = opts.hours ?? { start: "10:00", end: "19:00", breaks: [["14:00", "15:00"]] };
  const staff = await sql("insert into staff (name, specialization) values (?, 'Тест') returning id", [opts.name ?? `Мастер ${Math.random().toString(36).slice(2, 7)}`]);
  const id = Number(staff.rows[0]!.id);
  for (const serviceId of opts.services ?? [3, 8]) {
    await sql("insert into staff_services (staff_id, service_id) values (?, ?)", [id, serviceId]);
  }
  for (const day of opts.days ?? [0, 1, 2, 3, 4, 5, 6]) {
    const row = await sql("insert into staff_schedules (staff_id, day_of_week, start_time, end_time) values (?, ?, ?, ?) returning id", [id, day, hours.start, hours.end]);
    for (const [start, end] of hours.breaks ?? []) {
      await sql("insert into staff_schedule_breaks (schedule_id, start_time, end_time) values (?, ?, ?)", [Number(row.rows[0]!.id), start, end]);
    }
  }
  const phone = freshPhone();
  await sql("insert into users (phone, name, role, staff_id) values (?, 'Мастер', 'staff', ?)", [phone, id]);
  return { id, phone };
}

export async function newCustomer(): Promise<{ token: string; id: number; phone: string }> {
  const phone = freshPhone();
  const { token, user } = await signIn(phone);
  return { token, id: user.id, phone };
}

/**
 * A session for an existing user, signed the way the Worker signs them. The
 * sign-in flow itself is covered in auth.test.ts; going through it here would
 * trip its per-phone rate limits.
 */
export async function tokenFor(phone: string): Promise<string> {
  const { rows } = await sql("select id, phone, name, email, role, staff_id from users where phone = ?", [phone]);
  const r = rows[0];
  if (!r) throw new Error(`no user with phone ${phone}`);
  const user = { id: Number(r.id), phone: String(r.phone), name: null, email: null, role: r.role as "admin", staff_id: r.staff_id === null ? null : Number(r.staff_id) };
  const expiresAt = new Date(Date.now() + SESSION_TTL_SECONDS * 1000).toISOString();
  const session = await sql("insert into sessions (user_id, expires_at) values (?, ?) returning id", [user.id, expiresAt]);
  return (await issueToken(user, { id: Number(session.rows[0]!.id), expiresAt }, env.JWT_SECRET, new Date())).token;
}

export const adminToken = () => tokenFor("+79990000001");

let keyCounter = 0;
export const newKey = () => `test-${Date.now()}-${++keyCounter}-${Math.random().toString(36).slice(2)}`;

export function book(token: string, body: Record<string, unknown>, key = newKey()) {
  return call("POST", "/api/v1/bookings", { token, body, headers: { "idempotency-key": key } });
}

export const slot = (date: string, time: string) => `${date}T${time}`;
