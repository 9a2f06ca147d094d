// Changing a master's hours must not silently strand booked clients. A change
// that would leave future bookings outside the new hours is refused with the
// list, unless the admin forces it; then those bookings are flagged for the
// salon to call the clients.
import { and, eq, gt, inArray } from "drizzle-orm";
import { fitsWorkingHours, type ScheduleException, type WeeklyHours } from "../booking/slots.js";
import { instantToWall } from "../booking/zoned-time.js";
import { AppError } from "../errors.js";
import { activeStatuses, flagBookings } from "../repo/bookings.js";
import { type Db, schema as s } from "../repo/db.js";
import { exceptionsOf, schedulesOf, toExceptions, toWeek, type ExceptionRow, type ScheduleRow } from "../repo/schedules.js";
import { loadSettings } from "../repo/settings.js";

export const STRANDED_NOTE = "outside_working_hours";

export interface ProposedSchedule {
  /** Rows as they would be after the change. */
  schedules: ScheduleRow[];
  exceptions: ExceptionRow[];
}

export async function currentSchedule(db: Db, staffId: number): Promise<ProposedSchedule> {
  const [schedules, exceptions] = await Promise.all([schedulesOf(db, [staffId]), exceptionsOf(db, [staffId])]);
  return { schedules, exceptions };
}

type Hours = { week: WeeklyHours[]; exceptions: ScheduleException[] };
const hoursOf = (p: ProposedSchedule): Hours => ({ week: toWeek(p.schedules), exceptions: toExceptions(p.exceptions) });

/**
 * Future active bookings of the master that the proposed schedule would
 * strand. A booking already outside the current hours (a forced change, a
 * YClients record, a booking made by staff) is not stranded by this change:
 * adding hours must not be refused for it.
 */
async function strandedBy(db: Db, staffId: number, current: Hours, proposed: Hours, now: Date) {
  const { timeZone } = await loadSettings(db);
  const future = await db
    .select({ id: s.bookings.id, startAt: s.bookings.startAt, endAt: s.bookings.endAt, status: s.bookings.status })
    .from(s.bookings)
    .where(and(eq(s.bookings.staffId, staffId), inArray(s.bookings.status, activeStatuses), gt(s.bookings.startAt, now.toISOString())));
  const fits = (hours: Hours, b: (typeof future)[number]) => fitsWorkingHours(timeZone, hours, { start: b.startAt, end: b.endAt });
  return future
    .filter((b) => fits(current, b) && !fits(proposed, b))
    .map((b) => {
      const wall = instantToWall(new Date(b.startAt), timeZone);
      return { id: b.id, start_at: b.startAt, local_date: wall.date, local_time: wall.time, status: b.status };
    });
}

/**
 * Refuses (409) or, with force, flags the bookings the change strands. Returns
 * the ids that were flagged; the caller applies the change afterwards.
 */
export async function guardScheduleChange(
  db: Db,
  staffId: number,
  current: ProposedSchedule,
  proposed: ProposedSchedule,
  force: boolean,
  now: Date,
  /** Where this route reads `force` from: the JSON body, or the query of a DELETE. */
  forceIn: "body" | "query" = "body",
): Promise<number[]> {
  const stranded = await strandedBy(db, staffId, hoursOf(current), hoursOf(proposed), now);
  if (stranded.length === 0) return [];
  if (!force) {
    const how = forceIn === "query" ? "?force=true" : `"force": true in the body`;
    throw new AppError(
      "schedule_conflict",
      `${stranded.length} booking(s) would fall outside the new hours; move or cancel them first, or repeat with ${how} to flag them`,
      { bookings: stranded, force_in: forceIn },
    );
  }
  const ids = stranded.map((b) => b.id);
  await flagBookings(db, ids, STRANDED_NOTE);
  return ids;
}
