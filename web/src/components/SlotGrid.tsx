import { For, Show } from "solid-js";
import type { Slot } from "../data/endpoints";
import { reasonKey } from "../data/errors";
import { isChosen, repeatOf } from "../data/slot-view";
import { t } from "../i18n";

type Props = {
  slots: Slot[];
  /** The whole day, when `slots` shows only part of it: a repeated time is told apart even if its twin is hidden. */
  day?: Slot[];
  /** the chosen slot: by instant when known (two 02:30s on the day the clocks go back) */
  selected: { time: string | null; startAt?: string | null };
  /** the start_at of the slot whose "why not" is shown */
  explained: string | null;
  onSelect: (slot: Slot) => void;
  onExplain: (slot: Slot) => void;
};

/**
 * Start times of one day. Taken times stay in the grid, greyed, and still
 * focusable (aria-disabled, not disabled) so that a tap or Enter explains why.
 */
export default function SlotGrid(props: Props) {
  const explainedSlot = () => props.slots.find((s) => s.start_at === props.explained);
  const day = () => props.day ?? props.slots;
  const clocksGoBack = () => props.slots.some((s) => repeatOf(s, day()) !== null);
  return (
    <div>
      <Show when={clocksGoBack()}>
        <p class="hint" data-testid="clocks-back">
          {t("book.clocksBack")}
        </p>
      </Show>
      <div class="slots" role="group" aria-label={t("book.time")}>
        <For each={props.slots}>
          {(slot) => {
            // Two 02:30s read apart (and are told apart by screen readers) by occurrence and offset.
            const repeat = repeatOf(slot, day());
            const label = repeat ? t(repeat.first ? "book.twinFirst" : "book.twinSecond", { time: slot.time, offset: repeat.offset }) : undefined;
            return (
              <button
                type="button"
                class="slot"
                classList={{ "slot--taken": !slot.available, "slot--selected": isChosen(slot, props.selected), "slot--twin": repeat !== null }}
                aria-disabled={!slot.available}
                aria-pressed={slot.available ? isChosen(slot, props.selected) : undefined}
                aria-label={label && (slot.available ? label : `${label} — ${t("book.unavailable")}`)}
                data-time={slot.time}
                data-start={slot.start_at}
                onClick={() => (slot.available ? props.onSelect(slot) : props.onExplain(slot))}
              >
                {slot.time}
                <Show when={repeat}>
                  {(r) => (
                    <small class="slot-twin" aria-hidden="true">
                      {r().first ? r().offset : t("book.twinRepeat", { offset: r().offset })}
                    </small>
                  )}
                </Show>
                <Show when={!slot.available && !repeat}>
                  <span class="sr-only"> — {t("book.unavailable")}</span>
                </Show>
              </button>
            );
          }}
        </For>
      </div>
      <p class="slot-reason" role="status" aria-live="polite">
        <Show when={explainedSlot()}>
          {(slot) => t("book.whyTaken", { time: slot().time, reason: t(reasonKey(slot().reason)) })}
        </Show>
      </p>
    </div>
  );
}
