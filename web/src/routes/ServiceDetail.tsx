import { A, useParams } from "@solidjs/router";
import { For, Match, Show, Switch, createEffect, createResource } from "solid-js";
import Loadable from "../components/Loadable";
import SavedCopy from "../components/SavedCopy";
import ClassSessions from "../components/ClassSessions";
import Screen from "../components/Screen";
import { loadService, warmMyBookings } from "../data/booking";
import { user } from "../data/session";
import { prefetchFavourite } from "../data/slots";
import { resolveYclients, telHref } from "../data/yclients";
import { formatDuration, formatPhone, formatPrice } from "../format";
import { intlLocale, locale, t } from "../i18n";
import { settled } from "../resource";

/**
 * Description, price, duration, add-ons and masters of one service; offline
 * from its saved copy, or from the saved catalog and masters. Route: /services/:id.
 */
export default function ServiceDetail() {
  const params = useParams<{ id: string }>();
  const [detail, { refetch }] = createResource(() => Number(params.id), loadService);
  const service = () => settled(detail)?.data.service;
  // Online, the favourite master's next free days are saved, so this service can be booked offline later.
  createEffect(() => {
    const loaded = settled(detail)?.data;
    const me = user();
    if (loaded?.service.booking_method !== "internal") return;
    void warmMyBookings(me).then(() => prefetchFavourite(loaded.service.id, loaded.staff.map((m) => m.id)));
  });
  // Linked services follow the API's routing decision (form, fallback, phone).
  const [route] = createResource(
    () => (service()?.booking_method === "yclients" ? service()!.id : undefined),
    (id) => resolveYclients(id).catch(() => undefined),
  );

  return (
    <Screen title={service()?.name ?? t("service.title")} back={{ href: "/", label: t("common.backToServices") }}>
      <Loadable of={detail} errorTitle={t("service.error")} onRetry={() => void refetch()} rows={3}>
        {(loaded) => (
          <>
            <SavedCopy loaded={loaded()} onRetry={() => void refetch()} />
            <section class="card">
              <Show when={loaded().data.service.description}>{(d) => <p class="lead">{d()}</p>}</Show>
              <dl class="facts">
                <div>
                  <dt>{t("catalog.duration")}</dt>
                  <dd>{formatDuration(loaded().data.service.duration_min, locale())}</dd>
                </div>
                <div>
                  <dt>{t("catalog.price")}</dt>
                  <dd class="service__price">{formatPrice(loaded().data.service.price, intlLocale())}</dd>
                </div>
                <Show when={loaded().data.service.prepayment.kind !== "none"}>
                  <div>
                    <dt>{t("service.prepayment")}</dt>
                    <dd>{t(`service.prepayment.${loaded().data.service.prepayment.kind as "full"}`, { value: loaded().data.service.prepayment.kind === "deposit_fixed" ? formatPrice({ amount_minor: loaded().data.service.prepayment.value, currency: loaded().data.service.price.currency }, intlLocale()) : loaded().data.service.prepayment.value })}</dd>
                  </div>
                </Show>
              </dl>
              <Show when={loaded().data.service.addons.length > 0}>
                <h2 class="section-title">{t("catalog.addons")}</h2>
                <ul class="plain-list">
                  <For each={loaded().data.service.addons}>
                    {(a) => (
                      <li>
                        {a.name} · +{formatPrice(a.price, intlLocale())}, +{formatDuration(a.duration_min, locale())}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </section>
            <section class="card" aria-labelledby="masters-title">
              <h2 class="section-title" id="masters-title">
                {t("service.masters")}
              </h2>
              <ul class="plain-list masters">
                <For each={loaded().data.staff} fallback={<li>{t("service.noMasters")}</li>}>
                  {(m) => (
                    <li>
                      <A href={`/masters/${m.id}`}>
                        <strong>{m.name}</strong>
                      </A>
                      <Show when={m.specialization}>{(s) => <span class="muted"> · {s()}</span>}</Show>
                      <Show when={m.own_terms}>
                        {(own) => (
                          <span class="muted" data-testid="own-terms">
                            {" · "}
                            {formatDuration(own().duration_min, locale())}, {formatPrice(own().price, intlLocale())}
                          </span>
                        )}
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </section>
            <Show when={loaded().data.service.is_class}>
              <ClassSessions serviceId={loaded().data.service.id} serviceName={loaded().data.service.name} />
            </Show>
            <Show when={!loaded().data.service.is_class}>
            <div class="actions">
              <Switch
                fallback={
                  <A href={`/book/${loaded().data.service.id}`} class="btn btn--primary btn--wide">
                    {t("service.book")}
                  </A>
                }
              >
                <Match when={settled(route)?.kind === "phone" ? (settled(route) as { phone: string | null }).phone : undefined}>
                  {(phone) => (
                    <a href={telHref(phone())} class="btn btn--primary btn--wide">
                      {t("yc.call", { phone: formatPhone(phone()) })}
                    </a>
                  )}
                </Match>
                <Match when={settled(route)?.kind === "fallback"}>
                  <p class="notice notice--cache" role="status">
                    {t("yc.fallback")}
                  </p>
                  <A href={`/book/${loaded().data.service.id}`} class="btn btn--primary btn--wide">
                    {t("yc.fallbackBook")}
                  </A>
                </Match>
                <Match when={loaded().data.service.booking_method === "yclients" && settled(route)?.kind !== "internal"}>
                  {/* The YClients screen asks again; offline or unknown, it is the way in. */}
                  <A href={`/yclients/${loaded().data.service.id}`} class="btn btn--primary btn--wide">
                    {t("service.bookYclients")}
                  </A>
                </Match>
              </Switch>
              {/* A visit is booked on our screens: services YClients books itself join one only while it routes them to us. */}
              <Show when={loaded().data.service.booking_method === "internal" || settled(route)?.kind === "internal" || settled(route)?.kind === "fallback"}>
                <A href={`/visit?items=${loaded().data.service.id}:any`} class="btn btn--wide" data-testid="add-service">
                  {t("visit.addAnother")}
                </A>
              </Show>
            </div>
            </Show>
          </>
        )}
      </Loadable>
    </Screen>
  );
}
