// /admin/staff/{id}/schedule and /exceptions: masters' weekly hours (the seed's paths) and date exceptions.
import { Hono } from "hono";
import * as v from "valibot";
import { CreateExceptionBody, CreateScheduleBody, ExceptionAdded, ForceQuery, HoursDeleted, ScheduleChanged, StaffExceptions, StaffHours, UpdateScheduleBody } from "../../contracts/schedules.js";
import type { AppEnv } from "../../env.js";
import { AppError } from "../../errors.js";
import { idParam, jsonBody, parseWith } from "../../http/validate.js";
import { auditInsert } from "../../repo/audit.js";
import { findStaff } from "../../repo/catalog.js";
import { requestDb, type Db } from "../../repo/db.js";
import * as repo from "../../repo/schedules.js";
import { currentSchedule, guardScheduleChange } from "../../reservations/schedule-changes.js";
import { addDays } from "../../booking/zoned-time.js";
import { doc } from "../../http/openapi.js";

// Mounted inside the admin-only /admin/staff app (staff.ts), which signs the caller in.
export const adminSchedulesRoutes = new Hono<AppEnv>();

/** A year and a day: longer ranges are typos (9999 for 2027), not vacations. */
const MAX_EXCEPTION_DAYS = 366;

type Hours = { dayOfWeek: number; startTime: string; endTime: string; isActive: boolean; breaks: { startTime: string; endTime: string }[] };

function ensureValidHours(h: Hours) {
  const problem =
    h.startTime >= h.endTime
      ? "end_time must be after start_time"
      : h.breaks.find((b) => b.startTime >= b.endTime)
        ? "each break must end after it starts"
        : h.breaks.find((b) => b.startTime < h.startTime || b.endTime > h.endTime)
          ? "breaks must lie within the working hours"
          : [...h.breaks].sort((a, b) => a.startTime.localeCompare(b.startTime)).find((b, i, all) => i > 0 && b.startTime < all[i - 1]!.endTime)
            ? "breaks must not overlap"
            : null;
  if (problem) throw new AppError("invalid_schedule", problem);
}

async function ensureStaff(db: Db, id: number) {
  if (!(await findStaff(db, id))) throw new AppError("not_found", `Staff member ${id} does not exist`);
}

const scheduleView = (r: repo.ScheduleRow) => ({
  id: r.id,
  day_of_week: r.dayOfWeek,
  start_time: r.startTime,
  end_time: r.endTime,
  is_active: r.isActive,
  breaks: r.breaks.map((b) => ({ start_time: b.startTime, end_time: b.endTime })),
});

const exceptionView = (e: repo.ExceptionRow) => ({
  id: e.id,
  kind: e.kind,
  start_date: e.startDate,
  end_date: e.endDate,
  start_time: e.startTime,
  end_time: e.endTime,
  note: e.note,
});

const asRow = (staffId: number, id: number, h: Hours): repo.ScheduleRow => ({
  id,
  staffId,
  ...h,
  createdAt: "",
  updatedAt: "",
  breaks: h.breaks.map((b, i) => ({ id: -1 - i, ...b })),
});

adminSchedulesRoutes.get("/:id/schedule", doc({ tag: "Admin: schedules", summary: "A master's weekly hours (with breaks) and date exceptions", description: "day_of_week: 0 = Monday … 6 = Sunday.", access: "admin", params: { id: "Master (staff) id" }, responses: { 200: ["The master's weekly hours and date exceptions", StaffHours], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const db = requestDb(c);
  await ensureStaff(db, id);
  const { schedules, exceptions } = await currentSchedule(db, id);
  return c.json({ staff_id: id, schedule: schedules.map(scheduleView), exceptions: exceptions.map(exceptionView) });
});

adminSchedulesRoutes.post("/:id/schedule", doc({ tag: "Admin: schedules", summary: "Add working hours for a weekday (0 = Monday … 6 = Sunday)", access: "admin", params: { id: "Master (staff) id" }, body: CreateScheduleBody, responses: { 201: ["The hours, and the bookings a forced change flagged", ScheduleChanged], 404: "`not_found`", 409: "`schedule_conflict`: active bookings would be stranded (listed in details.bookings); repeat with force to flag them", 422: "`invalid_schedule`" } }), async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, CreateScheduleBody);
  const db = requestDb(c);
  await ensureStaff(db, id);
  const hours: Hours = {
    dayOfWeek: body.day_of_week,
    startTime: body.start_time,
    endTime: body.end_time,
    isActive: body.is_active,
    breaks: body.breaks.map((b) => ({ startTime: b.start_time, endTime: b.end_time })),
  };
  ensureValidHours(hours);
  // Another row for the same weekday can replace what that day had, so adding hours goes through the guard too.
  const current = await currentSchedule(db, id);
  const flagged = await guardScheduleChange(db, id, current, { ...current, schedules: [...current.schedules, asRow(id, 0, hours)] }, body.force, new Date());
  const scheduleId = await repo.insertSchedule(db, id, hours);
  const [created] = (await repo.schedulesOf(db, [id])).filter((r) => r.id === scheduleId);
  await auditInsert(db, c.get("user"), { action: "create", entity: "schedule", entityId: scheduleId, after: { staff_id: id, ...scheduleView(created!), flagged_booking_ids: flagged } });
  return c.json({ schedule: scheduleView(created!), flagged_booking_ids: flagged }, 201);
});

