import { useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { Match, Show, Switch, createEffect, createMemo, createResource, createSignal } from "solid-js";
import type { UpdateBookingBody } from "../../../worker/contracts/bookings";
import DayStrip from "../components/DayStrip";
import ErrorPanel from "../components/ErrorPanel";
import FormError from "../components/FormError";
import Loadable from "../components/Loadable";
import MasterPicker from "../components/MasterPicker";
import SavedCopy from "../components/SavedCopy";
import Screen from "../components/Screen";
import SlotGrid from "../components/SlotGrid";
import { ApiRequestError } from "../data/api";
import { loadService, warmMyBookings } from "../data/booking";
import { useDraft } from "../data/draft-store";
import { updateBooking, type Slot } from "../data/endpoints";
import { errorMessage } from "../data/errors";
import { enqueueUpdate, newKey } from "../data/outbox-client";
import { user } from "../data/session";
import { loadDayCounts, loadDaySlots, prefetchFavourite, rememberMaster, savedDates } from "../data/slots";
import { formatDay, formatDuration } from "../format";
import { intlLocale, locale, t } from "../i18n";
import { failed, settled } from "../resource";

/**
 * Step 1 of booking: master, day (with availability dots) and time. Also the
 * reschedule screen (?reschedule=<booking id>&date=<its day>&staff=<its
 * master>, opened on that day with that master). Offline it shows the saved
 * slots with their time, and a reschedule waits in the outbox. Route: /book/:id.
 */
export default function BookSlot() {
  const params = useParams<{ id: string }>();
  const [search] = useSearchParams<{ reschedule?: string; date?: string; staff?: string }>();
  const navigate = useNavigate();
  const serviceId = () => Number(params.id);
  const rescheduleId = () => (search.reschedule ? Number(search.reschedule) : null);
  const { draft, restored, update } = useDraft(serviceId);

  const [detail, { refetch: refetchDetail }] = createResource(serviceId, loadService);

  // A reschedule starts from the booking's own day and master, once.
  const [preselected, setPreselected] = createSignal(false);
  const ready = () => restored() && (preselected() || !rescheduleId());
  createEffect(() => {
    if (!restored() || preselected() || !rescheduleId()) return;
    setPreselected(true);
    const staff = Number(search.staff);
    const date = /^\d{4}-\d{2}-\d{2}$/.test(search.date ?? "") ? search.date! : draft().date;
    update({ staffId: Number.isInteger(staff) && staff > 0 ? staff : draft().staffId, date, time: null });
  });

  // While online, the favourite master's next days are saved for offline booking.
  createEffect(() => {
    const staff = settled(detail)?.data.staff;
    const me = user();
    if (staff) void warmMyBookings(me).then(() => prefetchFavourite(serviceId(), staff.map((m) => m.id)));
  });
  const pickMaster = (staffId: number | "any") => {
    update({ staffId, time: null });
    if (staffId === "any") return;
    void rememberMaster({ staffId, at: Date.now() }).then(() =>
      prefetchFavourite(serviceId(), settled(detail)?.data.staff.map((m) => m.id) ?? []),
    );
  };

  const [days, { refetch: refetchDays }] = createResource(
    () => (ready() ? { staffId: draft().staffId, addons: draft().addons } : false),
    (q) => loadDayCounts(serviceId(), q),
  );
  // Shown from the saved copy: which of its days have their times saved too.
  const [saved] = createResource(
    () => {
      const loaded = settled(days);
      return loaded && loaded.source !== "network" ? { staffId: draft().staffId, addons: draft().addons, at: loaded.fetchedAt } : false;
    },
    (q) => savedDates(serviceId(), q),
  );
  // Pick the first day with free times when none is chosen (or the saved one has passed).
  createEffect(() => {
    const list = settled(days)?.data.days;
    if (!list?.length) return;
    const current = draft().date;
    if (current && list.some((d) => d.date === current)) return;
    const first = list.find((d) => d.available > 0) ?? list[0]!;
    update({ date: first.date, time: null });
  });

  const [slots, { refetch: refetchSlots }] = createResource(
    () => {
      const d = draft();
      return ready() && d.date ? { staffId: d.staffId, date: d.date, addons: d.addons } : false;
    },
    (q) => loadDaySlots(serviceId(), q),
  );
  const [explained, setExplained] = createSignal<string | null>(null);
  const [moveError, setMoveError] = createSignal<string | null>(null);
  const [moving, setMoving] = createSignal(false);

  const selectable = createMemo(() => {
    const time = draft().time;
    return time !== null && (settled(slots)?.data.slots.some((s) => s.time === time && s.available) ?? false);
  });

  const chooseSlot = (slot: Slot) => {
    setExplained(null);
    update({ time: slot.time });
  };

  // One key per distinct move: the outbox replays it with the key it was first sent with.
  let moveKey: { body: string; value: string } | null = null;
  const move = async () => {
    const id = rescheduleId();
    const d = draft();
    const me = user();
    if (!id || !d.date || !d.time) return;
    const body: UpdateBookingBody = { action: "reschedule", appointment_datetime: `${d.date}T${d.time}`, staff_id: d.staffId };
    const serialized = JSON.stringify(body);
    if (moveKey?.body !== serialized) moveKey = { body: serialized, value: newKey() };
    const key = moveKey.value;
    const loaded = settled(detail)?.data;
    const staffName = d.staffId === "any" ? null : loaded?.staff.find((m) => m.id === d.staffId)?.name ?? null;
    const summary = { serviceName: loaded?.service.name ?? "", staffName, date: d.date, time: d.time };
    // Offline, or the salon unreachable: the move waits in the outbox and the booking page says so.
    const queue = async (user: { id: number }) => {
      await enqueueUpdate(user.id, id, body, summary, key);
      navigate(`/bookings/${id}`);
    };
    setMoving(true);
    setMoveError(null);
    try {
      if (!navigator.onLine && me) return await queue(me);
      await updateBooking(id, body, undefined, key);
      navigate(`/bookings/${id}?moved=1`);
    } catch (err) {
      if (err instanceof ApiRequestError && err.isUnreachable && me) return await queue(me);
      setMoveError(errorMessage(err, locale()));
      if (err instanceof ApiRequestError && err.code === "slot_taken") void refetchSlots();
    } finally {
      setMoving(false);
    }
  };

  return (
    <Screen
      title={rescheduleId() ? t("book.rescheduleTitle") : t("book.title")}
      back={{ href: rescheduleId() ? `/bookings/${rescheduleId()}` : `/services/${params.id}`, label: t("common.back") }}
    >
      <Loadable of={detail} errorTitle={t("service.error")} onRetry={() => void refetchDetail()} rows={3}>
        {(loaded) => (
          <>
            <p class="lead">
              <strong>{loaded().data.service.name}</strong> · {formatDuration(settled(slots)?.data.duration ?? loaded().data.service.duration_min, locale())}
            </p>
            <MasterPicker
              staff={loaded().data.staff}
              value={draft().staffId}
              onChange={pickMaster}
            />
            <h2 class="section-title">{t("book.date")}</h2>
            <Switch>
              <Match when={failed(days)}>
                <ErrorPanel title={t("book.slotsError")} message={errorMessage(failed(days), locale())} onRetry={() => void refetchDays()} />
              </Match>
              <Match when={settled(days)}>
                {(list) => (
                  <DayStrip
                    days={list().data.days}
                    selected={draft().date}
                    onSelect={(date) => update({ date, time: null })}
                    saved={list().source !== "network" ? settled(saved) : undefined}
                  />
                )}
              </Match>
              <Match when={true}>
                <div class="days days--skeleton shimmer" aria-hidden="true" />
              </Match>
            </Switch>
            <h2 class="section-title">
              {t("book.time")}
              <Show when={draft().date}>{(date) => <span class="muted"> · {formatDay(date(), intlLocale())}</span>}</Show>
            </h2>
            <Switch>
              <Match when={failed(slots)}>
                <ErrorPanel
                  title={t("book.slotsError")}
                  message={navigator.onLine ? errorMessage(failed(slots), locale()) : t("slots.notSaved")}
                  onRetry={() => void refetchSlots()}
                />
              </Match>
              <Match when={slots.state === "ready" ? slots() : undefined}>
                {(loadedDay) => {
                  const day = () => loadedDay().data;
                  return (
                  <>
                  <Show when={loadedDay().source !== "network"}>
                    <SavedCopy loaded={loadedDay()} onRetry={() => void refetchSlots()} />
                    <p class="hint" data-testid="slots-saved">
                      {t(rescheduleId() ? "slots.savedMove" : "slots.savedBook")}
                    </p>
                  </Show>
                  <Show when={day().source === "internal_fallback"}>
                    <p class="notice notice--cache" role="status">
                      {t("yc.fallback")}
                    </p>
                  </Show>
                  <Show when={day().slots.length > 0} fallback={<p class="empty-note">{t("book.dayClosed")}</p>}>
                    <SlotGrid
                      slots={day().slots}
                      selected={draft().time}
                      explained={explained()}
                      onSelect={chooseSlot}
                      onExplain={(slot) => setExplained(slot.time)}
                    />
                  </Show>
                  </>
                  );
                }}
              </Match>
              <Match when={true}>
                <div class="slots slots--skeleton shimmer" aria-hidden="true" />
              </Match>
            </Switch>
            <FormError message={moveError()} />
            <div class="actions actions--sticky">
              <Show
                when={rescheduleId()}
                fallback={
                  <button
                    type="button"
                    class="btn btn--primary btn--wide"
                    disabled={!selectable()}
                    onClick={() => navigate(`/book/${params.id}/details`)}
                  >
                    {t("book.next")}
                  </button>
                }
              >
                <button type="button" class="btn btn--primary btn--wide" disabled={!selectable() || moving()} onClick={() => void move()}>
                  {t("book.moveHere")}
                </button>
              </Show>
            </div>
          </>
        )}
      </Loadable>
    </Screen>
  );
}
