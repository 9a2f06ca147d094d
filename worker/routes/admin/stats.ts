// /admin/stats: the salon's figures over a date range, as JSON or CSV.
import { addDays } from "../../booking/zoned-time.js";
import { doc } from "../../http/openapi.js";
import { Stats, StatsCsv, StatsQuery } from "../../contracts/stats.js";
import { AppError } from "../../errors.js";
import { parseWith } from "../../http/validate.js";
import { requestDb } from "../../repo/db.js";
import { loadSettings } from "../../repo/settings.js";
import { loadStats } from "../../repo/stats.js";
import { scopeOf } from "../../stats/periods.js";
import { buildStats, statsCsv } from "../../stats/report.js";
import { adminApp } from "./shared.js";

export const statsRoutes = adminApp();

const MAX_DAYS = 400;

statsRoutes.get("/", doc({ tag: "Back office", summary: "Bookings, cancellations, no-shows and revenue per day, week or month", description: "`format=csv` answers the same figures as a text/csv download.", access: "admin", query: StatsQuery, responses: { 200: { description: "The figures per period with totals (JSON), or with `format=csv` the same as a CSV download", content: { "application/json": Stats, "text/csv": StatsCsv } } } }), async (c) => {
  const q = parseWith(StatsQuery, c.req.query(), "query");
  if (q.from > q.to) throw new AppError("validation_failed", "to must not be before from");
  if (addDays(q.from, MAX_DAYS - 1) < q.to) throw new AppError("validation_failed", `ask for at most ${MAX_DAYS} days at a time`);
  const db = requestDb(c);
  const settings = await loadSettings(db);
  const raw = await loadStats(db, scopeOf({ from: q.from, to: q.to, group: q.group, staffId: q.staff_id ?? null }, settings.timeZone));
  const stats = buildStats(q, settings.currency, raw);
  if (q.format === "csv") {
    return c.body(statsCsv(stats), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="stats-${q.from}-${q.to}.csv"`,
    });
  }
  return c.json(stats);
});
