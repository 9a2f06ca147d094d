import { A, Navigate, useParams } from "@solidjs/router";
import { For, Match, Show, Switch, createResource, createSignal, onCleanup, onMount } from "solid-js";
import type { Booking } from "../../../worker/contracts/bookings";
import BookingCard from "../components/BookingCard";
import ErrorPanel from "../components/ErrorPanel";
import Loadable from "../components/Loadable";
import Screen from "../components/Screen";
import { loadService } from "../data/booking";
import { user } from "../data/session";
import { newYclientsBookings, resolveYclients, telHref } from "../data/yclients";
import { t } from "../i18n";
import { settled } from "../resource";
import { formatPhone } from "../format";

const POLL_MS = 5_000;

/**
 * Booking of a YClients-linked service in the YClients widget. Success is not
 * guessed from the iframe: the booking is shown once YClients' webhook has
 * brought it in (polled while the screen is open). Route: /yclients/:id.
 */
export default function YClients() {
  const params = useParams<{ id: string }>();
  const serviceId = () => Number(params.id);
  const [service] = createResource(serviceId, loadService);
  const [route, { refetch }] = createResource(serviceId, (id) => resolveYclients(id));
  const [arrived, setArrived] = createSignal<Booking[]>([]);
  const openedAt = Date.now();

  onMount(() => {
    const timer = setInterval(async () => {
      if (!user() || !navigator.onLine || settled(route)?.kind !== "widget") return;
      try {
        setArrived(await newYclientsBookings(openedAt));
      } catch {
        // next tick
      }
    }, POLL_MS);
    onCleanup(() => clearInterval(timer));
  });

  return (
    <Screen title={t("yc.title")} back={{ href: `/services/${params.id}`, label: t("common.back") }}>
      <Show when={settled(service)}>{(s) => <p class="lead">{s().data.service.name}</p>}</Show>
      <Loadable of={route} errorTitle={t("yc.error")} onRetry={() => void refetch()} rows={3}>
        {(r) => (
          <Switch>
            <Match when={r().kind === "internal"}>
              <Navigate href={`/book/${params.id}`} />
            </Match>
            <Match when={r().kind === "fallback"}>
              <section class="card" role="status">
                <p class="notice notice--cache">{t("yc.fallback")}</p>
                <A href={`/book/${params.id}`} class="btn btn--primary btn--wide">
                  {t("yc.fallbackBook")}
                </A>
              </section>
            </Match>
            <Match when={r().kind === "phone" ? (r() as { phone: string | null }) : undefined}>
              {(p) => (
                <section class="card" role="status">
                  <p>{t("yc.callSalon")}</p>
                  <Show when={p().phone} fallback={<ErrorPanel title={t("yc.error")} message={t("yc.callSalon")} onRetry={() => void refetch()} />}>
                    {(phone) => (
                      <a href={telHref(phone())} class="btn btn--primary btn--wide">
                        {t("yc.call", { phone: formatPhone(phone()) })}
                      </a>
                    )}
                  </Show>
                </section>
              )}
            </Match>
            <Match when={r().kind === "widget" ? (r() as { url: string }) : undefined}>
              {(w) => (
                <>
                  <p class="notice notice--cache" role="status">
                    {t("yc.explain")}
                  </p>
                  <Show when={!user()}>
                    <p class="hint">
                      <A href={`/signin?next=/yclients/${params.id}`}>{t("nav.signIn")}</A> — {t("yc.signInHint")}
                    </p>
                  </Show>
                  <Show when={arrived().length > 0}>
                    <section aria-live="polite">
                      <h2 class="section-title">{t("yc.arrived")}</h2>
                      <ul class="service-list">
                        <For each={arrived()}>{(b) => <BookingCard booking={b} />}</For>
                      </ul>
                    </section>
                  </Show>
                  <iframe class="yc-frame" src={w().url} title={t("yc.frameTitle")} loading="eager" referrerpolicy="no-referrer-when-downgrade" />
                </>
              )}
            </Match>
          </Switch>
        )}
      </Loadable>
    </Screen>
  );
}