async function existingRow(db: Db, staffId: number, scheduleId: number) {
  const current = await currentSchedule(db, staffId);
  const row = current.schedules.find((r) => r.id === scheduleId);
  if (!row) throw new AppError("not_found", `Schedule ${scheduleId} is not one of staff member ${staffId}'s`);
  return { current, row };
}

adminSchedulesRoutes.patch("/:id/schedule/:schedule_id", doc({ tag: "Admin: schedules", summary: "Change a weekday's hours; `force` in the body", access: "admin", params: { id: "Master (staff) id", schedule_id: "Schedule row id" }, body: UpdateScheduleBody, responses: { 200: ["The hours, and the bookings a forced change flagged", ScheduleChanged], 404: "`not_found`", 409: "`schedule_conflict`: active bookings would be stranded (listed in details.bookings); repeat with force to flag them (`\"force\": true` in the body)", 422: "`invalid_schedule`" } }), async (c) => {
  const id = idParam(c);
  const scheduleId = idParam(c, "schedule_id");
  const body = await jsonBody(c, UpdateScheduleBody);
  const db = requestDb(c);
  const { current, row } = await existingRow(db, id, scheduleId);
  const hours: Hours = {
    dayOfWeek: body.day_of_week ?? row.dayOfWeek,
    startTime: body.start_time ?? row.startTime,
    endTime: body.end_time ?? row.endTime,
    isActive: body.is_active ?? row.isActive,
    breaks: body.breaks ? body.breaks.map((b) => ({ startTime: b.start_time, endTime: b.end_time })) : row.breaks.map(({ startTime, endTime }) => ({ startTime, endTime })),
  };
  ensureValidHours(hours);
  const proposed = { ...current, schedules: current.schedules.map((r) => (r.id === scheduleId ? asRow(id, scheduleId, hours) : r)) };
  const flagged = await guardScheduleChange(db, id, current, proposed, body.force, new Date());
  await repo.replaceSchedule(db, scheduleId, hours);
  const [updated] = (await repo.schedulesOf(db, [id])).filter((r) => r.id === scheduleId);
  await auditInsert(db, c.get("user"), { action: "update", entity: "schedule", entityId: scheduleId, before: { staff_id: id, ...scheduleView(row) }, after: { staff_id: id, ...scheduleView(updated!), flagged_booking_ids: flagged } });
  return c.json({ schedule: scheduleView(updated!), flagged_booking_ids: flagged });
});

adminSchedulesRoutes.delete("/:id/schedule/:schedule_id", doc({ tag: "Admin: schedules", summary: "Delete a weekday's hours; `force` in the query (a DELETE has no body)", access: "admin", params: { id: "Master (staff) id", schedule_id: "Schedule row id" }, query: ForceQuery, responses: { 200: ["The deleted id, and the bookings a forced change flagged", HoursDeleted], 404: "`not_found`", 409: "`schedule_conflict`: active bookings would be stranded (listed in details.bookings); repeat with force to flag them (`?force=true`)" } }), async (c) => {
  const id = idParam(c);
  const scheduleId = idParam(c, "schedule_id");
  const { force } = parseWith(ForceQuery, c.req.query(), "query");
  const db = requestDb(c);
  const { current, row } = await existingRow(db, id, scheduleId);
  const proposed = { ...current, schedules: current.schedules.filter((r) => r.id !== scheduleId) };
  const flagged = await guardScheduleChange(db, id, current, proposed, force === "true", new Date(), "query");
  await repo.deleteSchedule(db, scheduleId);
  await auditInsert(db, c.get("user"), { action: "delete", entity: "schedule", entityId: scheduleId, before: { staff_id: id, ...scheduleView(row) }, after: { flagged_booking_ids: flagged } });
  return c.json({ deleted: scheduleId, flagged_booking_ids: flagged });
});

