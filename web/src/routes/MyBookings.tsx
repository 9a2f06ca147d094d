import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { For, Match, Show, Switch, createEffect, createMemo, createResource, on, onCleanup, onMount } from "solid-js";
import { abonementRefusal } from "../components/abonement-refusal";
import AbonementCard from "../components/AbonementCard";
import type { AlternativeSlot, Booking } from "../../../worker/contracts/bookings";
import Alternatives from "../components/Alternatives";
import BookingCard from "../components/BookingCard";
import SeriesGroup from "../components/SeriesGroup";
import VisitGroup from "../components/VisitGroup";
import { groupSeries, isSeriesGroup } from "../data/series";
import SeatConflict from "../components/SeatConflict";
import { cancelVisit, groupVisits } from "../data/visits";
import ListSection from "../components/ListSection";
import LoyaltyBalance from "../components/LoyaltyBalance";
import Loadable from "../components/Loadable";
import SavedCopy from "../components/SavedCopy";
import Screen from "../components/Screen";
import { loadMyAbonements } from "../data/abonements";
import { loadMyBookings } from "../data/booking";
import { errorKey } from "../data/errors";
import { chooseAlternative, dropEntry, outboxEntries, refreshOutbox } from "../data/outbox-client";
import { isPending, pendingChange, type OutboxEntry } from "../data/outbox-logic";
import { sessionReady, user } from "../data/session";
import { formatDay } from "../format";
import { intlLocale, t } from "../i18n";
import { settled } from "../resource";

const ACTIVE = new Set<Booking["status"]>(["held", "pending", "confirmed"]);

