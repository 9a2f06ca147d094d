import { For, Show, onMount } from "solid-js";
import type { AlternativeSlot } from "../../../worker/contracts/bookings";
import { formatDay } from "../format";
import { intlLocale, t } from "../i18n";

type Props = {
  alternatives: AlternativeSlot[];
  onPick: (alt: AlternativeSlot) => void;
  disabled?: boolean;
  /** bring the offer into view when it appears (it lands below the fold on a phone) */
  scrollIntoView?: boolean;
};

/** The nearest free times the API offered after a 409 slot_taken. */
export default function Alternatives(props: Props) {
  let box: HTMLDivElement | undefined;
  onMount(() => {
    if (props.scrollIntoView) box?.scrollIntoView({ block: "center", behavior: "smooth" });
  });
  return (
    <div class="alternatives" ref={box}>
      <Show when={props.alternatives.length > 0} fallback={<p>{t("conflict.noAlternatives")}</p>}>
        <p>{t("conflict.pick")}</p>
        <ul class="alt-list">
          <For each={props.alternatives}>
            {(alt) => (
              <li>
                <button type="button" class="btn alt" disabled={props.disabled} onClick={() => props.onPick(alt)} data-alt={`${alt.date}T${alt.time}`}>
                  {formatDay(alt.date, intlLocale())}, {alt.time} · {alt.staff_name}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
