// series: a recurring booking's dates shown together in "Мои записи".
import type { Booking } from "../../../worker/contracts/bookings";

/** The upcoming dates of one series, at the place of its nearest one. */
export interface SeriesGroupItem {
  seriesId: number;
  bookings: Booking[];
}

/** Gathers a series' bookings (in the list's order) where its first one stands; everything else stays as it was. */
export function groupSeries<T>(list: (Booking | T)[], isBooking: (item: Booking | T) => item is Booking): (Booking | T | SeriesGroupItem)[] {
  const bySeries = new Map<number, SeriesGroupItem>();
  const out: (Booking | T | SeriesGroupItem)[] = [];
  for (const item of list) {
    const id = isBooking(item) ? item.series?.id : undefined;
    if (id === undefined) {
      out.push(item);
      continue;
    }
    const group = bySeries.get(id);
    if (group) group.bookings.push(item as Booking);
    else {
      const fresh = { seriesId: id, bookings: [item as Booking] };
      bySeries.set(id, fresh);
      out.push(fresh);
    }
  }
  return out;
}

export const isSeriesGroup = (item: unknown): item is SeriesGroupItem => typeof item === "object" && item !== null && "seriesId" in item;
