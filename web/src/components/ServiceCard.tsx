import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { Service } from "../../../worker/contracts/catalog";
import { prepaymentFor } from "../data/pricing";
import { formatDuration, formatPrice } from "../format";
import { intlLocale, locale, t } from "../i18n";

type Props = { service: Service };

/**
 * One bookable service: name, duration, price, its add-ons. Which channel books
 * it (ours or YClients) is the salon's business, so customers see no badge.
 */
export default function ServiceCard(props: Props) {
  const headingId = () => `service-${props.service.id}-name`;
  return (
    <li class="service" data-service-id={props.service.id}>
      <article class="service__body" aria-labelledby={headingId()}>
        <div class="service__head">
          <h3 class="service__name" id={headingId()}>
            <A href={`/services/${props.service.id}`} class="service__link">
              {props.service.name}
            </A>
          </h3>
        </div>
        <Show when={props.service.description}>
          {(description) => <p class="service__desc">{description()}</p>}
        </Show>
        <dl class="service__meta">
          <div class="service__meta-item">
            <dt class="sr-only">{t("catalog.duration")}</dt>
            <dd class="service__duration">{formatDuration(props.service.duration_min, locale())}</dd>
          </div>
          <div class="service__meta-item">
            <dt class="sr-only">{t("catalog.price")}</dt>
            <dd class="service__price">{formatPrice(props.service.price, intlLocale())}</dd>
          </div>
          <Show when={prepaymentFor(props.service, props.service.price)}>
            {(amount) => (
              <div class="service__meta-item">
                <dt class="sr-only">{t("money.prepayment")}</dt>
                <dd class="service__prepay" data-testid="card-prepayment">
                  {t("catalog.prepayment", { amount: formatPrice(amount(), intlLocale()) })}
                </dd>
              </div>
            )}
          </Show>
        </dl>
        <Show when={props.service.addons.length > 0}>
          <div class="service__addons">
            <span class="service__addons-label">{t("catalog.addons")}</span>
            <ul class="service__addons-list">
              <For each={props.service.addons}>
                {(addon) => (
                  <li>
                    {addon.name}{" "}
                    <span class="service__addon-extra">
                      +{formatPrice(addon.price, intlLocale())}, +
                      {formatDuration(addon.duration_min, locale())}
                    </span>
                  </li>
                )}
              </For>
            </ul>
          </div>
        </Show>
      </article>
    </li>
  );
}
