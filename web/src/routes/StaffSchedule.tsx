import { A, useSearchParams } from "@solidjs/router";
import { For, Match, Show, Switch, createMemo, createResource, createSignal, onCleanup, onMount } from "solid-js";
import type { Booking, UpdateBookingBody } from "../../../worker/contracts/bookings";
import { statusKey } from "../components/BookingCard";
import FormError from "../components/FormError";
import Loadable from "../components/Loadable";
import SavedCopy from "../components/SavedCopy";
import Screen from "../components/Screen";
import { ApiRequestError } from "../data/api";
import { loadSchedule } from "../data/booking";
import { updateBooking } from "../data/endpoints";
import { errorMessage } from "../data/errors";
import { enqueueUpdate, outboxEntries } from "../data/outbox-client";
import { FALLBACK_TIME_ZONE, loadSalon } from "../data/salon";
import { isStaff, sessionReady, user } from "../data/session";
import { addDays, formatDay, formatDuration, formatPhone, mondayOf, todayIn } from "../format";
import { intlLocale, locale, t } from "../i18n";
import { settled } from "../resource";

/** A master's "my day" / "my week", readable offline; visits can be marked done or no-show. Route: /staff. */
export default function StaffSchedule() {
  const [params, setParams] = useSearchParams<{ view?: string; date?: string }>();
  const [salon] = createResource(loadSalon);
  // "Today" is the salon's; the fallback zone only until GET /salon (or its saved copy) answers.
  const timeZone = () => settled(salon)?.data.salon.time_zone ?? FALLBACK_TIME_ZONE;
  const view = () => (params.view === "week" ? "week" : "day");
  const date = () => (params.date && /^\d{4}-\d{2}-\d{2}$/.test(params.date) ? params.date : todayIn(timeZone()));
  const range = () => (view() === "day" ? { from: date(), to: date() } : { from: mondayOf(date()), to: addDays(mondayOf(date()), 6) });

  const [list, { refetch, mutate }] = createResource(
    () => {
      const u = user();
      return u ? { userId: u.id, ...range() } : false;
    },
    (q) => loadSchedule(q.userId, q.from, q.to),
  );
  const [error, setError] = createSignal<string | null>(null);
  onMount(() => {
    const onOnline = () => void refetch();
    window.addEventListener("online", onOnline);
    onCleanup(() => window.removeEventListener("online", onOnline));
  });

  const byDay = createMemo(() => {
    const groups = new Map<string, Booking[]>();
    for (const b of [...(settled(list)?.data.bookings ?? [])].sort((a, c) => a.start_at.localeCompare(c.start_at))) {
      groups.set(b.local_date, [...(groups.get(b.local_date) ?? []), b]);
    }
    return [...groups.entries()];
  });
  const queued = (b: Booking) => outboxEntries().find((e) => e.kind === "update" && e.bookingId === b.id && e.state !== "sent");

  const mark = async (b: Booking, action: "complete" | "no_show") => {
    const me = user();
    if (!me) return;
    setError(null);
    const body: UpdateBookingBody = { action };
    const summary = { serviceName: b.service?.name ?? "", staffName: b.staff?.name ?? null, date: b.local_date, time: b.local_time };
    try {
      if (!navigator.onLine) return await enqueueUpdate(me.id, b.id, body, summary);
      const { booking } = await updateBooking(b.id, body);
      const current = settled(list);
      if (current) mutate({ ...current, data: { ...current.data, bookings: current.data.bookings.map((x) => (x.id === booking.id ? booking : x)) } });
    } catch (err) {
      if (err instanceof ApiRequestError && err.isNetwork) return await enqueueUpdate(me.id, b.id, body, summary);
      setError(errorMessage(err, locale()));
    }
  };

  const shift = (days: number) => setParams({ date: addDays(date(), days) });

  return (
    <Screen title={t(view() === "day" ? "staff.day" : "staff.week")}>
      <Switch>
        <Match when={sessionReady() && !isStaff()}>
          <div class="empty">
            <p>{t("staff.only")}</p>
            <Show when={!user()}>
              <A class="btn btn--primary" href="/signin?next=/staff">
                {t("nav.signIn")}
              </A>
            </Show>
          </div>
        </Match>
        <Match when={true}>
          <div class="toolbar">
            <div class="segmented" role="group" aria-label={t("staff.viewLabel")}>
              <button type="button" class="btn btn--small" aria-pressed={view() === "day"} onClick={() => setParams({ view: "day" })}>
                {t("staff.day")}
              </button>
              <button type="button" class="btn btn--small" aria-pressed={view() === "week"} onClick={() => setParams({ view: "week" })}>
                {t("staff.week")}
              </button>
            </div>
            <div class="pager">
              <button type="button" class="btn btn--small" onClick={() => shift(view() === "day" ? -1 : -7)} aria-label={t("staff.prev")}>
                ‹
              </button>
              <span class="pager__label">
                {view() === "day"
                  ? formatDay(date(), intlLocale(), { weekday: "long", day: "numeric", month: "long" })
                  : `${formatDay(range().from, intlLocale(), { day: "numeric", month: "short" })} – ${formatDay(range().to, intlLocale(), { day: "numeric", month: "short" })}`}
              </span>
              <button type="button" class="btn btn--small" onClick={() => shift(view() === "day" ? 1 : 7)} aria-label={t("staff.next")}>
                ›
              </button>
            </div>
          </div>
          <FormError message={error()} />
          <Loadable of={list} errorTitle={t("staff.error")} onRetry={() => void refetch()} rows={3}>
            {(loaded) => (
              <>
                <SavedCopy loaded={loaded()} onRetry={() => void refetch()} />
                <Show when={byDay().length > 0} fallback={<p class="empty-note">{t("staff.empty")}</p>}>
                  <For each={byDay()}>
                    {([day, items]) => (
                      <section class="category" aria-label={formatDay(day, intlLocale())}>
                        <Show when={view() === "week"}>
                          <h2 class="category__title">{formatDay(day, intlLocale(), { weekday: "long", day: "numeric", month: "long" })}</h2>
                        </Show>
                        <ul class="service-list service-list--single">
                          <For each={items}>
                            {(b) => (
                              <li class="service visit" data-booking-id={b.id} data-status={b.status}>
                                <div class="service__head">
                                  <h3 class="service__name">
                                    <span class="visit__time">{b.local_time}</span> {b.service?.name}
                                  </h3>
                                  <span class={`badge badge--status badge--${b.status}`}>{t(statusKey(b.status))}</span>
                                </div>
                                <p>
                                  {b.customer_name ?? t("staff.noName")} ·{" "}
                                  <a href={`tel:${b.phone}`} class="tel">
                                    {formatPhone(b.phone)}
                                  </a>
                                </p>
                                <p class="muted">
                                  {formatDuration(b.duration_min, locale())}
                                  <Show when={b.addons.length > 0}> · {t("details.addons")}: {b.addons.map((a) => a.name).join(", ")}</Show>
                                </p>
                                <Show when={b.notes}>
                                  {(n) => (
                                    <p class="visit__notes">
                                      {t("details.notes")}: {n()}
                                    </p>
                                  )}
                                </Show>
                                <Show when={queued(b)}>
                                  {(e) => <p class="pending-note">{t("staff.markWaiting", { action: t(`staff.action.${(e().body as { action: "complete" | "no_show" }).action}`) })}</p>}
                                </Show>
                                <Show when={(b.status === "pending" || b.status === "confirmed") && !queued(b)}>
                                  <div class="actions">
                                    <button type="button" class="btn btn--small" onClick={() => void mark(b, "complete")}>
                                      {t("staff.action.complete")}
                                    </button>
                                    <button type="button" class="btn btn--small" onClick={() => void mark(b, "no_show")}>
                                      {t("staff.action.no_show")}
                                    </button>
                                  </div>
                                </Show>
                              </li>
                            )}
                          </For>
                        </ul>
                      </section>
                    )}
                  </For>
                </Show>
              </>
            )}
          </Loadable>
        </Match>
      </Switch>
    </Screen>
  );
}
