// /manage/{token}: a booking seen and changed through the signed link in its
// messages, without signing in. The link stands for the booking's customer:
// changes go through changeBooking with the customer's own rules (the salon's
// window, refunds, the master's ledger), exactly as their signed-in PATCH does.
import { Hono } from "hono";
import type { User } from "../contracts/auth.js";
import type { Booking } from "../contracts/bookings.js";
import { ManageChangeBody, ManagedBooking, type ManagedVisit } from "../contracts/manage.js";
import type { AppEnv, Env } from "../env.js";
import { AppError } from "../errors.js";
import { doc } from "../http/openapi.js";
import { jsonBody } from "../http/validate.js";
import { manageUrl } from "../manage/links.js";
import { bookingForLink } from "../manage/resolve.js";
import { dispatchSoon } from "../notify/dispatcher.js";
import { type BookingRow, isActive } from "../repo/bookings.js";
import { type Db, requestDb } from "../repo/db.js";
import { loadSettings, type SalonSettings } from "../repo/settings.js";
import { findUserById } from "../repo/users.js";
import { changeBooking } from "../reservations/change.js";
import { changeRecorder } from "../reservations/change-record.js";
import { bookingViews } from "../reservations/views.js";

export const manageRoutes = new Hono<AppEnv>();

const TOKEN_NOTE = "The token comes from the link in a booking message; it dies when the booking is cancelled or moved.";
const linkErrors = { 404: "`not_found`: not a link we signed", 410: "`link_dead` (`details.reason`: cancelled, moved) or `link_expired`" } as const;

// A link's answers are one person's booking: never kept by a shared cache, and
// the token in the page's address is never sent on as a Referer.
manageRoutes.use(async (c, next) => {
  await next();
  c.header("cache-control", "no-store");
  c.header("referrer-policy", "no-referrer");
});

/** Only what the visit needs, field by field: a new field of Booking stays out until it is added here. */
function visitOf(b: Booking): ManagedVisit {
  return {
    id: b.id,
    status: b.status,
    service: b.service,
    staff: b.staff,
    start_at: b.start_at,
    end_at: b.end_at,
    local_date: b.local_date,
    local_time: b.local_time,
    duration_min: b.duration_min,
    addons: b.addons,
    price: b.price,
    prepayment: b.prepayment,
    hold_expires_at: b.hold_expires_at,
    money: b.money,
    created_at: b.created_at,
    visit_id: b.visit_id,
  };
}

async function answer(env: Env, booking: Booking, row: BookingRow, settings: SalonSettings, now: Date): Promise<ManagedBooking> {
  const deadline = Date.parse(row.startAt) - settings.cancellationWindowHours * 3_600_000;
  const open = isActive(row.status) && now.getTime() <= deadline;
  return {
    booking: visitOf(booking),
    salon: { name: settings.name, address: settings.address, phone: settings.phone, time_zone: settings.timeZone },
    change_deadline: open ? new Date(deadline).toISOString() : null,
    manage_url: isActive(row.status) ? await manageUrl(env, booking) : null,
    actions: { cancel: open, reschedule: open && booking.channel === "internal" },
  };
}

manageRoutes.get("/:token", doc({ tag: "Manage link", summary: "A booking as its manage link shows it", description: TOKEN_NOTE, access: "anyone", rateLimited: "links", params: { token: "Signed manage token" }, responses: { 200: ["The booking, the salon and until when it may be changed", ManagedBooking], ...linkErrors } }), async (c) => {
  const db = requestDb(c);
  const now = new Date();
  const [row, settings] = await Promise.all([bookingForLink(db, c.env, c.req.param("token"), "manage", now), loadSettings(db)]);
  const [booking] = await bookingViews(db, [row], settings.timeZone);
  return c.json(await answer(c.env, booking!, row, settings, now));
});

/** The customer the link stands for, held to a customer's rules whatever their role. */
async function customerOf(db: Db, row: BookingRow): Promise<User> {
  const owner = row.userId === null ? null : await findUserById(db, row.userId);
  if (!owner) throw new AppError("forbidden", "This booking can only be changed by the salon; please call it");
  return { ...owner, role: "customer", staff_id: null };
}

manageRoutes.patch("/:token", doc({ tag: "Manage link", summary: "Cancel or move a booking through its manage link", description: `${TOKEN_NOTE} Same rules as a customer's own PATCH /bookings/{id}; after a move the answer carries the new link.`, access: "anyone", rateLimited: "links", params: { token: "Signed manage token" }, body: ManageChangeBody, responses: { 200: ["The booking after the change", ManagedBooking], 409: "`slot_taken` (with alternatives), `booking_not_active`, `price_changed` (the other master's price is higher; resend with `accept_price_minor`)", 422: "`cancellation_window_passed` or a time the rules refuse", ...linkErrors } }), async (c) => {
  const db = requestDb(c);
  const now = new Date();
  const change = await jsonBody(c, ManageChangeBody);
  const row = await bookingForLink(db, c.env, c.req.param("token"), "manage", now);
  const customer = await customerOf(db, row);
  const booking = await changeBooking(db, c.env, customer, row.id, change, now, changeRecorder(db, c.env, customer, row.id, change.action, now));
  c.executionCtx.waitUntil(dispatchSoon(db, c.env));
  const settings = await loadSettings(db);
  const after: BookingRow = { ...row, status: booking.status, startAt: booking.start_at, staffId: booking.staff?.id ?? null };
  return c.json(await answer(c.env, booking, after, settings, now));
});
