// /admin/calendar: what the back-office calendar draws for a day or a week in
// one call — each master's hours, breaks and exceptions per day, their
// bookings and their time blocks. Masters see their own calendar only.
import { frameFor } from "../../booking/slots.js";
import { doc } from "../../http/openapi.js";
import { addDays, formatMinutes } from "../../booking/zoned-time.js";
import { Calendar, CalendarQuery } from "../../contracts/admin.js";
import { revalidate } from "../../http/revalidate.js";
import { parseWith } from "../../http/validate.js";
import { activeStaffIds } from "../../repo/admin-staff.js";
import { blocksBetween } from "../../repo/blocks.js";
import { bookingsBetween } from "../../repo/bookings.js";
import { requestDb } from "../../repo/db.js";
import { exceptionsOf, schedulesOf, toExceptions, toWeek } from "../../repo/schedules.js";
import { loadSettings } from "../../repo/settings.js";
import { bookingViews } from "../../reservations/views.js";
import { staffNames } from "../../repo/admin-staff.js";
import { calendarApp, visibleStaff } from "./access.js";
import { blockView, dayRange } from "./blocks.js";

export const calendarRoutes = calendarApp();
// Two admins' screens poll this; an unchanged day costs a body-less 304.
calendarRoutes.use(revalidate);

calendarRoutes.get("/", doc({ tag: "Back office", summary: "The calendar for a day or up to 14 days: masters' hours, breaks, exceptions, bookings and blocks", description: "Masters see their own calendar only. Answers 304 to a matching If-None-Match.", access: "staff", query: CalendarQuery, responses: { 200: ["The calendar", Calendar], 304: "Not modified (the If-None-Match ETag still holds)" } }), async (c) => {
  const q = parseWith(CalendarQuery, c.req.query(), "query");
  const db = requestDb(c);
  const asked = q.staff_id?.split(",").map(Number);
  const staffIds = visibleStaff(c.get("user"), asked) ?? (await activeStaffIds(db));
  const to = addDays(q.date, q.days - 1);
  const settings = await loadSettings(db);
  const zone = settings.timeZone;
  const { fromUtc, toUtc } = dayRange(q.date, to, zone);
  const [names, schedules, exceptions, bookings, blocks] = await Promise.all([
    staffNames(db, staffIds),
    schedulesOf(db, staffIds),
    exceptionsOf(db, staffIds, q.date, to),
    bookingsBetween(db, staffIds, fromUtc, toUtc),
    blocksBetween(db, staffIds, fromUtc, toUtc),
  ]);
  const dates = Array.from({ length: q.days }, (_, i) => addDays(q.date, i));
  const staff = names.map(({ id, name }) => {
    const week = toWeek(schedules.filter((r) => r.staffId === id));
    const mine = exceptions.filter((e) => e.staffId === id);
    return {
      id,
      name,
      days: dates.map((date) => {
        const frame = frameFor(date, week, toExceptions(mine));
        const exception = mine.find((e) => e.startDate <= date && date <= e.endDate) ?? null;
        const open = frame.status === "open" && frame.periods.length > 0;
        return {
          date,
          hours: open ? { start_time: formatMinutes(frame.periods[0]![0]), end_time: formatMinutes(frame.periods[frame.periods.length - 1]![1]) } : null,
          breaks: open ? frame.breaks.map(([s, e]) => ({ start_time: formatMinutes(s), end_time: formatMinutes(e) })) : [],
          exception: exception && { id: exception.id, kind: exception.kind, note: exception.note },
        };
      }),
    };
  });
  const answer: Calendar = {
    time_zone: zone,
    from: q.date,
    to,
    staff,
    bookings: await bookingViews(db, bookings, zone),
    blocks: blocks.map((b) => blockView(b, zone)),
  };
  return c.json(answer);
});
