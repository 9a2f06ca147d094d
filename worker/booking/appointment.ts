// Reads the appointment time a client sent. A time without an offset is salon
// wall time; one with an offset is an instant. Either way the booking gets a
// salon-local date and time (for the slot grid) and a UTC instant (to store).
import { instantOfParts, instantToWall, parseDateTime, wallTimeToInstant } from "./zoned-time.js";

export interface Appointment {
  date: string;
  time: string;
  instant: Date;
  /**
   * True when the client named the instant (an offset was given): the booking
   * must then start at exactly that instant, which matters where a wall time
   * happens twice (the hour the clocks go back).
   */
  exact: boolean;
}

export type AppointmentProblem = "invalid_datetime" | "nonexistent_local_time";

export function readAppointment(value: string, zone: string): Appointment | AppointmentProblem {
  const parts = parseDateTime(value);
  if (!parts) return "invalid_datetime";
  const pad = (n: number) => String(n).padStart(2, "0");
  // Seconds are not part of the grid; keep them so such a time cannot match it.
  const seconds = parts.second !== 0 || parts.millis !== 0 ? `:${pad(parts.second)}` : "";
  if (parts.offsetMin !== null) {
    const instant = instantOfParts({ ...parts, offsetMin: parts.offsetMin });
    const wall = instantToWall(instant, zone);
    return { date: wall.date, time: `${wall.time}${seconds}`, instant, exact: true };
  }
  const time = `${pad(parts.hour)}:${pad(parts.minute)}`;
  const instant = wallTimeToInstant(parts.date, time, zone);
  if (!instant) return "nonexistent_local_time";
  return { date: parts.date, time: `${time}${seconds}`, instant, exact: false };
}
