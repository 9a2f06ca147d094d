import { A, useParams } from "@solidjs/router";
import { For, Show, createResource } from "solid-js";
import Avatar from "../components/Avatar";
import Loadable from "../components/Loadable";
import MasterReviews from "../components/MasterReviews";
import SavedCopy from "../components/SavedCopy";
import Screen from "../components/Screen";
import { loadMaster } from "../data/masters";
import { formatDuration, formatPrice } from "../format";
import { intlLocale, locale, t } from "../i18n";
import { settled } from "../resource";

/**
 * A master's profile: photo, specialization, bio, the services they do
 * with their own price and duration ("book" opens the time step with this
 * master chosen), and their approved reviews. Route: /masters/:id.
 */
export default function MasterProfile() {
  const params = useParams<{ id: string }>();
  const [profile, { refetch }] = createResource(() => Number(params.id), loadMaster);
  const master = () => settled(profile)?.data.staff;

  return (
    <Screen title={master()?.name ?? t("masters.profile")} back={{ href: "/masters", label: t("masters.back") }}>
      <Loadable of={profile} errorTitle={t("masters.error")} onRetry={() => void refetch()} rows={4}>
        {(loaded) => {
          const m = () => loaded().data.staff;
          return (
            <>
              <SavedCopy loaded={loaded()} onRetry={() => void refetch()} />
              <section class="card master-profile">
                <Avatar id={m().id} name={m().name} photoUrl={m().photo_url} size="lg" />
                <div>
                  <Show when={m().specialization}>{(s) => <p class="master-profile__spec">{s()}</p>}</Show>
                  <Show when={m().bio}>{(bio) => <p class="master-profile__bio">{bio()}</p>}</Show>
                </div>
              </section>
              <section class="card" aria-labelledby="master-services">
                <h2 class="section-title" id="master-services">
                  {t("masters.services")}
                </h2>
                <ul class="plain-list master-services">
                  <For each={loaded().data.services.filter((s) => !s.is_addon)} fallback={<li>{t("masters.noServices")}</li>}>
                    {(s) => {
                      const price = () => s.own_terms?.price ?? s.price;
                      const duration = () => s.own_terms?.duration_min ?? s.duration_min;
                      // Services booked in YClients start from their own page (it routes to the form).
                      const href = () => (s.booking_method === "yclients" ? `/services/${s.id}` : `/book/${s.id}?staff=${m().id}`);
                      return (
                        <li class="master-service" data-service-id={s.id}>
                          <span class="master-service__name">{s.name}</span>
                          <span class="muted">
                            {formatDuration(duration(), locale())} · <span class="service__price">{formatPrice(price(), intlLocale())}</span>
                          </span>
                          <A href={href()} class="btn btn--primary master-service__book" aria-label={t("masters.bookService", { service: s.name })}>
                            {t("masters.book")}
                          </A>
                        </li>
                      );
                    }}
                  </For>
                </ul>
              </section>
              <MasterReviews staffId={m().id} />
            </>
          );
        }}
      </Loadable>
    </Screen>
  );
}