/** Upcoming and past bookings, plus what waits in the outbox. Route: /bookings. */
export default function MyBookings() {
  const [list, { refetch }] = createResource(() => user()?.id, loadMyBookings);
  // abonements: the usable ones (visits left, expiry, freezes) above the bookings.
  const [abonements, { refetch: refetchAbonements }] = createResource(() => user()?.id, loadMyAbonements);
  const usable = () => (settled(abonements)?.abonements ?? []).filter((a) => (a.status === "active" && !a.expired) || a.status === "awaiting_payment");
  const mine = createMemo(() => outboxEntries().filter((e) => e.userId === user()?.id));
  // ?queued=<key>: the booking just queued offline. Once the salon takes it,
  // its page opens (the confirmation); a conflict shows its alternatives here.
  const [search, setSearch] = useSearchParams<{ queued?: string }>();
  const navigate = useNavigate();
  createEffect(() => {
    const followed = mine().find((e) => e.id === search.queued);
    if (followed?.state === "sent" && followed.bookingId !== null) navigate(`/bookings/${followed.bookingId}?new=1`, { replace: true });
  });
  const pick = async (entry: OutboxEntry, alt: AlternativeSlot) => {
    if (entry.kind === "seat") return;
    const next = await chooseAlternative(entry, alt);
    if (search.queued === entry.id) setSearch({ queued: next.id }, { replace: true });
  };

  // A replay that went through: show the real booking, then forget the entry.
  createEffect(
    on(
      () => mine().filter((e) => e.state === "sent").map((e) => e.id).join(),
      async (sent) => {
        if (!sent) return;
        await Promise.all([refetch(), refetchAbonements()]);
        for (const id of sent.split(",")) await dropEntry(id);
      },
    ),
  );
  onMount(() => {
    void refreshOutbox();
    const onOnline = () => void Promise.all([refetch(), refetchAbonements()]);
    window.addEventListener("online", onOnline);
    onCleanup(() => window.removeEventListener("online", onOnline));
  });

  const now = () => Date.now();
  const bookings = () => settled(list)?.data.bookings ?? [];
  const upcoming = () =>
    bookings()
      .filter((b) => ACTIVE.has(b.status) && Date.parse(b.end_at) >= now())
      .sort((a, b) => a.start_at.localeCompare(b.start_at));
  const past = () =>
    bookings()
      .filter((b) => !(ACTIVE.has(b.status) && Date.parse(b.end_at) >= now()))
      .sort((a, b) => b.start_at.localeCompare(a.start_at));
  const creates = () => mine().filter((e) => e.kind === "create" && e.state !== "sent");
  const changeOf = (b: Booking) => pendingChange(mine(), b.id);

  // A refusal's words: an abonement's own reason (its strings load with the abonement screens), else the usual ones.
  const refusal = (code: string) => abonementRefusal(code) ?? t(errorKey(code));

  const changeNote = (e: OutboxEntry | undefined) => {
    if (!e) return undefined;
    if (e.state === "failed") return `${t("my.changeFailed")}: ${refusal(e.error?.code ?? "")}`;
    if (e.kind !== "update" || e.body.action !== "reschedule") return t("my.cancelWaiting");
    if (e.state === "conflict") return t("move.conflictShort");
    return t("move.waiting", { when: `${formatDay(e.summary.date, intlLocale())}, ${e.summary.time}` });
  };

  return (
    <Screen title={t("my.title")}>
      <Show when={creates().length > 0}>
        <ListSection headingId="outbox-title" class="outbox" title={t("my.outbox")}>
          <For each={creates()}>
            {(entry) => (
              <li class="service outbox-entry" data-state={entry.state} data-outbox-id={entry.id}>
                <div class="service__head">
                  <h3 class="service__name">{entry.summary.serviceName}</h3>
                  <span class={`badge badge--status badge--${entry.state}`}>{t(`outbox.${entry.state}`)}</span>
                </div>
                <p>
                  {formatDay(entry.summary.date, intlLocale())}, {entry.summary.time}
                  <span class="muted"> · {entry.summary.staffName ?? t("book.anyMaster")}</span>
                </p>
                <Show when={isPending(entry)}>
                  <p class="pending-note" role="status">
                    {t("outbox.willConfirm")}
                  </p>
                </Show>
                <Switch>
                  <Match when={entry.state === "conflict" && entry.kind === "create" ? entry.alternatives ?? [] : undefined}>
                    {(alts) => (
                      <div role="alert">
                        <p>{t("conflict.onReplay")}</p>
                        <Alternatives alternatives={alts()} onPick={(alt) => void pick(entry, alt)} />
                      </div>
                    )}
                  </Match>
                  <Match when={entry.state === "conflict" && entry.kind === "seat" ? entry : undefined}>
                    {(seat) => <SeatConflict entry={seat()} />}
                  </Match>
                  <Match when={entry.state === "failed"}>
                    <p role="alert">{refusal(entry.error?.code ?? "")}</p>
                  </Match>
                  <Match when={entry.error}>
                    {(err) => <p class="muted">{refusal(err().code)}</p>}
                  </Match>
                </Switch>
                <div class="actions">
                  <button type="button" class="btn btn--small" onClick={() => void dropEntry(entry.id)}>
                    {entry.state === "conflict" || entry.state === "failed" ? t("outbox.dismiss") : t("outbox.discard")}
                  </button>
                </div>
              </li>
            )}
          </For>
        </ListSection>
      </Show>
      <Show
        when={!(sessionReady() && !user())}
        fallback={
          <div class="empty">
            <p>{t("my.signInFirst")}</p>
            <A class="btn btn--primary" href="/signin?next=/bookings">
              {t("nav.signIn")}
            </A>
          </div>
        }
      >
        <Loadable of={list} errorTitle={t("my.error")} onRetry={() => void refetch()} rows={3}>
          {(loaded) => (
            <>
              <SavedCopy loaded={loaded()} onRetry={() => void refetch()} />
              <LoyaltyBalance currency={loaded().data.bookings[0]?.price.currency ?? "RUB"} />
              <Show when={usable().length > 0}>
                <ListSection headingId="abonements-title" class="abonements" title={t("abon.mine")}>
                  <For each={usable()}>{(a) => <AbonementCard abonement={a} />}</For>
                </ListSection>
              </Show>
              <ListSection headingId="upcoming-title" title={t("my.upcoming")}>
                <For each={groupSeries(groupVisits(upcoming()), (b): b is Booking => !Array.isArray(b))} fallback={<li class="empty-note">{t("my.noUpcoming")}</li>}>
                  {(b) =>
                    isSeriesGroup(b) ? (
                      <SeriesGroup group={b} />
                    ) : Array.isArray(b) ? (
                      <VisitGroup bookings={b} onCancel={async (id) => { await cancelVisit(id); await refetch(); }} />
                    ) : (
                      <BookingCard booking={b} note={changeNote(changeOf(b))} />
                    )
                  }
                </For>
              </ListSection>
              <Show when={past().length > 0}>
                <ListSection headingId="past-title" class="past" title={t("my.past")}>
                  <For each={past()}>{(b) => <BookingCard booking={b} />}</For>
                </ListSection>
              </Show>
              <div class="actions">
                <A href="/" class="btn">
                  {t("my.bookMore")}
                </A>
                <A href="/waitlist" class="btn">
                  {t("wl.open")}
                </A>
                <A href="/abonements" class="btn">
                  {t("abon.open")}
                </A>
              </div>
            </>
          )}
        </Loadable>
      </Show>
    </Screen>
  );
}
