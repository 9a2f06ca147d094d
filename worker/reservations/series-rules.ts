// A series' rule as dates, and the one rule that differs for a series:
// staff may book it past the salon's booking horizon (the horizon limits how
// far ahead customers book online; a client's ten Tuesdays run longer).
import { addDays } from "../booking/zoned-time.js";
import { SERIES_MAX_DAYS, SERIES_MAX_OCCURRENCES, type SeriesPreviewBody } from "../contracts/series.js";
import { AppError } from "../errors.js";
import type { BookingContext } from "./context.js";

/** The rule's dates: first_date, then every `every_weeks` weeks, `count` of them or up to `until` (inclusive). */
export function seriesDates(rule: Pick<SeriesPreviewBody, "first_date" | "every_weeks" | "count" | "until">): string[] {
  if ((rule.count === undefined) === (rule.until === undefined)) {
    throw new AppError("validation_failed", "Invalid request body: give either count or until", { issues: [{ path: "count", message: "give either count or until" }] });
  }
  const last = addDays(rule.first_date, SERIES_MAX_DAYS);
  if (rule.until !== undefined) {
    if (rule.until < rule.first_date) throw new AppError("validation_failed", "Invalid request body: until is before first_date", { issues: [{ path: "until", message: "until is before first_date" }] });
    if (rule.until > last) throw new AppError("series_too_long", `A series runs at most ${SERIES_MAX_DAYS} days`, { max_days: SERIES_MAX_DAYS });
  }
  const dates: string[] = [];
  for (let date = rule.first_date; rule.until === undefined ? dates.length < rule.count! : date <= rule.until; date = addDays(date, 7 * rule.every_weeks)) {
    if (dates.length === SERIES_MAX_OCCURRENCES) throw new AppError("series_too_long", `A series has at most ${SERIES_MAX_OCCURRENCES} dates`, { max_occurrences: SERIES_MAX_OCCURRENCES });
    if (date > last) throw new AppError("series_too_long", `A series runs at most ${SERIES_MAX_DAYS} days`, { max_days: SERIES_MAX_DAYS });
    dates.push(date);
  }
  return dates;
}

/** The context with the horizon opened to a series' length, for staff booking or moving a series' dates. */
export function withSeriesHorizon(ctx: BookingContext): BookingContext {
  return { ...ctx, settings: { ...ctx.settings, horizonDays: Math.max(ctx.settings.horizonDays, 2 * SERIES_MAX_DAYS) } };
}
