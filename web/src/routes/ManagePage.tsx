import { A, useNavigate, useParams } from "@solidjs/router";
import { Match, Show, Switch, createResource, createSignal } from "solid-js";
import type { ManagedBooking } from "../../../worker/contracts/manage";
import BookingFacts from "../components/BookingFacts";
import CancelConfirm from "../components/CancelConfirm";
import FormError from "../components/FormError";
import PageSkeleton from "../components/PageSkeleton";
import SlotGrid from "../components/SlotGrid";
import Screen from "../components/Screen";
import { ApiRequestError } from "../data/api";
import { downloadBookingIcs } from "../data/calendar-file";
import { getDaySlots, type Slot } from "../data/endpoints";
import { errorMessage } from "../data/errors";
import { changeManaged, getManaged, tokenOfUrl } from "../data/manage";
import { formatDay, formatPhone, todayIn } from "../format";
import { intlLocale, locale, t } from "../i18n";

const ACTIVE = ["held", "pending", "confirmed"];

/** A booking opened from the link in its message, no sign-in: view, add to calendar, cancel, move. Route: /m/:token. */
export default function ManagePage() {
  const params = useParams<{ token: string }>();
  const navigate = useNavigate();
  const [data, { mutate }] = createResource(() => params.token, async (token) => {
    try {
      return { ok: true as const, value: await getManaged(token) };
    } catch (err) {
      if (err instanceof ApiRequestError && (err.status === 404 || err.status === 410)) return { ok: false as const, error: err };
      throw err;
    }
  });
  const [confirmCancel, setConfirmCancel] = createSignal(false);
  const [moving, setMoving] = createSignal(false);
  const [date, setDate] = createSignal<string | null>(null);
  // The slot itself, not its wall label: on the day the clocks go back two slots read 02:30.
  const [picked, setPicked] = createSignal<Slot | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);

  const apply = (next: ManagedBooking, message: string) => {
    mutate({ ok: true, value: next });
    setNotice(message);
    setConfirmCancel(false);
    setMoving(false);
    setPicked(null);
    // A move gives the booking a new link; the old one is dead now.
    const fresh = next.manage_url ? tokenOfUrl(next.manage_url) : null;
    if (fresh && fresh !== params.token) navigate(`/m/${fresh}`, { replace: true });
  };

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  const cancel = () => run(async () => apply(await changeManaged(params.token, { action: "cancel" }), t("manage.cancelled")));
  const move = () =>
    run(async () => {
      const slot = picked()!;
      const when = `${formatDay(date()!, intlLocale())} ${slot.time}`;
      apply(await changeManaged(params.token, { action: "reschedule", appointment_datetime: slot.start_at }), t("manage.moved", { time: when }));
    });

  const [slots] = createResource(
    () => {
      const d = data();
      const m = d?.ok ? d.value : null;
      return moving() && m?.booking.service && m.booking.staff && date() ? { m, date: date()! } : null;
    },
    ({ m, date }) => getDaySlots(m.booking.service!.id, { staffId: m.booking.staff!.id, date, addons: m.booking.addons.map((a) => a.id) }),
  );

  const deadline = (iso: string, zone: string) =>
    new Intl.DateTimeFormat(intlLocale(), { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", timeZone: zone }).format(new Date(iso));

  return (
    <Screen title={t("manage.title")}>
      <Show when={data()} fallback={<Show when={data.error} fallback={<PageSkeleton rows={3} />}>{<p class="notice notice--error">{errorMessage(data.error, locale())}</p>}</Show>}>
        {(loaded) => (
          <Switch>
            <Match when={!loaded().ok && loaded()}>
              {(bad) => {
                const err = () => (bad() as { error: ApiRequestError }).error;
                const reason = () => (err().details as { reason?: string } | undefined)?.reason;
                return (
                  <section class="card link-dead" data-testid="link-dead" role="status">
                    <h2>{t(err().status === 404 ? "manage.invalid" : reason() === "cancelled" ? "manage.deadCancelled" : reason() === "moved" ? "manage.deadMoved" : "manage.expired")}</h2>
                    <p>{t("manage.deadHint")}</p>
                    <A class="btn" href="/">
                      {t("notFound.home")}
                    </A>
                  </section>
                );
              }}
            </Match>
            <Match when={loaded().ok && (loaded() as { value: ManagedBooking }).value}>
              {(value) => {
                const m = () => value();
                const b = () => m().booking;
                return (
                  <>
                    <Show when={notice()}>
                      <p class="notice notice--cache" role="status" data-testid="manage-notice">
                        {notice()}
                      </p>
                    </Show>
                    <BookingFacts booking={b()} address={[m().salon.name, m().salon.address].filter(Boolean).join(", ")} />
                    <p class="hint" data-testid="change-window">
                      {m().change_deadline ? t("booking.changeUntil", { time: deadline(m().change_deadline!, m().salon.time_zone) }) : ACTIVE.includes(b().status) ? t("booking.changeClosed") : ""}
                      <Show when={!m().change_deadline && ACTIVE.includes(b().status) && m().salon.phone}>
                        {" "}
                        <a href={`tel:${m().salon.phone}`} class="tel">
                          {formatPhone(m().salon.phone!)}
                        </a>
                      </Show>
                    </p>
                    <FormError message={error()} />
                    <div class="actions actions--wrap">
                      <Show when={ACTIVE.includes(b().status)}>
                        <button
                          type="button"
                          class="btn"
                          onClick={() => downloadBookingIcs(b(), [b().service?.name, m().salon.name].filter(Boolean).join(" — "), m().salon.address ?? undefined, b().staff ? t("booking.icsMaster", { name: b().staff!.name }) : undefined)}
                        >
                          {t("booking.addToCalendar")}
                        </button>
                      </Show>
                      <Show when={m().actions.reschedule && !moving()}>
                        <button
                          type="button"
                          class="btn"
                          onClick={() => {
                            setMoving(true);
                            setDate(b().local_date < todayIn(m().salon.time_zone) ? todayIn(m().salon.time_zone) : b().local_date);
                          }}
                        >
                          {t("booking.reschedule")}
                        </button>
                      </Show>
                      <Show when={m().actions.cancel}>
                        <CancelConfirm confirming={confirmCancel()} busy={busy()} onAsk={() => setConfirmCancel(true)} onKeep={() => setConfirmCancel(false)} onConfirm={() => void cancel()} />
                      </Show>
                    </div>
                    <Show when={moving()}>
                      <section class="card manage-move" aria-label={t("manage.moveTitle")}>
                        <h2>{t("manage.moveTitle")}</h2>
                        <div class="field">
                          <label for="move-date">{t("booking.date")}</label>
                          <input
                            id="move-date"
                            type="date"
                            value={date() ?? ""}
                            min={todayIn(m().salon.time_zone)}
                            onInput={(e) => {
                              setDate(e.currentTarget.value || null);
                              setPicked(null);
                            }}
                          />
                        </div>
                        <Show when={slots()} fallback={<Show when={slots.loading}><PageSkeleton rows={1} /></Show>}>
                          {(day) => (
                            <Show when={day().slots.some((s) => s.available)} fallback={<p class="hint">{t("manage.noTimes")}</p>}>
                              <SlotGrid slots={day().slots.filter((s) => s.available)} day={day().slots} selected={{ time: null, startAt: picked()?.start_at ?? null }} explained={null} onSelect={setPicked} onExplain={() => undefined} />
                            </Show>
                          )}
                        </Show>
                        <div class="actions">
                          <button type="button" class="btn btn--primary" disabled={!picked() || busy()} onClick={() => void move()}>
                            {t("manage.moveConfirm")}
                          </button>
                          <button type="button" class="btn" onClick={() => setMoving(false)}>
                            {t("manage.moveBack")}
                          </button>
                        </div>
                      </section>
                    </Show>
                  </>
                );
              }}
            </Match>
          </Switch>
        )}
      </Show>
    </Screen>
  );
}
