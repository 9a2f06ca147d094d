import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { Service } from "../../../worker/contracts/catalog";
import { formatPrice } from "../format";
import { intlLocale, t } from "../i18n";

type Props = { service: Service; chosen: number[]; changeHref: string };

/**
 * The add-ons of the visit on the details step. They are changed on the time
 * step, where the free times are asked for again with them.
 */
export default function AddonSummary(props: Props) {
  const chosen = () => props.service.addons.filter((a) => props.chosen.includes(a.id));
  return (
    <Show when={props.service.addons.length > 0}>
      <section class="addon-summary" aria-labelledby="addon-summary-title">
        <h2 class="section-title" id="addon-summary-title">{t("details.addons")}</h2>
        <ul class="plain-list" data-testid="chosen-addons">
          <For each={chosen()} fallback={<li class="muted">{t("addons.none")}</li>}>
            {(addon) => (
              <li>
                {addon.name} <span class="muted">+{formatPrice(addon.price, intlLocale())}</span>
              </li>
            )}
          </For>
        </ul>
        <A href={props.changeHref} class="addon-summary__change">
          {t("addons.change")}
        </A>
      </section>
    </Show>
  );
}
