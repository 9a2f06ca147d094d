// Admin requests for masters' weekly hours and date exceptions.
import * as v from "valibot";
import { CalendarDate, WallTime } from "./common.js";

const Break = v.object({ start_time: WallTime, end_time: WallTime });

const ScheduleFields = {
  day_of_week: v.pipe(v.number(), v.integer(), v.minValue(0, "day_of_week is 0 (Monday) … 6 (Sunday)"), v.maxValue(6, "day_of_week is 0 (Monday) … 6 (Sunday)")),
  start_time: WallTime,
  end_time: WallTime,
  breaks: v.pipe(v.array(Break), v.maxLength(10)),
  is_active: v.boolean(),
};

export const CreateScheduleBody = v.object({
  ...ScheduleFields,
  breaks: v.optional(ScheduleFields.breaks, []),
  is_active: v.optional(ScheduleFields.is_active, true),
  force: v.optional(v.boolean(), false),
});

export const UpdateScheduleBody = v.object({
  day_of_week: v.optional(ScheduleFields.day_of_week),
  start_time: v.optional(WallTime),
  end_time: v.optional(WallTime),
  breaks: v.optional(ScheduleFields.breaks),
  is_active: v.optional(v.boolean()),
  force: v.optional(v.boolean(), false),
});

export const CreateExceptionBody = v.object({
  kind: v.picklist(["day_off", "vacation", "custom_hours"], "kind is day_off, vacation or custom_hours"),
  start_date: CalendarDate,
  end_date: CalendarDate,
  start_time: v.optional(WallTime),
  end_time: v.optional(WallTime),
  note: v.optional(v.pipe(v.string(), v.maxLength(500))),
  force: v.optional(v.boolean(), false),
});
