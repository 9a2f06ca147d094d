import { useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { Match, Show, Switch, createEffect, createMemo, createResource, createSignal } from "solid-js";
import DayStrip from "../components/DayStrip";
import ErrorPanel from "../components/ErrorPanel";
import FormError from "../components/FormError";
import JoinWaitlist from "../components/JoinWaitlist";
import Loadable from "../components/Loadable";
import MasterPicker from "../components/MasterPicker";
import Screen from "../components/Screen";
import SlotGrid from "../components/SlotGrid";
import { ApiRequestError } from "../data/api";
import { loadService } from "../data/booking";
import { useDraft } from "../data/draft-store";
import { getDayCounts, getDaySlots, updateBooking, type Slot } from "../data/endpoints";
import { errorMessage } from "../data/errors";
import { formatDay, formatDuration } from "../format";
import { intlLocale, locale, t } from "../i18n";
import { failed, settled } from "../resource";

const DAYS = 14;

/**
 * Step 1 of booking: master, day (with availability dots) and time. Also the
 * reschedule screen (?reschedule=<booking id>). Route: /book/:id.
 */
export default function BookSlot() {
  const params = useParams<{ id: string }>();
  const [search] = useSearchParams<{ reschedule?: string }>();
  const navigate = useNavigate();
  const serviceId = () => Number(params.id);
  const rescheduleId = () => (search.reschedule ? Number(search.reschedule) : null);
  const { draft, restored, update } = useDraft(serviceId);

  const [detail, { refetch: refetchDetail }] = createResource(serviceId, loadService);

  const [days, { refetch: refetchDays }] = createResource(
    () => (restored() ? { staffId: draft().staffId, addons: draft().addons } : false),
    (q) => getDayCounts(serviceId(), { ...q, days: DAYS }),
  );
  // Pick the first day with free times when none is chosen (or the saved one has passed).
  createEffect(() => {
    const list = settled(days)?.days;
    if (!list?.length) return;
    const current = draft().date;
    if (current && list.some((d) => d.date === current)) return;
    const first = list.find((d) => d.available > 0) ?? list[0]!;
    update({ date: first.date, time: null });
  });

  const [slots, { refetch: refetchSlots }] = createResource(
    () => {
      const d = draft();
      return restored() && d.date ? { staffId: d.staffId, date: d.date, addons: d.addons } : false;
    },
    (q) => getDaySlots(serviceId(), q),
  );
  const [explained, setExplained] = createSignal<string | null>(null);
  const [moveError, setMoveError] = createSignal<string | null>(null);
  const [moving, setMoving] = createSignal(false);

  const selectable = createMemo(() => {
    const time = draft().time;
    return time !== null && (settled(slots)?.slots.some((s) => s.time === time && s.available) ?? false);
  });

  const chooseSlot = (slot: Slot) => {
    setExplained(null);
    update({ time: slot.time });
  };

  const move = async () => {
    const id = rescheduleId();
    const d = draft();
    if (!id || !d.date || !d.time) return;
    setMoving(true);
    setMoveError(null);
    try {
      await updateBooking(id, { action: "reschedule", appointment_datetime: `${d.date}T${d.time}`, staff_id: d.staffId });
      navigate(`/bookings/${id}?moved=1`);
    } catch (err) {
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
              <strong>{loaded().data.service.name}</strong> · {formatDuration(settled(slots)?.duration ?? loaded().data.service.duration_min, locale())}
            </p>
            <MasterPicker
              staff={loaded().data.staff}
              value={draft().staffId}
              onChange={(staffId) => update({ staffId, time: null })}
            />
            <h2 class="section-title">{t("book.date")}</h2>
            <Switch>
              <Match when={failed(days)}>
                <ErrorPanel title={t("book.slotsError")} message={errorMessage(failed(days), locale())} onRetry={() => void refetchDays()} />
              </Match>
              <Match when={settled(days)}>
                {(list) => <DayStrip days={list().days} selected={draft().date} onSelect={(date) => update({ date, time: null })} />}
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
                <ErrorPanel title={t("book.slotsError")} message={errorMessage(failed(slots), locale())} onRetry={() => void refetchSlots()} />
              </Match>
              <Match when={slots.state === "ready" ? slots() : undefined}>
                {(day) => (
                  <>
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
                  <Show when={!rescheduleId() && draft().date && day().slots.length > 0 && day().slots.every((s) => !s.available) ? draft().date : undefined}>
                    {(date) => <JoinWaitlist serviceId={serviceId()} date={date()} staffId={draft().staffId} />}
                  </Show>
                  </>
                )}
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
