import { A, useParams, useSearchParams } from "@solidjs/router";
import { Match, Show, Switch, createEffect, createResource, createSignal, on, onCleanup, onMount } from "solid-js";
import type { Booking } from "../../../worker/contracts/bookings";
import type { Salon } from "../../../worker/contracts/catalog";
import Alternatives from "../components/Alternatives";
import BookingFacts from "../components/BookingFacts";
import CancelConfirm from "../components/CancelConfirm";
import BookingMoney from "../components/BookingMoney";
import FormError from "../components/FormError";
import Loadable from "../components/Loadable";
import PaymentPanel from "../components/PaymentPanel";
import SavedCopy from "../components/SavedCopy";
import Screen from "../components/Screen";
import { ApiRequestError } from "../data/api";
import { loadBooking, recallPayment } from "../data/booking";
import { changeRule } from "../data/cancellation";
import { getBooking, getPayment, updateBooking } from "../data/endpoints";
import { errorKey, errorMessage } from "../data/errors";
import { afterPayment, bookingHeading } from "../data/money";
import { downloadBookingIcs } from "../data/calendar-file";
import { chooseAlternative, dropEntry, enqueueUpdate, outboxEntries } from "../data/outbox-client";
import { otherTimes, pendingChange } from "../data/outbox-logic";
import { FALLBACK_TIME_ZONE, loadSalon } from "../data/salon";
import { user } from "../data/session";
import { formatDay, formatPhone } from "../format";
import { intlLocale, locale, t } from "../i18n";
import { settled } from "../resource";

const POLL_MS = 2_000;
const POLL_LIMIT_MS = 90_000;
/** How often "may still cancel online" is re-checked while the page is open. */
const CLOCK_TICK_MS = 30_000;
const ACTIVE = ["held", "pending", "confirmed"];

