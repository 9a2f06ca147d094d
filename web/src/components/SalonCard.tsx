import { A } from "@solidjs/router";
import { Show, createResource } from "solid-js";
import { mapHref } from "../data/masters";
import { loadSalon } from "../data/salon";
import { telHref } from "../data/yclients";
import { formatPhone } from "../format";
import { t } from "../i18n";
import { settled } from "../resource";

/**
 * The salon on the home screen: name, address with a map link, opening hours,
 * phone, and the way in to choosing a master first. Renders nothing until the
 * salon (or its saved copy) is in, so the catalog below never waits for it.
 */
export default function SalonCard() {
  const [salon] = createResource(loadSalon);
  return (
    <Show when={settled(salon)?.data.salon}>
      {(s) => (
        <section class="card salon-card" aria-labelledby="salon-name">
          <h2 class="salon-card__name" id="salon-name">
            {s().name}
          </h2>
          <Show when={s().address}>
            {(address) => (
              <p class="salon-card__line">
                {address()}
                <Show when={mapHref(s())}>
                  {(href) => (
                    <>
                      {" · "}
                      <a href={href()} target="_blank" rel="noopener noreferrer">
                        {t("salon.map")}
                      </a>
                    </>
                  )}
                </Show>
              </p>
            )}
          </Show>
          <Show when={s().opening_hours}>
            {(hours) => (
              <p class="salon-card__line" data-testid="salon-hours">
                {t("salon.hours")}: {hours()}
              </p>
            )}
          </Show>
          <Show when={s().phone}>
            {(phone) => (
              <p class="salon-card__line">
                <a href={telHref(phone())}>{formatPhone(phone())}</a>
              </p>
            )}
          </Show>
          <A href="/masters" class="btn btn--wide salon-card__masters">
            {t("masters.browse")}
          </A>
        </section>
      )}
    </Show>
  );
}