adminSchedulesRoutes.get("/:id/exceptions", doc({ tag: "Admin: schedules", summary: "A master's date exceptions (day off, vacation, custom hours)", access: "admin", params: { id: "Master (staff) id" }, responses: { 200: ["The master's date exceptions", StaffExceptions], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const db = requestDb(c);
  await ensureStaff(db, id);
  return c.json({ staff_id: id, exceptions: (await repo.exceptionsOf(db, [id])).map(exceptionView) });
});

adminSchedulesRoutes.post("/:id/exceptions", doc({ tag: "Admin: schedules", summary: "Add a day off, vacation or custom hours for a date range; `force` in the body", access: "admin", params: { id: "Master (staff) id" }, body: CreateExceptionBody, responses: { 201: ["The exception, and the bookings a forced change flagged", ExceptionAdded], 404: "`not_found`", 409: "`schedule_conflict`: active bookings would be stranded (listed in details.bookings); repeat with force to flag them", 422: "`invalid_schedule`" } }), async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, CreateExceptionBody);
  const db = requestDb(c);
  await ensureStaff(db, id);
  if (body.start_date > body.end_date) throw new AppError("invalid_schedule", "end_date must not be before start_date");
  if (addDays(body.start_date, MAX_EXCEPTION_DAYS - 1) < body.end_date) {
    throw new AppError("invalid_schedule", `An exception covers at most ${MAX_EXCEPTION_DAYS} days; add another for the rest`);
  }
  const custom = body.kind === "custom_hours";
  if (custom && !(body.start_time && body.end_time && body.start_time < body.end_time)) {
    throw new AppError("invalid_schedule", "custom_hours needs start_time before end_time");
  }
  if (!custom && (body.start_time || body.end_time)) {
    throw new AppError("invalid_schedule", `${body.kind} covers whole days; leave start_time and end_time out`);
  }
  const row = {
    staffId: id,
    kind: body.kind,
    startDate: body.start_date,
    endDate: body.end_date,
    startTime: custom ? body.start_time! : null,
    endTime: custom ? body.end_time! : null,
    note: body.note ?? null,
  };
  const current = await currentSchedule(db, id);
  const proposed = { ...current, exceptions: [...current.exceptions, { id: 0, createdAt: "", ...row }] };
  const flagged = await guardScheduleChange(db, id, current, proposed, body.force, new Date());
  const created = await repo.insertException(db, row);
  await auditInsert(db, c.get("user"), { action: "create", entity: "exception", entityId: created.id, after: { staff_id: id, ...exceptionView(created), flagged_booking_ids: flagged } });
  return c.json({ exception: exceptionView(created), flagged_booking_ids: flagged }, 201);
});

adminSchedulesRoutes.delete("/:id/exceptions/:exception_id", doc({ tag: "Admin: schedules", summary: "Delete a date exception; `force` in the query", access: "admin", params: { id: "Master (staff) id", exception_id: "Exception id" }, query: ForceQuery, responses: { 200: ["The deleted id, and the bookings a forced change flagged", HoursDeleted], 404: "`not_found`", 409: "`schedule_conflict`: active bookings would be stranded (listed in details.bookings); repeat with force to flag them (`?force=true`)" } }), async (c) => {
  const id = idParam(c);
  const exceptionId = idParam(c, "exception_id");
  const { force } = parseWith(ForceQuery, c.req.query(), "query");
  const db = requestDb(c);
  const current = await currentSchedule(db, id);
  const existing = current.exceptions.find((e) => e.id === exceptionId);
  if (!existing) {
    throw new AppError("not_found", `Exception ${exceptionId} is not one of staff member ${id}'s`);
  }
  const proposed = { ...current, exceptions: current.exceptions.filter((e) => e.id !== exceptionId) };
  const flagged = await guardScheduleChange(db, id, current, proposed, force === "true", new Date(), "query");
  await repo.deleteException(db, exceptionId);
  await auditInsert(db, c.get("user"), { action: "delete", entity: "exception", entityId: exceptionId, before: { staff_id: id, ...exceptionView(existing) }, after: { flagged_booking_ids: flagged } });
  return c.json({ deleted: exceptionId, flagged_booking_ids: flagged });
});
