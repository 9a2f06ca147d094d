// PATCH /admin/series/{id}: cancel or move one date of a series, or it and
// every later active one. Each booking goes through the one change flow
// (changeBooking), so refunds, the customer's and masters' messages, the
// history and the waitlist's freed time all happen per booking as usual.
import { addDays, instantToWall } from "../booking/zoned-time.js";
import type { User } from "../contracts/auth.js";
import type { UpdateBookingBody } from "../contracts/bookings.js";
import type { ChangeSeriesBody, SeriesOutcome } from "../contracts/series.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { type BookingRow, isActive } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { bookingsOfSeries, findSeries, type SeriesRow } from "../repo/series.js";
import { changeBooking } from "./change.js";
import { changeRecorder } from "./change-record.js";

/** The series if the caller may change it: admins any, a master their own. */
export async function visibleSeries(db: Db, caller: User, id: number): Promise<SeriesRow> {
  const series = await findSeries(db, id);
  if (!series) throw new AppError("not_found", `Series ${id} does not exist`);
  if (caller.role !== "admin" && (caller.role !== "staff" || caller.staff_id !== series.staffId)) {
    throw new AppError("forbidden", "Masters change only their own series");
  }
  return series;
}

/** The bookings a change applies to: the one named, or it and the later active ones. */
export function seriesTargets(rows: BookingRow[], fromId: number, scope: "one" | "following"): BookingRow[] {
  const from = rows.find((r) => r.id === fromId);
  if (!from) throw new AppError("not_found", `Booking ${fromId} is not part of this series`);
  if (scope === "one") return [from];
  return rows.filter((r) => r.id === from.id || (isActive(r.status) && r.startAt > from.startAt));
}

export async function changeSeries(db: Db, env: Env, caller: User, series: SeriesRow, body: ChangeSeriesBody, zone: string, now: Date): Promise<SeriesOutcome[]> {
  const targets = seriesTargets(await bookingsOfSeries(db, series.id), body.from_booking_id, body.scope);
  const results: SeriesOutcome[] = [];
  // One after another: each is its own change in its master's ledger.
  for (const [index, row] of targets.entries()) {
    let change: UpdateBookingBody;
    if (body.action === "cancel") {
      change = { action: "cancel", reason: body.reason };
    } else {
      const wall = instantToWall(new Date(row.startAt), zone);
      const date = body.weekday === undefined ? wall.date : addDays(wall.date, body.weekday - wall.dayOfWeek);
      change = { action: "reschedule", appointment_datetime: `${date}T${body.time!}`, staff_id: body.staff_id };
    }
    const outcome = { index, appointment_datetime: change.action === "reschedule" ? change.appointment_datetime : row.startAt, booking_id: row.id };
    try {
      const booking = await changeBooking(db, env, caller, row.id, change, now, changeRecorder(db, env, caller, row.id, change.action, now));
      results.push({ ...outcome, ok: true, booking, error: null, alternatives: null });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const details = error.details as { alternatives?: SeriesOutcome["alternatives"] } | undefined;
      results.push({ ...outcome, ok: false, booking: null, error: { code: error.code, message: error.message }, alternatives: details?.alternatives ?? null });
    }
  }
  return results;
}
