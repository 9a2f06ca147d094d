import { For, Show } from "solid-js";
import type { Service } from "../../../worker/contracts/catalog";
import { toggle } from "../data/pricing";
import { formatDuration, formatPrice } from "../format";
import { intlLocale, locale, t } from "../i18n";

type Props = { service: Service; value: number[]; onChange: (ids: number[]) => void };

/**
 * Add-ons, chosen before the time: the free times are asked for with them, so
 * a longer visit cannot make the picked time fail when it is booked.
 */
export default function AddonPicker(props: Props) {
  return (
    <Show when={props.service.addons.length > 0}>
      <fieldset class="fieldset">
        <legend class="section-title">{t("details.addons")}</legend>
        <div class="choices">
          <For each={props.service.addons}>
            {(addon) => (
              <label class="choice">
                <input type="checkbox" checked={props.value.includes(addon.id)} onChange={() => props.onChange(toggle(props.value, addon.id))} />
                <span class="choice__label">
                  {addon.name}{" "}
                  <span class="muted">
                    +{formatPrice(addon.price, intlLocale())}, +{formatDuration(addon.duration_min, locale())}
                  </span>
                </span>
              </label>
            )}
          </For>
        </div>
      </fieldset>
    </Show>
  );
}
