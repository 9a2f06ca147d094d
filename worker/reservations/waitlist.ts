// The customer's side of the waitlist: join, list, leave, and answer an offer
// (book the held time or let it go). Joining registers the entry's wishes
// with the masters' ledgers (waitlist-wishes.ts); a ledger holds a freed time
// for the first wish it fits in the step that frees it (waitlist-offers.ts
// records the offer).
import { addDays, instantToWall, minutesOf } from "../booking/zoned-time.js";
import type { User } from "../contracts/auth.js";
import type { Booking } from "../contracts/bookings.js";
import type { JoinWaitlistBody, WaitlistEntry } from "../contracts/waitlist.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { ledgerFor } from "../ledger/staff-ledger.js";
import { activeServiceRow, findStaff, staffForService } from "../repo/catalog.js";
import type { Db } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { endEntry, entriesOf, findEntry, findOpenTwin, insertEntry, type WaitlistRow } from "../repo/waitlist.js";
import { schema as s } from "../repo/db.js";
import { inArray } from "drizzle-orm";
import { accountLoad } from "../repo/account-load.js";
import { ensureMayJoinWaitlist } from "./account-caps.js";
import { createBooking } from "./create.js";
import { bookSeat } from "./class-seats.js";
import { releaseClassEntry } from "./class-waitlist.js";
import { holdKeyOf, registerWishes, withdrawWishes } from "./waitlist-wishes.js";

export async function joinWaitlist(db: Db, env: Env, user: User, body: JoinWaitlistBody, now: Date): Promise<{ entry: WaitlistEntry; created: boolean }> {
  const [settings, service, staff] = await Promise.all([loadSettings(db), activeServiceRow(db, body.service_id), staffForService(db, body.service_id)]);
  if (!service) throw new AppError("not_found", `Service ${body.service_id} does not exist or is not offered`);
  if (service.isAddon) throw new AppError("service_is_addon", `"${service.name}" is an add-on; wait for a main service`);
  if (body.staff_id !== undefined && !staff.some((m) => m.id === body.staff_id)) {
    if (!(await findStaff(db, body.staff_id))) throw new AppError("not_found", `Master ${body.staff_id} does not exist`);
    throw new AppError("staff_does_not_do_service", `Master ${body.staff_id} does not do "${service.name}"`);
  }
  const today = instantToWall(now, settings.timeZone).date;
  if (body.date < today) throw new AppError("in_past", `${body.date} has already passed`);
  if (body.date > addDays(today, settings.horizonDays)) throw new AppError("beyond_horizon", `Bookings are not open for ${body.date} yet`);
  if (body.from_time && body.to_time && minutesOf(body.to_time) - minutesOf(body.from_time) < service.durationMin) {
    throw new AppError("invalid_time_range", `from_time–to_time must leave room for the ${service.durationMin}-minute visit`);
  }
  const wish = { userId: user.id, serviceId: service.id, staffId: body.staff_id ?? null, date: body.date, fromTime: body.from_time ?? null, toTime: body.to_time ?? null };
  // Joining twice with the same wishes is the same entry, not a second place in the queue.
  const [twin, load] = await Promise.all([findOpenTwin(db, wish), accountLoad(db, user.id, now, today)]);
  if (!twin) ensureMayJoinWaitlist(user, load, settings);
  const row = twin ?? (await insertEntry(db, wish));
  // Before answering: a time freed a moment after the join is already held
  // for it. A second join registers again (replacing), in case the first one
  // failed after its row was written.
  if (row.state === "waiting") await registerWishes(db, env, row, now);
  return { entry: (await entryViews(db, [row], settings.timeZone))[0]!, created: !twin };
}

export async function listWaitlist(db: Db, user: User, now: Date): Promise<WaitlistEntry[]> {
  const { timeZone } = await loadSettings(db);
  const rows = await entriesOf(db, user.id, addDays(instantToWall(now, timeZone).date, -1));
  return entryViews(db, rows, timeZone);
}

export async function ownEntry(db: Db, user: User, id: number): Promise<WaitlistRow> {
  const row = await findEntry(db, id);
  if (!row) throw new AppError("not_found", `Waitlist entry ${id} does not exist`);
  if (row.userId !== user.id) throw new AppError("forbidden", "This is someone else's waitlist entry");
  return row;
}

export async function entryView(db: Db, row: WaitlistRow): Promise<WaitlistEntry> {
  const { timeZone } = await loadSettings(db);
  return (await entryViews(db, [row], timeZone))[0]!;
}

/**
 * Ends an entry that waits or holds a time: the row first, then the ledgers
 * let go (a held time passes on at once, a wish is withdrawn). Null when the
 * entry was in none of `from`.
 */
