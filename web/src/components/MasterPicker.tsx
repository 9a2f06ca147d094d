import { For } from "solid-js";
import type { ServiceDetail } from "../../../worker/contracts/catalog";
import { formatDuration, formatPrice } from "../format";
import { intlLocale, locale, t } from "../i18n";

type Props = { staff: ServiceDetail["staff"]; value: number | "any"; onChange: (value: number | "any") => void };

/** "Any master" or one of the masters (with their own price and duration, if they have them), as a radio group (arrow keys move between them). */
export default function MasterPicker(props: Props) {
  const option = (value: number | "any", label: string, hint?: () => string | null) => (
    <label class="choice">
      <input
        type="radio"
        name="master"
        value={String(value)}
        checked={props.value === value}
        onChange={() => props.onChange(value)}
      />
      <span class="choice__label">
        {label}
        {hint?.() ? <span class="muted"> · {hint()}</span> : null}
      </span>
    </label>
  );
  return (
    <fieldset class="fieldset">
      <legend class="section-title">{t("book.master")}</legend>
      <div class="choices">
        {option("any", t("book.anyMaster"))}
        <For each={props.staff}>
          {(m) => {
            // A master with terms of their own says so before the time is picked.
            const own = () => (m.own_terms ? `${formatPrice(m.own_terms.price, intlLocale())}, ${formatDuration(m.own_terms.duration_min, locale())}` : null);
            return option(m.id, m.name, () => [m.specialization, own()].filter(Boolean).join(" · ") || null);
          }}
        </For>
      </div>
    </fieldset>
  );
}
