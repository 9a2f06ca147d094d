// Ends a visit attempt one way or the other: every item booked → `booked`
// (with the customer's messages in the same write), else every item still
// active is cancelled in its master's ledger → `failed`. Used when a later
// item is refused, by a retry that finds an attempt a dead worker left
// `reserving`, and by the cron (see worker/booking/README.md, "Visits").
import type { Visit } from "../contracts/visits.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { ledgerFor } from "../ledger/staff-ledger.js";
import { log } from "../lib/log.js";
import { activeStatuses, type BookingRow, isActive } from "../repo/bookings.js";
import { batchAll } from "../repo/batch.js";
import type { Db } from "../repo/db.js";
import type { SalonSettings } from "../repo/settings.js";
import { findUserById } from "../repo/users.js";
import { bookingsOfVisits, itemOf, settleVisitWrite, type VisitRow } from "../repo/visits.js";
import { customerMessageWrite } from "./notify.js";
import { returnOnCancel } from "../payments/certificates.js";
import { settleAbonementOnCancel } from "../payments/abonement-bookings.js";
import { masterMessages } from "./staff-notify.js";
import { bookingViews } from "./views.js";
import type { Booking } from "../contracts/bookings.js";

/** How long an attempt may stay `reserving` before it is taken for dead. */
export const STALE_VISIT_MS = 30_000;

export const ledgerUnavailable = () =>
  new AppError("ledger_unavailable", "Could not save the visit just now; try again in a few seconds", undefined, { "retry-after": "2" });

/** The bookings of the visit's current attempt. */
export const attemptItems = (visit: VisitRow, rows: BookingRow[]) =>
  rows.filter((r) => {
    const item = itemOf(r);
    return item !== null && item.visitId === visit.id && item.attempt === visit.attempt;
  });

/**
 * Cancels these bookings in their masters' ledgers, giving each released
 * item's certificate part and abonement visit back whole (the visit never happened); false when a
 * ledger could not be reached.
 */
export async function releaseItems(db: Db, env: Env, rows: BookingRow[], generation: string | null, now: Date): Promise<boolean> {
  let ok = true;
  for (const row of rows) {
    if (!isActive(row.status) || row.staffId === null) continue;
    const result = await ledgerFor(env, row.staffId).transition(row.staffId, row.id, activeStatuses, "cancelled", "visit_incomplete", generation);
    if (!result.ok && result.reason === "unavailable") ok = false;
    if (result.ok && row.certificateMinor > 0) await returnOnCancel(db, row, 100, now);
    if (result.ok && row.abonementId !== null) await settleAbonementOnCancel(db, row, 100, now);
  }
  return ok;
}

/**
 * Marks the attempt booked, in one write with the customer's message and the
 * masters' messages per item; false when another request settled it first.
 */
export async function markBooked(db: Db, env: Env, visit: VisitRow, rows: BookingRow[], views: Booking[], customer: { email: string | null }, settings: SalonSettings, now: Date): Promise<boolean> {
  const messages = (await Promise.all(views.map((view) => customerMessageWrite(db, env, "booking_created", view, customer, settings, now)))).flat();
  const masters = rows.flatMap((row) => masterMessages(db, env, null, row, views.find((v) => v.id === row.id)?.service?.name ?? null, settings, now));
  const [settled] = (await db.batch([settleVisitWrite(db, visit, "booked"), ...messages, ...masters])) as unknown as [VisitRow[]];
  return settled.length > 0;
}

/**
 * Settles an attempt nobody is finishing (its worker died): rolled forward
 * when all its items are booked and active, else rolled back. Returns the
 * visit's status afterwards, or null when a ledger could not be reached
 * (it stays `reserving` for the next try).
 */
export async function settleStale(db: Db, env: Env, visit: VisitRow, settings: SalonSettings, now: Date): Promise<"booked" | "failed" | null> {
  const [rows, user] = await Promise.all([bookingsOfVisits(db, [visit.id]), findUserById(db, visit.userId)]);
  const items = attemptItems(visit, rows);
  if (items.length === visit.itemCount && items.every((r) => isActive(r.status)) && user) {
    const views = await bookingViews(db, items, settings.timeZone);
    if (await markBooked(db, env, visit, items, views, user, settings, now)) return "booked";
  }
  if (!(await releaseItems(db, env, items, settings.generation, now))) return null;
  await settleVisitWrite(db, visit, "failed");
  log("warn", "visits: rolled back an unfinished visit", { visit_id: visit.id, attempt: visit.attempt, items: items.length });
  return "failed";
}

/** The visit as the API shows it. */
export function visitView(visit: VisitRow, bookings: Booking[]): Visit {
  const sorted = [...bookings].sort((a, b) => a.start_at.localeCompare(b.start_at));
  const live = sorted.filter((b) => b.status !== "cancelled");
  const priced = live.length > 0 ? live : sorted;
  const currency = priced[0]?.price.currency ?? "RUB";
  const total = priced.reduce((sum, b) => sum + b.price.amount_minor, 0);
  const prepaid = priced.reduce((sum, b) => sum + (b.prepayment?.amount_minor ?? 0), 0);
  return {
    id: visit.id,
    status: visit.status,
    bookings: sorted,
    total: { amount_minor: total, currency },
    prepayment: prepaid > 0 ? { amount_minor: prepaid, currency } : null,
    start_at: sorted[0]?.start_at ?? "",
    end_at: sorted.reduce((end, b) => (b.end_at > end ? b.end_at : end), ""),
  };
}