export async function endWaiting(db: Db, env: Env, row: WaitlistRow, from: WaitlistRow["state"][], to: WaitlistRow["state"]): Promise<WaitlistRow | null> {
  const ended = await endEntry(db, row.id, from, to);
  if (!ended) return null;
  if (row.classId !== null) await releaseClassEntry(env, row);
  else if (row.state === "offered") await ledgerFor(env, row.offerStaffId!).releaseHold(row.offerStaffId!, holdKeyOf(row.id));
  else {
    const masters = row.staffId !== null ? [row.staffId] : (await staffForService(db, row.serviceId)).map((m) => m.id);
    await withdrawWishes(env, masters, row.id);
  }
  return ended;
}

/** Leaving the waitlist; an offered time passes on at once. */
export async function leaveWaitlist(db: Db, env: Env, user: User, id: number): Promise<WaitlistRow> {
  const row = await ownEntry(db, user, id);
  return (await endWaiting(db, env, row, ["waiting", "offered"], "cancelled")) ?? (await findEntry(db, id))!;
}

/** "No thanks": the held time goes to the next waiting customer. */
export async function declineOffer(db: Db, env: Env, user: User, id: number): Promise<WaitlistRow> {
  const row = await ownEntry(db, user, id);
  if (row.state !== "offered" || !(await endWaiting(db, env, row, ["offered"], "declined"))) {
    throw new AppError("offer_not_active", "Nothing is held for this entry now");
  }
  return (await findEntry(db, id))!;
}

/**
 * Books the held time in one tap. Idempotent: the booking's key is the
 * entry's, so a repeated tap (or a retry after an outage) returns the same
 * booking.
 */
export async function confirmOffer(db: Db, env: Env, user: User, id: number, now: Date): Promise<{ booking: Booking; replayed: boolean; messageKey?: string }> {
  const row = await ownEntry(db, user, id);
  if (row.state !== "offered" && row.state !== "booked") throw new AppError("offer_not_active", "Nothing is held for this entry now");
  if (row.classId !== null) {
    const seat = await bookSeat(db, env, user, `waitlist-${row.id}`, row.classId, {}, now, "online", { entryId: row.id });
    await endEntry(db, row.id, ["offered"], "booked", seat.booking.id);
    return seat;
  }
  const body = { service_id: row.serviceId, staff_id: row.offerStaffId!, appointment_datetime: row.offerStartAt!, additional_services: [] };
  const result = await createBooking(db, env, user, `waitlist-${row.id}`, body, now, "online", { entryId: row.id });
  // The hold became the booking inside the ledger; the entry says so.
  await endEntry(db, row.id, ["offered"], "booked", result.booking.id);
  return result;
}

async function entryViews(db: Db, rows: WaitlistRow[], zone: string): Promise<WaitlistEntry[]> {
  if (rows.length === 0) return [];
  const serviceIds = [...new Set(rows.map((r) => r.serviceId))];
  const staffIds = [...new Set(rows.flatMap((r) => [r.staffId, r.offerStaffId]).filter((id): id is number => id !== null))];
  const [services, staff] = await Promise.all([
    db.select({ id: s.services.id, name: s.services.name }).from(s.services).where(inArray(s.services.id, serviceIds)),
    staffIds.length ? db.select({ id: s.staff.id, name: s.staff.name }).from(s.staff).where(inArray(s.staff.id, staffIds)) : Promise.resolve([]),
  ]);
  const serviceOf = new Map(services.map((x) => [x.id, x]));
  const staffOf = new Map(staff.map((x) => [x.id, x]));
  const now = new Date().toISOString();
  return rows.map((r) => {
    // An offer past its expiry reads as lapsed even before the ledger's alarm records it.
    const live = r.state === "offered" && r.offerExpiresAt! > now;
    const state = r.state === "offered" && !live ? "lapsed" : r.state;
    const at = live ? instantToWall(new Date(r.offerStartAt!), zone) : null;
    return {
      id: r.id,
      service: serviceOf.get(r.serviceId) ?? { id: r.serviceId, name: "" },
      staff: r.staffId === null ? null : (staffOf.get(r.staffId) ?? null),
      date: r.date,
      from_time: r.fromTime,
      to_time: r.toTime,
      state,
      offer: live && at
        ? { staff: staffOf.get(r.offerStaffId!) ?? { id: r.offerStaffId!, name: "" }, start_at: r.offerStartAt!, end_at: r.offerEndAt!, local_date: at.date, local_time: at.time, expires_at: r.offerExpiresAt! }
        : null,
      booking_id: r.bookingId,
      class_id: r.classId,
      created_at: r.createdAt,
    };
  });
}
