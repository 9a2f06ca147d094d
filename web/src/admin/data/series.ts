// Recurring bookings in the back office: preview a rule, save it as a
// series, read a series, cancel or move one date or this-and-following.
import type { ChangeSeriesInput, CreateSeriesBody, SeriesPreviewBody, SeriesPreviewItem } from "../../../../worker/contracts/series";
import { SeriesChanged, SeriesDetail, SeriesPreview, SeriesSaved } from "../../../../worker/contracts/series";
import { read, write } from "./http";

export const previewSeries = (body: SeriesPreviewBody) => write("POST", "/admin/series/preview", body, SeriesPreview);
/** `key` stays the same until the save answers, so a double click or a retry is one series. */
export const saveSeries = (body: CreateSeriesBody, key: string) => write("POST", "/admin/series", body, SeriesSaved, key);
export const getSeries = (id: number) => read(`/admin/series/${id}`, SeriesDetail);
export const changeSeries = (id: number, body: ChangeSeriesInput) => write("PATCH", `/admin/series/${id}`, body, SeriesChanged);

/** What to book for one previewed date: its own time, an alternative's, or nothing. */
export type SeriesPick = { appointment_datetime: string; staff_id?: number } | null;

/** The preview's default: every free date as is, a date that is not free left out until an alternative is picked. */
export const defaultPick = (o: SeriesPreviewItem): SeriesPick => (o.status === "free" && o.start_at ? { appointment_datetime: o.start_at } : null);
