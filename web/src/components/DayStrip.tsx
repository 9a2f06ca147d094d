import { For } from "solid-js";
import { formatDay } from "../format";
import { intlLocale, t } from "../i18n";

export type DayInfo = { date: string; status: string; available: number };
type Props = {
  days: DayInfo[];
  selected: string | null;
  onSelect: (date: string) => void;
  /** offline: the days whose times are saved; the others are marked as not available offline */
  saved?: Set<string>;
};

/** Two weeks as a row of day buttons; a dot marks days with free times. */
export default function DayStrip(props: Props) {
  return (
    <div class="days" role="group" aria-label={t("book.date")}>
      <For each={props.days}>
        {(day) => {
          const free = () => day.available > 0;
          const unsaved = () => props.saved !== undefined && !props.saved.has(day.date);
          return (
            <button
              type="button"
              class="day"
              classList={{ "day--free": free(), "day--selected": props.selected === day.date, "day--unsaved": unsaved() }}
              aria-pressed={props.selected === day.date}
              aria-label={`${formatDay(day.date, intlLocale(), { weekday: "long", day: "numeric", month: "long" })}: ${
                free() ? t("book.freeCount", { count: day.available }) : t("book.noFree")
              }${unsaved() ? `, ${t("slots.dayNotSaved")}` : ""}`}
              data-date={day.date}
              onClick={() => props.onSelect(day.date)}
            >
              <span class="day__wd">{formatDay(day.date, intlLocale(), { weekday: "short" })}</span>
              <span class="day__num">{formatDay(day.date, intlLocale(), { day: "numeric" })}</span>
              <span class="day__dot" aria-hidden="true" />
            </button>
          );
        }}
      </For>
    </div>
  );
}