/** A booking: confirmation after booking or paying, add to calendar, cancel, reschedule. Route: /bookings/:id. */
export default function BookingPage() {
  const params = useParams<{ id: string }>();
  const [search] = useSearchParams<{ paid?: string; new?: string; moved?: string }>();
  const id = () => Number(params.id);
  const [loaded, { refetch, mutate }] = createResource(id, loadBooking);
  // Name and address for the confirmation and the .ics, the cancellation window for the buttons.
  const [salonRes] = createResource(loadSalon);
  const salon = (): Salon | undefined => settled(salonRes)?.data.salon;
  const [now, setNow] = createSignal(Date.now());
  onMount(() => {
    const tick = setInterval(() => setNow(Date.now()), CLOCK_TICK_MS);
    onCleanup(() => clearInterval(tick));
  });

  const [paymentState, setPaymentState] = createSignal<"waiting" | "failed" | "timeout" | null>(null);
  const [confirmCancel, setConfirmCancel] = createSignal(false);
  const [actionError, setActionError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  // Back from the payment page: the provider's webhook confirms the booking
  // a moment later, so poll (bounded) until it does.
  onMount(() => {
    if (!search.paid) return;
    setPaymentState("waiting");
    const started = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const paymentId = recallPayment(id());
        // Asking for the payment re-checks it with the provider, so a decline shows before its notification arrives.
        const declined = paymentId !== null && (await getPayment(paymentId)).payment.status === "canceled";
        const fresh = await getBooking(id());
        mutate({ data: fresh, fetchedAt: Date.now(), source: "network" });
        const after = afterPayment(fresh.booking, declined);
        if (after !== "waiting") return setPaymentState(after);
      } catch {
        // keep polling: the network may be back next time
      }
      if (Date.now() - started > POLL_LIMIT_MS) return setPaymentState("timeout");
      timer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    onCleanup(() => clearTimeout(timer));
  });

  // A cancel or a move made offline: waiting, in conflict (a move whose time was taken), or failed.
  const pending = () => pendingChange(outboxEntries(), id());
  const pendingMove = () => {
    const e = pending();
    return e?.body.action === "reschedule" ? e : undefined;
  };
  const queuedCancel = () => pending() !== undefined;
  // "Moved": right after an online move (?moved=1), or when the outbox's replay of one went through.
  // The time a move replayed from the outbox went to; "moved" shows once the booking read back has it.
  const [replayedMove, setReplayedMove] = createSignal<{ date: string; time: string } | null>(null);
  const handled = new Set<string>();
  // Back online: the saved copy gives way to the salon's answer.
  onMount(() => {
    const onOnline = () => void refetch();
    window.addEventListener("online", onOnline);
    onCleanup(() => window.removeEventListener("online", onOnline));
  });
  const moved = () => {
    const to = replayedMove();
    const b = settled(loaded)?.data.booking;
    return search.moved === "1" || (to !== null && b?.local_date === to.date && b.local_time === to.time);
  };
  createEffect(
    on(
      () => outboxEntries().find((e) => e.kind === "update" && e.bookingId === id() && e.state === "sent"),
      async (sent) => {
        if (!sent || handled.has(sent.id)) return;
        handled.add(sent.id);
        if (sent.kind === "update" && sent.body.action === "reschedule") setReplayedMove({ date: sent.summary.date, time: sent.summary.time });
        await refetch();
        await dropEntry(sent.id);
      },
    ),
  );
  // Without the salon (not loaded, no saved copy) the buttons show and the API's 422 explains.
  const rule = (b: Booking) => changeRule(b, user()?.role, salon()?.cancellation_window_hours ?? null, now());
  const changeable = (b: Booking) => rule(b).kind === "open" && !queuedCancel();
  const openUntil = (b: Booking) => {
    const r = rule(b);
    return r.kind === "open" ? r.until : null;
  };
  const deadline = (until: number) =>
    new Intl.DateTimeFormat(intlLocale(), {
      day: "numeric",
      month: "long",
      hour: "2-digit",
      minute: "2-digit",
      timeZone: salon()?.time_zone ?? FALLBACK_TIME_ZONE,
    }).format(new Date(until));

  const downloadIcs = (b: Booking) =>
    downloadBookingIcs(
      b,
      [b.service?.name ?? t("booking.unknownService"), salon()?.name].filter(Boolean).join(" — "),
      salon()?.address ?? undefined,
      b.staff ? t("booking.icsMaster", { name: b.staff.name }) : undefined,
    );

  const cancel = async (b: Booking) => {
    const me = user();
    if (!me) return;
    setBusy(true);
    setActionError(null);
    const summary = { serviceName: b.service?.name ?? "", staffName: b.staff?.name ?? null, date: b.local_date, time: b.local_time };
    try {
      if (!navigator.onLine) {
        await enqueueUpdate(me.id, b.id, { action: "cancel" }, summary);
      } else {
        const result = await updateBooking(b.id, { action: "cancel" });
        mutate({ data: result, fetchedAt: Date.now(), source: "network" });
      }
      setConfirmCancel(false);
    } catch (err) {
      if (err instanceof ApiRequestError && err.isUnreachable) {
        await enqueueUpdate(me.id, b.id, { action: "cancel" }, summary);
        setConfirmCancel(false);
      } else setActionError(errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title={moved() ? t("move.title") : t(bookingHeading(settled(loaded)?.data.booking, !!(search.new || search.paid), now()))} back={{ href: "/bookings", label: t("nav.myBookings") }}>
      <Loadable of={loaded} errorTitle={t("booking.error")} onRetry={() => void refetch()} rows={3}>
        {(current) => {
          const b = () => current().data.booking;
          return (
            <>
              <SavedCopy loaded={current()} onRetry={() => void refetch()} />
              <Show when={paymentState()}>
                {(state) => (
                  <p class={`notice ${state() === "waiting" ? "notice--cache" : "notice--error"}`} role="status">
                    {t(`pay.${state()}`)}
                  </p>
                )}
              </Show>
              <BookingFacts booking={b()} address={salon() ? [salon()!.name, salon()!.address].filter(Boolean).join(", ") : null} />
              <BookingMoney booking={b()} />
              <PaymentPanel booking={b()} now={now()} timeZone={salon()?.time_zone ?? FALLBACK_TIME_ZONE} />
              <Show when={moved() && ACTIVE.includes(b().status)}>
                <p class="notice notice--ok" role="status" data-testid="moved-notice">
                  {t("move.done", { when: `${formatDay(b().local_date, intlLocale(), { weekday: "long", day: "numeric", month: "long" })}, ${b().local_time}` })}
                </p>
              </Show>
              <Switch>
                <Match when={pendingMove()?.state === "conflict" ? pendingMove() : undefined}>
                  {(e) => (
                    <div class="error-panel" role="alert" data-testid="move-conflict">
                      <p>{t("move.conflict")}</p>
                      <Alternatives
                        alternatives={otherTimes(e().alternatives ?? [], { staffId: b().staff?.id ?? null, startAt: b().start_at })}
                        onPick={(alt) => void chooseAlternative(e(), alt)}
                      />
                      <button type="button" class="btn btn--small" onClick={() => void dropEntry(e().id)}>
                        {t("outbox.dismiss")}
                      </button>
                    </div>
                  )}
                </Match>
                <Match when={pending()?.state === "failed" ? pending() : undefined}>
                  {(e) => (
                    <div class="error-panel" role="alert">
                      <p>
                        {t("my.changeFailed")}: {t(errorKey(e().error?.code ?? ""))}
                      </p>
                      <button type="button" class="btn btn--small" onClick={() => void dropEntry(e().id)}>
                        {t("outbox.dismiss")}
                      </button>
                    </div>
                  )}
                </Match>
                <Match when={pendingMove()}>
                  {(e) => (
                    <p class="pending-note" role="status" data-testid="move-waiting">
                      {t("move.waiting", { when: `${formatDay(e().summary.date, intlLocale())}, ${e().summary.time}` })}
                    </p>
                  )}
                </Match>
                <Match when={queuedCancel()}>
                  <p class="pending-note" role="status">
                    {t("my.cancelWaiting")}
                  </p>
                </Match>
              </Switch>
              <FormError message={actionError()} />
              <Show when={!queuedCancel()}>
                <Switch>
                  <Match when={openUntil(b())}>
                    {(until) => (
                      <p class="hint" data-testid="change-window">
                        {t("booking.changeUntil", { time: deadline(until()) })}
                      </p>
                    )}
                  </Match>
                  <Match when={rule(b()).kind === "closed"}>
                    <p class="hint" data-testid="change-window">
                      {t("booking.changeClosed")}
                      <Show when={salon()?.phone}>
                        {(phone) => (
                          <>
                            {" "}
                            <a href={`tel:${phone()}`} class="tel">
                              {formatPhone(phone())}
                            </a>
                          </>
                        )}
                      </Show>
                    </p>
                  </Match>
                </Switch>
              </Show>
              <div class="actions actions--wrap">
                <Show when={ACTIVE.includes(b().status)}>
                  <button type="button" class="btn" onClick={() => downloadIcs(b())}>
                    {t("booking.addToCalendar")}
                  </button>
                </Show>
                <Show when={changeable(b()) && b().channel === "internal" && b().service}>
                  <A class="btn" href={`/book/${b().service!.id}?reschedule=${b().id}&date=${b().local_date}${b().staff ? `&staff=${b().staff!.id}` : ""}`}>
                    {t("booking.reschedule")}
                  </A>
                </Show>
                <Show when={changeable(b())}>
                  <CancelConfirm confirming={confirmCancel()} busy={busy()} onAsk={() => setConfirmCancel(true)} onKeep={() => setConfirmCancel(false)} onConfirm={() => void cancel(b())} />
                </Show>
              </div>
            </>
          );
        }}
      </Loadable>
    </Screen>
  );
}
