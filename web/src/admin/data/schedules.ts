// Masters' weekly hours and date exceptions (/admin/staff/{id}/schedule and
// /exceptions), and the 409 schedule_conflict that lists stranded bookings.
import * as v from "valibot";
import { ApiRequestError } from "../../data/api";
import { Anything, read, write } from "./http";

const Hours = v.object({ start_time: v.string(), end_time: v.string() });
export const WeeklyRow = v.object({ id: v.number(), day_of_week: v.number(), start_time: v.string(), end_time: v.string(), is_active: v.boolean(), breaks: v.array(Hours) });
export type WeeklyRow = v.InferOutput<typeof WeeklyRow>;
export const ExceptionRow = v.object({
  id: v.number(),
  kind: v.picklist(["day_off", "vacation", "custom_hours"]),
  start_date: v.string(),
  end_date: v.string(),
  start_time: v.nullable(v.string()),
  end_time: v.nullable(v.string()),
  note: v.nullable(v.string()),
});
export type ExceptionRow = v.InferOutput<typeof ExceptionRow>;
const ScheduleAnswer = v.object({ staff_id: v.number(), schedule: v.array(WeeklyRow), exceptions: v.array(ExceptionRow) });
const Flagged = v.object({ flagged_booking_ids: v.optional(v.array(v.number()), []) });

export type DayHours = { start_time: string; end_time: string; breaks: { start_time: string; end_time: string }[]; is_active: boolean };
export type NewException = { kind: ExceptionRow["kind"]; start_date: string; end_date: string; start_time?: string; end_time?: string; note?: string };

export const getSchedule = (staffId: number) => read(`/admin/staff/${staffId}/schedule`, ScheduleAnswer);
export const addDay = (staffId: number, day: number, h: DayHours, force: boolean) =>
  write("POST", `/admin/staff/${staffId}/schedule`, { day_of_week: day, ...h, force }, Flagged);
export const editDay = (staffId: number, rowId: number, h: DayHours, force: boolean) =>
  write("PATCH", `/admin/staff/${staffId}/schedule/${rowId}`, { ...h, force }, Flagged);
export const removeDay = (staffId: number, rowId: number, force: boolean) =>
  write("DELETE", `/admin/staff/${staffId}/schedule/${rowId}?force=${force}`, undefined, Flagged);
export const addException = (staffId: number, e: NewException, force: boolean) =>
  write("POST", `/admin/staff/${staffId}/exceptions`, { ...e, force }, Flagged);
export const removeException = (staffId: number, id: number, force: boolean) =>
  write("DELETE", `/admin/staff/${staffId}/exceptions/${id}?force=${force}`, undefined, Anything);

const Stranded = v.object({ bookings: v.array(v.object({ id: v.number(), local_date: v.string(), local_time: v.string(), status: v.string() })) });
export type StrandedBooking = v.InferOutput<typeof Stranded>["bookings"][number];

/** The bookings a refused schedule change would strand, or null when the error is something else. */
export function strandedBookings(err: unknown): StrandedBooking[] | null {
  if (!(err instanceof ApiRequestError) || err.code !== "schedule_conflict") return null;
  const parsed = v.safeParse(Stranded, err.details);
  return parsed.success ? parsed.output.bookings : [];
}
