import { useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { Match, Show, Switch, createEffect, createMemo, createResource, createSignal, on } from "solid-js";
import type { AlternativeSlot, UpdateBookingBody } from "../../../worker/contracts/bookings";
import AddonPicker from "../components/AddonPicker";
import Alternatives from "../components/Alternatives";
import ErrorPanel from "../components/ErrorPanel";
import FormError from "../components/FormError";
import JoinWaitlist from "../components/JoinWaitlist";
import Loadable from "../components/Loadable";
import MasterPicker from "../components/MasterPicker";
import MonthCalendar from "../components/MonthCalendar";
import SavedCopy from "../components/SavedCopy";
import Screen from "../components/Screen";
import SlotGrid from "../components/SlotGrid";
import { offeredTimes } from "../data/alternatives";
import { ApiRequestError } from "../data/api";
import { loadService, warmMyBookings } from "../data/booking";
import { appointmentOf, likelyMaster } from "../data/draft";
import { type PriceChange, priceChangeOf } from "../data/price-change";
import { useDraft } from "../data/draft-store";
import { updateBooking, type Slot } from "../data/endpoints";
import { errorMessage } from "../data/errors";
import { enqueueUpdate, newKey } from "../data/outbox-client";
import { user } from "../data/session";
import { loadDayCounts, loadDaySlots, prefetchFavourite, rememberMaster } from "../data/slots";
import { addMonths, monthBounds, monthOf, monthRange } from "../data/month";
import { termsWith } from "../data/pricing";
import { FALLBACK_TIME_ZONE, loadSalon } from "../data/salon";
import { isChosen, visibleSlots } from "../data/slot-view";
import { formatDay, formatDuration, formatPrice, todayIn } from "../format";
import { intlLocale, locale, t } from "../i18n";
import { failed, settled } from "../resource";

/** Until GET /salon (or its saved copy) answers: the default horizon of the salon settings. */
const FALLBACK_HORIZON_DAYS = 60;

/**
 * Step 1 of booking: master, add-ons, day (a month calendar up to the salon's
 * horizon) and time. Also the reschedule screen (?reschedule=<booking id>&
 * date=<its day>&staff=<its master>, opened on that day with that master).
 * ?staff=<id> (from a master's profile) chooses the master. Offline it shows
 * the saved slots with their time, and a reschedule waits in the outbox.
 * Route: /book/:id.
 */
export default function BookSlot() {
  const params = useParams<{ id: string }>();
  const [search] = useSearchParams<{ reschedule?: string; staff?: string; date?: string }>();
  const navigate = useNavigate();
  const serviceId = () => Number(params.id);
  const rescheduleId = () => (search.reschedule ? Number(search.reschedule) : null);
  const { draft, restored, update } = useDraft(serviceId);

  const [detail, { refetch: refetchDetail }] = createResource(serviceId, loadService);
  const [salon] = createResource(loadSalon);
  const horizon = () => settled(salon)?.data.salon.horizon_days ?? FALLBACK_HORIZON_DAYS;
  const today = () => todayIn(settled(salon)?.data.salon.time_zone ?? FALLBACK_TIME_ZONE);

  // Coming from a master's profile: that master, once the saved draft is in.
  let staffFromLink = false;
  createEffect(() => {
    const wanted = Number(search.staff);
    if (!restored() || staffFromLink || !Number.isInteger(wanted) || wanted <= 0) return;
    staffFromLink = true;
    if (draft().staffId !== wanted) update({ staffId: wanted, time: null, startAt: null });
  });
  // A reschedule starts on the booking's own day, once.
  const [preselected, setPreselected] = createSignal(false);
  const ready = () => restored() && (preselected() || !rescheduleId());
  createEffect(() => {
    if (!restored() || preselected() || !rescheduleId()) return;
    setPreselected(true);
    if (/^\d{4}-\d{2}-\d{2}$/.test(search.date ?? "")) update({ date: search.date!, time: null, startAt: null });
  });

  // While online, the favourite master's next days are saved for offline booking.
  createEffect(() => {
    const staff = settled(detail)?.data.staff;
    const me = user();
    if (staff) void warmMyBookings(me).then(() => prefetchFavourite(serviceId(), staff.map((m) => m.id)));
  });
  const pickMaster = (staffId: number | "any") => {
    update({ staffId, time: null, startAt: null });
    if (staffId === "any") return;
    void rememberMaster({ staffId, at: Date.now() }).then(() =>
      prefetchFavourite(serviceId(), settled(detail)?.data.staff.map((m) => m.id) ?? []),
    );
  };

  // The month shown: the chosen day's, else this month. One range request per month.
  const [month, setMonth] = createSignal<string | null>(null);
  const shownMonth = () => month() ?? monthOf(draft().date && draft().date! >= today() ? draft().date! : today());
  const bounds = () => monthBounds(today(), horizon());
  // Keyed by value (a string), so choosing a time does not ask for the month again.
  const daysKey = createMemo(() =>
    ready() && (settled(salon) !== undefined || failed(salon)) ? JSON.stringify({ staffId: draft().staffId, addons: draft().addons, month: shownMonth() }) : false,
  );
  const [days, { refetch: refetchDays }] = createResource(
    () => daysKey(),
    async (key) => {
      const q = JSON.parse(key) as { staffId: number | "any"; addons: number[]; month: string };
      const range = monthRange(q.month, today(), horizon());
      if (!range) return { data: { days: [] }, fetchedAt: Date.now(), source: "network" as const };
      return loadDayCounts(serviceId(), { staffId: q.staffId, addons: q.addons, ...range });
    },
  );
  // Pick the first day with free times when none is chosen (or the saved one
  // is not free in the month shown); a month with none left (the last day of
  // a month) moves on to the next one once, by itself.
  let movedOn = false;
  createEffect(() => {
    // Only a settled answer for the month shown (not the previous month's, kept while the next loads).
    const list = days.state === "ready" ? days()?.data.days : undefined;
    if (!list) return;
    const current = draft().date;
    // A full day the customer chose stays chosen: its screen offers the waitlist.
    if (current && list.some((d) => d.date === current && (d.available > 0 || d.status === "open"))) return;
    const first = list.find((d) => d.available > 0);
    if (first) return update({ date: first.date, time: null, startAt: null });
    if (!movedOn && month() === null && shownMonth() < bounds().last) {
      movedOn = true;
      setMonth(addMonths(shownMonth(), 1));
    }
  });
  const stepMonth = (step: -1 | 1) => {
    movedOn = true;
    setMonth(addMonths(shownMonth(), step));
  };

  const slotsKey = createMemo(() => {
    const d = draft();
    return ready() && d.date ? JSON.stringify({ staffId: d.staffId, date: d.date, addons: d.addons }) : false;
  });
  const [slots, { refetch: refetchSlots }] = createResource(
    () => slotsKey(),
    (key) => loadDaySlots(serviceId(), JSON.parse(key) as { staffId: number | "any"; date: string; addons: number[] }),
  );
  const [explained, setExplained] = createSignal<string | null>(null);
  const [moveError, setMoveError] = createSignal<string | null>(null);
  const [moving, setMoving] = createSignal(false);
  // The nearest free times offered when the one picked for a move was taken meanwhile.
  const [moveAlternatives, setMoveAlternatives] = createSignal<AlternativeSlot[] | null>(null);
  /** The other master's higher price the salon asked the customer to accept before moving. */
  const [priceAsk, setPriceAsk] = createSignal<PriceChange | null>(null);
  // The price asked about belongs to that master and time: choosing another asks afresh.
  createEffect(on(() => [draft().staffId, draft().date, draft().time], () => setPriceAsk(null), { defer: true }));

  const selectable = createMemo(() => {
    const d = draft();
    return d.time !== null && (settled(slots)?.data.slots.some((s) => s.available && isChosen(s, d)) ?? false);
  });

  const chooseSlot = (slot: Slot) => {
    setExplained(null);
    setMoveAlternatives(null);
    update({ time: slot.time, startAt: slot.start_at, slotStaffIds: slot.staff_ids ?? null });
  };

  /** The master's own price: the chosen master's, or once a slot is picked for "any master", that of the master it goes to. */
  const price = () => {
    const loaded = settled(detail)?.data;
    if (!loaded) return null;
    const staffId = likelyMaster(draft());
    return staffId === null ? { price: loaded.service.price, own: false } : termsWith(loaded.service, loaded, staffId);
  };

  // One key per distinct move: the outbox replays it with the key it was first sent with.
  let moveKey: { body: string; value: string } | null = null;
  const move = async (acceptPriceMinor?: number) => {
    const id = rescheduleId();
    const d = draft();
    const me = user();
    if (!id || !d.date || !d.time) return;
    const body: UpdateBookingBody = {
      action: "reschedule",
      appointment_datetime: appointmentOf(d)!,
      staff_id: d.staffId,
      ...(acceptPriceMinor !== undefined ? { accept_price_minor: acceptPriceMinor } : {}),
    };
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
    setMoveAlternatives(null);
    setPriceAsk(null);
    try {
      if (!navigator.onLine && me) return await queue(me);
      await updateBooking(id, body, undefined, key);
      navigate(`/bookings/${id}?moved=1`);
    } catch (err) {
      if (err instanceof ApiRequestError && err.isUnreachable && me) return await queue(me);
      const change = err instanceof ApiRequestError && err.code === "price_changed" ? priceChangeOf(err.details) : null;
      if (change) return void setPriceAsk(change);
      setMoveError(errorMessage(err, locale()));
      if (err instanceof ApiRequestError && err.code === "slot_taken") {
        setMoveAlternatives(offeredTimes(err.details));
        void refetchSlots();
      }
    } finally {
      setMoving(false);
    }
  };

  const pickMoveAlternative = (alt: AlternativeSlot) => {
    update({ staffId: alt.staff_id, date: alt.date, time: alt.time, startAt: alt.start_at });
    void move();
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
              <Show when={price()}>
                {(p) => (
                  <>
                    {" · "}
                    <span class="service__price" data-testid="slot-price" title={p().own ? t("book.ownPrice") : undefined}>
                      {formatPrice(p().price, intlLocale())}
                    </span>
                  </>
                )}
              </Show>
            </p>
            <MasterPicker
              staff={loaded().data.staff}
              value={draft().staffId}
              onChange={pickMaster}
            />
            <Show when={!rescheduleId()}>
              <AddonPicker service={loaded().data.service} value={draft().addons} onChange={(addons) => update({ addons })} />
            </Show>
            <h2 class="section-title">{t("book.date")}</h2>
            <Show when={failed(days)}>
              <ErrorPanel title={t("book.slotsError")} message={errorMessage(failed(days), locale())} onRetry={() => void refetchDays()} />
            </Show>
            <MonthCalendar
              month={shownMonth()}
              days={days.state === "ready" ? days()?.data.days : undefined}
              selected={draft().date}
              canPrev={shownMonth() > bounds().first}
              canNext={shownMonth() < bounds().last}
              onMonth={stepMonth}
              onSelect={(date) => update({ date, time: null, startAt: null })}
            />
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
                  <Show
                    when={visibleSlots(day().slots).length > 0}
                    fallback={<p class="empty-note">{day().slots.length > 0 ? t("book.noMoreToday") : t("book.dayClosed")}</p>}
                  >
                    <SlotGrid
                      slots={visibleSlots(day().slots)}
                      selected={draft()}
                      explained={explained()}
                      onSelect={chooseSlot}
                      onExplain={(slot) => setExplained(slot.start_at)}
                    />
                  </Show>
                  <Show when={!rescheduleId() && visibleSlots(day().slots).length > 0 && visibleSlots(day().slots).every((s) => !s.available) ? draft().date : undefined}>
                    {(date) => <JoinWaitlist serviceId={serviceId()} date={date()} staffId={draft().staffId} />}
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
            <Show when={priceAsk()}>
              {(ask) => (
                <div class="notice" role="alert" data-testid="price-ask">
                  <p>
                    {t("book.priceChanged", {
                      old: formatPrice({ amount_minor: ask().old_price_minor, currency: ask().currency }, intlLocale()),
                      new: formatPrice({ amount_minor: ask().new_price_minor, currency: ask().currency }, intlLocale()),
                    })}
                  </p>
                </div>
              )}
            </Show>
            <Show when={moveAlternatives()}>
              {(alts) => <Alternatives alternatives={alts()} onPick={pickMoveAlternative} disabled={moving()} scrollIntoView />}
            </Show>
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
                {/* Asked to accept a higher price, the main action becomes accepting it (another time or master asks afresh). */}
                <Show
                  when={priceAsk()}
                  fallback={
                    <button type="button" class="btn btn--primary btn--wide" disabled={!selectable() || moving()} onClick={() => void move()}>
                      {t("book.moveHere")}
                    </button>
                  }
                >
                  {(ask) => (
                    <button type="button" class="btn btn--primary btn--wide" disabled={!selectable() || moving()} onClick={() => void move(ask().new_price_minor)}>
                      {t("book.acceptPrice", { price: formatPrice({ amount_minor: ask().new_price_minor, currency: ask().currency }, intlLocale()) })}
                    </button>
                  )}
                </Show>
              </Show>
            </div>
          </>
        )}
      </Loadable>
    </Screen>
  );
}
