// Reads the appointment time a client sent. A time without an offset is salon
// wall time; one with an offset is an instant. Either way the booking gets a
// salon-local date and time (for the slot grid) and a UTC instant (to store).
import { instantToWall, wallTimeToInstant } from "./zoned-time.js";

export interface Appointment {
  date: string;
  time: string;
  instant: Date;
}

export type AppointmentProblem = "invalid_datetime" | "nonexistent_local_time";

export function readAppointment(value: string, zone: string): Appointment | AppointmentProblem {
  const hasOffset = /(Z|[+-]\d{2}:\d{2})$/.test(value);
  if (hasOffset) {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) return "invalid_datetime";
    const instant = new Date(ms);
    const wall = instantToWall(instant, zone);
    // Seconds are not part of the grid; keep them so such a time cannot match it.
    const seconds = ms % 60_000 === 0 ? "" : `:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, "0")}`;
    return { date: wall.date, time: `${wall.time}${seconds}`, instant };
  }
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(value);
  if (!match) return "invalid_datetime";
  const [, date, hh, mm, ss] = match;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 59) return "invalid_datetime";
  const check = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date) return "invalid_datetime";
  const time = `${hh}:${mm}`;
  const instant = wallTimeToInstant(date!, time, zone);
  if (!instant) return "nonexistent_local_time";
  return { date: date!, time: ss && Number(ss) !== 0 ? `${time}:${ss}` : time, instant };
}
