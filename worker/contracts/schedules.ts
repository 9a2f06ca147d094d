// Admin requests for masters' weekly hours and date exceptions.
import * as v from "valibot";
import { CalendarDate, WallTime } from "./common.js";

/** A change that strands active bookings is 409 schedule_conflict unless forced; forced, they are flagged needs_attention. */
const Force = v.optional(
  v.pipe(v.boolean(), v.description("true applies the change even when it strands bookings, flagging them needs_attention; without it that is 409 schedule_conflict")),
  false,
);

const Break = v.object({ start_time: WallTime, end_time: WallTime });

const ScheduleFields = {
  day_of_week: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(0, "day_of_week is 0 (Monday) … 6 (Sunday)"),
    v.maxValue(6, "day_of_week is 0 (Monday) … 6 (Sunday)"),
    v.description("ISO order from 0: 0 = Monday, 1 = Tuesday … 5 = Saturday, 6 = Sunday (not JavaScript's getDay(), where 0 is Sunday)"),
  ),
  start_time: WallTime,
  end_time: WallTime,
  breaks: v.pipe(v.array(Break), v.maxLength(10)),
  is_active: v.boolean(),
};

export const CreateScheduleBody = v.object({
  ...ScheduleFields,
  breaks: v.optional(ScheduleFields.breaks, []),
  is_active: v.optional(ScheduleFields.is_active, true),
  force: Force,
});

export const UpdateScheduleBody = v.object({
  day_of_week: v.optional(ScheduleFields.day_of_week),
  start_time: v.optional(WallTime),
  end_time: v.optional(WallTime),
  breaks: v.optional(ScheduleFields.breaks),
  is_active: v.optional(v.boolean()),
  force: Force,
});

export const CreateExceptionBody = v.object({
  kind: v.picklist(["day_off", "vacation", "custom_hours"], "kind is day_off, vacation or custom_hours"),
  start_date: CalendarDate,
  end_date: CalendarDate,
  start_time: v.optional(WallTime),
  end_time: v.optional(WallTime),
  note: v.optional(v.pipe(v.string(), v.maxLength(500))),
  force: Force,
});

/** DELETEs carry no body: there `force` is a query parameter. */
export const ForceQuery = v.object({
  force: v.optional(
    v.pipe(
      v.picklist(["true", "false"], "force is true or false"),
      v.description("true deletes even when bookings would be stranded, flagging them needs_attention; without it that is 409 schedule_conflict"),
    ),
    "false",
  ),
});

// ── answers
export const Schedule = v.object({
  id: v.number(),
  day_of_week: v.number(),
  start_time: WallTime,
  end_time: WallTime,
  is_active: v.boolean(),
  breaks: v.array(Break),
});

export const ScheduleException = v.object({
  id: v.number(),
  kind: v.picklist(["day_off", "vacation", "custom_hours"]),
  start_date: CalendarDate,
  end_date: CalendarDate,
  start_time: v.nullable(WallTime),
  end_time: v.nullable(WallTime),
  note: v.nullable(v.string()),
});

/** Active bookings a forced change stranded, now flagged needs_attention. */
const Flagged = { flagged_booking_ids: v.array(v.number()) };

export const StaffHours = v.object({ staff_id: v.number(), schedule: v.array(Schedule), exceptions: v.array(ScheduleException) });
export const StaffExceptions = v.object({ staff_id: v.number(), exceptions: v.array(ScheduleException) });
export const ScheduleChanged = v.object({ schedule: Schedule, ...Flagged });
export const ExceptionAdded = v.object({ exception: ScheduleException, ...Flagged });
export const HoursDeleted = v.object({ deleted: v.number(), ...Flagged });
