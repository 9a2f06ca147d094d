import { A, useParams, useSearchParams } from "@solidjs/router";
import { Match, Show, Switch, createResource, createSignal, onCleanup, onMount } from "solid-js";
import type { Booking } from "../../../worker/contracts/bookings";
import { statusKey } from "../components/BookingCard";
import ErrorPanel from "../components/ErrorPanel";
import PageSkeleton from "../components/PageSkeleton";
import SavedCopy from "../components/SavedCopy";
import { SALON, loadBooking, recallPayment } from "../data/booking";
import { getBooking, getPayment, updateBooking } from "../data/endpoints";
import { errorMessage } from "../data/errors";
import { buildIcs } from "../data/ics";
import { enqueueUpdate, outboxEntries } from "../data/outbox-client";
import { user } from "../data/session";
import { formatDay, formatDuration, formatPrice } from "../format";
import { intlLocale, locale, t } from "../i18n";
import { usePageTitle } from "../page-title";
import { failed, settled } from "../resource";

const POLL_MS = 2_000;
const POLL_LIMIT_MS = 90_000;
const ACTIVE = ["held", "pending", "confirmed"];

/** A booking: confirmation after booking or paying, add to calendar, cancel, reschedule. Route: /bookings/:id. */
export default function BookingPage() {
  const params = useParams<{ id: string }>();
  const [search] = useSearchParams<{ paid?: string; new?: string; moved?: string }>();
  const id = () => Number(params.id);
  const [loaded, { refetch, mutate }] = createResource(id, loadBooking);
  const booking = () => settled(loaded)?.data.booking;
  usePageTitle(() => t(search.new || search.paid ? "confirm.title" : "booking.title"));

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
        if (paymentId !== null) {
          const { payment } = await getPayment(paymentId);
          if (payment.status === "canceled") return setPaymentState("failed");
        }
        const fresh = await getBooking(id());
        mutate({ data: fresh, fetchedAt: Date.now(), source: "network" });
        if (fresh.booking.status === "confirmed") return setPaymentState(null);
        if (fresh.booking.status === "cancelled") return setPaymentState("failed");
      } catch {
        // keep polling: the network may be back next time
      }
      if (Date.now() - started > POLL_LIMIT_MS) return setPaymentState("timeout");
      timer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    onCleanup(() => clearTimeout(timer));
  });

  const queuedCancel = () => outboxEntries().some((e) => e.kind === "update" && e.bookingId === id() && e.state !== "sent");
  const upcoming = (b: Booking) => ACTIVE.includes(b.status) && Date.parse(b.start_at) > Date.now();

  const downloadIcs = (b: Booking) => {
    const ics = buildIcs({
      uid: `booking-${b.id}@salon`,
      start: b.start_at,
      end: b.end_at,
      stamp: b.created_at,
      summary: `${b.service?.name ?? t("booking.unknownService")} — ${SALON.name}`,
      location: SALON.address,
      description: b.staff ? t("booking.icsMaster", { name: b.staff.name }) : undefined,
    });
    const url = URL.createObjectURL(new Blob([ics], { type: "text/calendar;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `booking-${b.id}.ics`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

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
      const e = err as { isNetwork?: boolean };
      if (e.isNetwork) {
        await enqueueUpdate(me.id, b.id, { action: "cancel" }, summary);
        setConfirmCancel(false);
      } else setActionError(errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="screen">
      <p class="back-link">
        <A href="/bookings">{t("nav.myBookings")}</A>
      </p>
      <h1 class="page-title">{t(search.new || search.paid ? "confirm.title" : "booking.title")}</h1>
      <Switch>
        <Match when={failed(loaded)}>
          <ErrorPanel title={t("booking.error")} message={errorMessage(failed(loaded), locale())} onRetry={() => void refetch()} />
        </Match>
        <Match when={booking()}>
          {(b) => (
            <>
              <SavedCopy loaded={settled(loaded)!} onRetry={() => void refetch()} />
              <Show when={paymentState()}>
                {(state) => (
                  <p class={`notice ${state() === "waiting" ? "notice--cache" : "notice--error"}`} role="status">
                    {t(`pay.${state()}`)}
                  </p>
                )}
              </Show>
              <section class="card confirmation" aria-label={t("booking.details")}>
                <p class="summary__service">{b().service?.name ?? t("booking.unknownService")}</p>
                <dl class="facts facts--rows">
                  <div>
                    <dt>{t("booking.status")}</dt>
                    <dd>
                      <span class={`badge badge--status badge--${b().status}`} data-testid="booking-status">
                        {t(statusKey(b().status))}
                      </span>
                    </dd>
                  </div>
                  <div>
                    <dt>{t("booking.date")}</dt>
                    <dd>{formatDay(b().local_date, intlLocale(), { weekday: "long", day: "numeric", month: "long" })}</dd>
                  </div>
                  <div>
                    <dt>{t("booking.time")}</dt>
                    <dd data-testid="booking-time">
                      {b().local_time} · {formatDuration(b().duration_min, locale())}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("booking.master")}</dt>
                    <dd>{b().staff?.name ?? "—"}</dd>
                  </div>
                  <Show when={b().addons.length > 0}>
                    <div>
                      <dt>{t("details.addons")}</dt>
                      <dd>{b().addons.map((a) => a.name).join(", ")}</dd>
                    </div>
                  </Show>
                  <div>
                    <dt>{t("details.total")}</dt>
                    <dd>{formatPrice(b().price, intlLocale())}</dd>
                  </div>
                  <div>
                    <dt>{t("booking.address")}</dt>
                    <dd>
                      {SALON.name}, {SALON.address}
                    </dd>
                  </div>
                </dl>
              </section>
              <Show when={b().status === "held" && b().prepayment}>
                {(amount) => (
                  <div class="notice notice--cache">
                    <p>{t("pay.needed", { amount: formatPrice(amount(), intlLocale()) })}</p>
                    <A class="btn btn--primary" href={`/bookings/${b().id}/pay`}>
                      {t("pay.go")}
                    </A>
                  </div>
                )}
              </Show>
              <Show when={queuedCancel()}>
                <p class="pending-note" role="status">
                  {t("my.cancelWaiting")}
                </p>
              </Show>
              <Show when={actionError()}>
                {(message) => (
                  <p class="form-error" role="alert">
                    {message()}
                  </p>
                )}
              </Show>
              <div class="actions actions--wrap">
                <Show when={ACTIVE.includes(b().status)}>
                  <button type="button" class="btn" onClick={() => downloadIcs(b())}>
                    {t("booking.addToCalendar")}
                  </button>
                </Show>
                <Show when={upcoming(b()) && !queuedCancel() && b().channel === "internal" && b().service}>
                  <A class="btn" href={`/book/${b().service!.id}?reschedule=${b().id}`}>
                    {t("booking.reschedule")}
                  </A>
                </Show>
                <Show when={upcoming(b()) && !queuedCancel()}>
                  <Show
                    when={confirmCancel()}
                    fallback={
                      <button type="button" class="btn btn--danger" onClick={() => setConfirmCancel(true)}>
                        {t("booking.cancel")}
                      </button>
                    }
                  >
                    <div class="confirm-box" role="group" aria-label={t("booking.cancelConfirm")}>
                      <p>{t("booking.cancelConfirm")}</p>
                      <button type="button" class="btn btn--danger" disabled={busy()} onClick={() => void cancel(b())}>
                        {t("booking.cancelYes")}
                      </button>
                      <button type="button" class="btn" onClick={() => setConfirmCancel(false)}>
                        {t("booking.cancelNo")}
                      </button>
                    </div>
                  </Show>
                </Show>
              </div>
            </>
          )}
        </Match>
        <Match when={true}>
          <PageSkeleton rows={3} />
        </Match>
      </Switch>
    </div>
  );
}
