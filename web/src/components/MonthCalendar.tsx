import { For } from "solid-js";
import { dayKind, monthGrid, type DayKind } from "../data/month";
import { formatDay } from "../format";
import { intlLocale, t, type TranslationKey } from "../i18n";

export type DayInfo = { date: string; status: string; available: number };

type Props = {
  /** YYYY-MM shown */
  month: string;
  /** the month's bookable days (today … horizon); undefined while loading */
  days: DayInfo[] | undefined;
  selected: string | null;
  canPrev: boolean;
  canNext: boolean;
  onMonth: (step: -1 | 1) => void;
  onSelect: (date: string) => void;
};

const MARK: Record<DayKind, TranslationKey | null> = { free: null, full: "month.full", closed: "month.closed", outside: null };
const LABEL: Record<Exclude<DayKind, "free">, TranslationKey> = { full: "book.noFree", closed: "month.closedLong", outside: "month.outside" };

/**
 * A month of days, Monday first, with arrows up to the salon's horizon. Each
 * day says in text what it is, not only in colour: the number of free times,
 * "нет" when everything is taken, "вых" when nobody works; past days and days
 * beyond the horizon are blank and cannot be chosen.
 */
export default function MonthCalendar(props: Props) {
  const grid = () => monthGrid(props.month);
  const byDate = () => new Map((props.days ?? []).map((d) => [d.date, d]));
  // "декабрь 2026 г." → "Декабрь 2026 г." (CSS capitalize would also turn "г." into "Г.")
  const title = () => {
    const text = formatDay(`${props.month}-01`, intlLocale(), { month: "long", year: "numeric" });
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const weekdays = () => Array.from({ length: 7 }, (_, i) => formatDay(`2024-01-0${i + 1}`, intlLocale(), { weekday: "short" }));

  return (
    <div class="month" aria-busy={props.days === undefined}>
      <div class="month__head">
        <button type="button" class="btn month__nav" disabled={!props.canPrev} onClick={() => props.onMonth(-1)} aria-label={t("month.prev")}>
          ‹
        </button>
        <p class="month__title" aria-live="polite">{title()}</p>
        <button type="button" class="btn month__nav" disabled={!props.canNext} onClick={() => props.onMonth(1)} aria-label={t("month.next")}>
          ›
        </button>
      </div>
      <div class="month__grid" role="group" aria-label={t("book.date")}>
        <For each={weekdays()}>{(wd) => <span class="month__wd" aria-hidden="true">{wd}</span>}</For>
        <For each={Array.from({ length: grid().leading })}>{() => <span aria-hidden="true" />}</For>
        <For each={grid().dates}>
          {(date) => {
            const info = () => byDate().get(date);
            const kind = () => (props.days === undefined ? "outside" : dayKind(info()));
            const mark = () => (kind() === "free" ? String(info()!.available) : MARK[kind()] ? t(MARK[kind()]!) : "");
            // The name starts with what the cell shows (WCAG 2.5.3, label in name), then says it in words.
            const label = () => {
              const k = kind();
              const long = formatDay(date, intlLocale(), { weekday: "long", day: "numeric", month: "long" });
              const shown = [Number(date.slice(8)), mark()].filter((x) => x !== "").join(" ");
              return `${shown} — ${long}: ${k === "free" ? t("book.freeCount", { count: info()!.available }) : t(LABEL[k])}`;
            };
            return (
              <button
                type="button"
                class="day day--cell"
                classList={{
                  "day--free": kind() === "free",
                  "day--full": kind() === "full",
                  "day--closed": kind() === "closed",
                  "day--outside": kind() === "outside",
                  "day--selected": props.selected === date,
                }}
                // A full day stays selectable: its screen offers the waitlist.
                disabled={kind() !== "free" && kind() !== "full"}
                aria-pressed={props.selected === date}
                aria-label={label()}
                data-date={date}
                data-kind={kind()}
                onClick={() => props.onSelect(date)}
              >
                <span class="day__num">{Number(date.slice(8))}</span>{" "}
                <span class="day__mark" aria-hidden="true">
                  {mark()}
                </span>
              </button>
            );
          }}
        </For>
      </div>
    </div>
  );
}
