import { For } from "solid-js";
import type { SeriesGroupItem } from "../data/series";
import { formatDay } from "../format";
import { intlLocale, t } from "../i18n";
import BookingCard from "./BookingCard";

/** A series' upcoming dates together: the next one first, each with its place in the series ("3 из 10"). */
export default function SeriesGroup(props: { group: SeriesGroupItem }) {
  const first = () => props.group.bookings[0]!;
  return (
    <li class="visit-group series-group" data-series-id={props.group.seriesId}>
      <div class="service__head">
        <h3 class="service__name">{t("series.groupTitle", { count: props.group.bookings.length })}</h3>
        <span class="muted">
          {first().service?.name ?? ""} · {first().staff?.name ?? ""}
        </span>
      </div>
      <p class="muted">{t("series.next", { when: `${formatDay(first().local_date, intlLocale())}, ${first().local_time}` })}</p>
      <ul class="plain-list visit-group__items">
        <For each={props.group.bookings}>
          {(b) => <BookingCard booking={b} note={b.series ? t("series.position", { position: b.series.position, count: b.series.count }) : undefined} />}
        </For>
      </ul>
    </li>
  );
}
