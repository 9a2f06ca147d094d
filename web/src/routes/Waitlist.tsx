import { A } from "@solidjs/router";
import { For, Show, createResource } from "solid-js";
import type { WaitlistEntry } from "../../../worker/contracts/waitlist";
import Loadable from "../components/Loadable";
import Screen from "../components/Screen";
import { leaveWaitlist, listWaitlist } from "../data/endpoints";
import { user } from "../data/session";
import { formatDay } from "../format";
import { intlLocale, t, type TranslationKey } from "../i18n";

const OPEN = new Set<WaitlistEntry["state"]>(["waiting", "offered"]);

/** The customer's waitlist entries: what they wait for, offers to answer, leave. Route: /waitlist. */
export default function Waitlist() {
  const [list, { refetch }] = createResource(() => user()?.id, () => listWaitlist());
  const leave = async (id: number) => {
    await leaveWaitlist(id).catch(() => undefined);
    await refetch();
  };
  return (
    <Screen title={t("wl.title")} back={{ href: "/bookings", label: t("common.back") }}>
      <Loadable of={list} errorTitle={t("my.error")} onRetry={() => void refetch()} rows={2}>
        {(loaded) => (
          <ul class="service-list waitlist">
            <For each={loaded().entries} fallback={<li class="empty-note">{t("wl.empty")}</li>}>
              {(e) => (
                <li class="service waitlist-entry" data-entry-id={e.id} data-state={e.state}>
                  <div class="service__head">
                    <h3 class="service__name">{e.service.name}</h3>
                    <span class={`badge badge--status badge--wl-${e.state}`}>{t(`wl.state.${e.state}` as TranslationKey)}</span>
                  </div>
                  <p>
                    {formatDay(e.date, intlLocale())} · {e.from_time || e.to_time ? `${e.from_time ?? ""}–${e.to_time ?? ""}` : t("wl.anyTime")}
                    <span class="muted"> · {e.staff?.name ?? t("wl.anyMaster")}</span>
                  </p>
                  <div class="actions">
                    <Show when={e.state === "offered"}>
                      <A class="btn btn--primary btn--small" href={`/waitlist/${e.id}`}>
                        {t("wl.seeOffer")}
                      </A>
                    </Show>
                    <Show when={e.booking_id}>{(id) => <A class="btn btn--small" href={`/bookings/${id()}`}>{t("wl.seeBooking")}</A>}</Show>
                    <Show when={OPEN.has(e.state)}>
                      <button type="button" class="btn btn--small" onClick={() => void leave(e.id)}>
                        {t("wl.leave")}
                      </button>
                    </Show>
                  </div>
                </li>
              )}
            </For>
          </ul>
        )}
      </Loadable>
    </Screen>
  );
}
