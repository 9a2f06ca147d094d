import { A } from "@solidjs/router";
import { For, Show, createResource, createSignal } from "solid-js";
import type { MoneySummary } from "../../../../worker/contracts/admin";
import type { Booking } from "../../../../worker/contracts/bookings";
import { statusKey } from "../../components/BookingCard";
import FormError from "../../components/FormError";
import Loadable from "../../components/Loadable";
import { errorMessage } from "../../data/errors";
import { formatDay, formatPhone, formatPrice } from "../../format";
import { intlLocale, locale, t } from "../../i18n";
import { changeBooking, getBookingDetail, getResources, moveToUnit } from "../data/api";
import { canMarkOutcome, channelOf, isActive } from "../data/calendar";
import CertificateRedeem from "./CertificateRedeem";
import DepositWaiver from "./DepositWaiver";
import { actionName, at, type AdminKey } from "../i18n";
import RepeatedTimeChoice, { appointmentOf, instantsOf } from "./RepeatedTime";
import SeriesSection from "./SeriesSection";
import SidePanel from "./SidePanel";

type Props = {
  id: number;
  masters: { id: number; name: string }[];
  isAdmin: boolean;
  /** The salon's zone: a move to a time that happens twice asks which occurrence. */
  timeZone: string | undefined;
  onClose: () => void;
  onChanged: (b: Booking) => void;
};

/** Tap on a booking: who, what, money, history, and the actions on it. */
export default function BookingPanel(props: Props) {
  const [detail, { refetch }] = createResource(() => props.id, getBookingDetail);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [moving, setMoving] = createSignal(false);
  const [cancelling, setCancelling] = createSignal(false);

  const run = async (body: Parameters<typeof changeBooking>[1]) => {
    setError(null);
    setBusy(true);
    try {
      const { booking } = await changeBooking(props.id, body);
      setMoving(false);
      setCancelling(false);
      props.onChanged(booking);
      await refetch();
    } catch (err) {
      setError(errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  // A series change may have changed this booking too: the calendar hears of it like any change.
  const refreshAfterSeries = async () => {
    const fresh = await refetch();
    if (fresh) props.onChanged(fresh.booking);
  };

  // Rooms and machines: how many units each has, for moving the booking to another one.
  const [resources] = createResource(() => props.isAdmin, (admin) => (admin ? getResources() : Promise.resolve({ resources: [] })));
  const unitCount = (id: number) => resources()?.resources.find((r) => r.id === id)?.units;
  const moveUnit = async (resourceId: number, unit: number) => {
    setError(null);
    setBusy(true);
    try {
      const { booking } = await moveToUnit(props.id, resourceId, unit);
      props.onChanged(booking);
      await refetch();
    } catch (err) {
      setError(errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  return (
    <SidePanel title={at("panel.title", { id: props.id })} onClose={props.onClose}>
      <Loadable of={detail} errorTitle={at("admin.loadError")} onRetry={() => void refetch()} rows={3}>
        {(d) => {
          const b = () => d().booking;
          const money = (m: { amount_minor: number; currency: string }) => formatPrice(m, intlLocale());
          return (
            <div class="panel-body" data-booking-id={b().id}>
              <dl class="facts facts--rows">
                <dt>{at("panel.status")}</dt>
                <dd>
                  <span class={`badge badge--status badge--${b().status}`}>{t(statusKey(b().status))}</span>
                </dd>
                <dt>{at("panel.client")}</dt>
                <dd>
                  {d().client?.name ?? b().customer_name ?? "—"} ·{" "}
                  <a class="tel" href={`tel:${b().phone}`}>
                    {formatPhone(b().phone)}
                  </a>
                  <Show when={props.isAdmin && d().client}>
                    {(c) => (
                      <>
                        {" "}
                        · <A href={`/admin/clients/${c().id}`}>{at("panel.clientCard")}</A>
                      </>
                    )}
                  </Show>
                </dd>
                <For each={b().resources ?? []}>
                  {(r) => (
                    <>
                      <dt>{at("panel.unit")}</dt>
                      <dd data-unit={r.unit}>
                        {at("cal.unit", { name: r.name, unit: r.unit })}
                        <Show when={props.isAdmin && isActive(b()) && (unitCount(r.id) ?? 1) > 1}>
                          {" "}
                          <select
                            aria-label={at("panel.moveUnit")}
                            value={r.unit}
                            disabled={busy()}
                            onChange={(e) => void moveUnit(r.id, Number(e.currentTarget.value))}
                          >
                            <For each={Array.from({ length: unitCount(r.id) ?? 1 }, (_, i) => i + 1)}>{(u) => <option value={u}>{u}</option>}</For>
                          </select>
                        </Show>
                      </dd>
                    </>
                  )}
                </For>
                <dt>{at("panel.when")}</dt>
                <dd>
                  {formatDay(b().local_date, intlLocale())}, {b().local_time} ({b().duration_min} {locale() === "ru" ? "мин" : "min"})
                </dd>
                <dt>{at("panel.master")}</dt>
                <dd>{b().staff?.name ?? "—"}</dd>
                <dt>{at("panel.services")}</dt>
                <dd>{[b().service?.name ?? "—", ...b().addons.map((a) => a.name)].join(" + ")}</dd>
                <dt>{at("panel.prepaid")}</dt>
                <dd>{b().prepayment ? money(b().prepayment!) : at("admin.none")}</dd>
                <dt>{at("panel.channel")}</dt>
                <dd>{at(`channel.${channelOf(b())}`)}</dd>
              </dl>
              <MoneySummaryList summary={d().money_summary} />
              {/* certificates: what a gift certificate paid, and redeeming one at the visit. */}
              <Show when={props.isAdmin}>
                <CertificateRedeem booking={b()} onChanged={(booking) => { props.onChanged(booking); void refetch(); }} />
                <Show when={b().status === "held" && b().deposit_rule}>
                  <DepositWaiver booking={b()} onChanged={(booking) => { props.onChanged(booking); void refetch(); }} />
                </Show>
              </Show>
              <Show when={b().notes}>{(n) => <p class="visit__notes">{n()}</p>}</Show>
              <Show when={b().cancel_reason}>{(r) => <p class="muted">{at("panel.cancelReason", { reason: r() })}</p>}</Show>
              <Show when={b().needs_attention}>{(r) => <p class="notice">{at("panel.attention", { reason: r() })}</p>}</Show>

              <FormError message={error()} />
              <Show when={isActive(b())}>
                <div class="actions">
                  <button type="button" class="btn btn--small" aria-pressed={moving()} onClick={() => setMoving(!moving())}>
                    {at("panel.move")}
                  </button>
                  <button type="button" class="btn btn--small btn--danger" aria-pressed={cancelling()} onClick={() => setCancelling(!cancelling())}>
                    {at("panel.cancel")}
                  </button>
                  <Show when={canMarkOutcome(b(), new Date())}>
                    <button type="button" class="btn btn--small" disabled={busy()} onClick={() => void run({ action: "complete" })}>
                      {at("panel.complete")}
                    </button>
                    <button type="button" class="btn btn--small" disabled={busy()} onClick={() => void run({ action: "no_show" })}>
                      {at("panel.noShow")}
                    </button>
                  </Show>
                </div>
                <Show when={!canMarkOutcome(b(), new Date())}>
                  <p class="hint">{at("panel.notStarted")}</p>
                </Show>
                <Show when={moving()}>
                  <MoveForm booking={b()} masters={props.masters} timeZone={props.timeZone} busy={busy()} onMove={(appointment, staffId) => void run({ action: "reschedule", appointment_datetime: appointment, staff_id: staffId })} />
                </Show>
                <Show when={cancelling()}>
                  <form
                    class="form"
                    onSubmit={(e) => {
                      e.preventDefault();
                      const reason = String(new FormData(e.currentTarget).get("reason") ?? "").trim();
                      void run({ action: "cancel", ...(reason ? { reason } : {}) });
                    }}
                  >
                    <div class="field">
                      <label for="cancel-reason">{at("panel.cancelReasonLabel")}</label>
                      <input id="cancel-reason" name="reason" required maxLength={500} />
                    </div>
                    <button type="submit" class="btn btn--danger" disabled={busy()}>
                      {at("panel.cancelSubmit")}
                    </button>
                  </form>
                </Show>
              </Show>

              <Show when={b().series}>
                {(series) => <SeriesSection booking={b()} series={series()} busy={busy()} onChanged={() => void refreshAfterSeries()} />}
              </Show>

              <Show when={d().refunds.length > 0}>
                <h3 class="section-title">{at("panel.refunded")}</h3>
                <ul class="plain-list">
                  <For each={d().refunds}>
                    {(r) => (
                      <li>
                        {money(r.amount)} · {r.status} · <span class="muted">{new Date(r.created_at).toLocaleString(intlLocale(), { dateStyle: "short", timeStyle: "short" })}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <Show when={d().receipts.length > 0}>
                <h3 class="section-title">{at("panel.receipts")}</h3>
                <ul class="plain-list" data-testid="panel-receipts">
                  <For each={d().receipts}>
                    {(r) => (
                      <li>
                        {at(`panel.receiptKind.${r.kind}`)} · {money(r.amount)} ·{" "}
                        <span class={r.status === "failed" ? "status-failed" : undefined}>{at(`panel.receiptStatus.${r.status}`)}</span>
                        <Show when={r.error}>{(e) => <span class="muted"> · {e()}</span>}</Show>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <Show when={d().history.length > 0}>
                <h3 class="section-title">{at("panel.history")}</h3>
                <ul class="plain-list history">
                  <For each={d().history}>
                    {(h) => (
                      <li>
                        <span class="muted">{new Date(h.at).toLocaleString(intlLocale(), { dateStyle: "short", timeStyle: "short" })}</span> {actionName(h.action)}
                        <Show when={h.actor}>{(a) => <span class="muted"> · {a().name ?? a().role}</span>}</Show>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </div>
          );
        }}
      </Loadable>
    </SidePanel>
  );
}

/** onepay: the server's money summary: what lowered the price, what was paid, what the desk collects. */
function MoneySummaryList(props: { summary: MoneySummary }) {
  const sum = (minor: number) => formatPrice({ amount_minor: minor, currency: props.summary.currency }, intlLocale());
  const less = (minor: number) => (minor > 0 ? `−${sum(minor)}` : at("admin.none"));
  return (
    <>
      <h3 class="section-title">{at("panel.money")}</h3>
      <dl class="facts facts--rows" data-testid="money-summary">
        <dt>{at("panel.price")}</dt>
        <dd>{sum(props.summary.price_minor)}</dd>
        <dt>{at("panel.discount")}</dt>
        <dd>{less(props.summary.discount_minor)}</dd>
        <dt>{at("panel.certificate")}</dt>
        <dd>{less(props.summary.certificate_minor)}</dd>
        <dt>{at("panel.abonement")}</dt>
        <dd data-testid="summary-abonement">
          <Show when={props.summary.abonement} fallback={at("admin.none")}>
            {(ab) => (
              <>
                <A href={`/admin/abonements/${ab().abonement_id}`}>{at("panel.abonementCovered", { name: ab().name, amount: sum(ab().covered_minor) })}</A>{" "}
                <span class="muted">· {at(`ab.use.${ab().status}` as AdminKey)}</span>
              </>
            )}
          </Show>
        </dd>
        <dt>{at("panel.points")}</dt>
        <dd>{less(props.summary.points_minor)}</dd>
        <dt>{at("panel.paid")}</dt>
        <dd data-testid="summary-paid">{sum(props.summary.paid_online_minor)}</dd>
        <dt>{at("panel.leftToPay")}</dt>
        <dd data-testid="summary-left">
          <strong>{sum(props.summary.left_to_pay_minor)}</strong>
        </dd>
        <dt>{at("panel.refunded")}</dt>
        <dd data-testid="summary-refunded">
          {sum(props.summary.refunded_minor)}
          <Show when={props.summary.refund_pending_minor > 0}>
            {" "}
            <span class="muted">{at("panel.refundPending", { amount: sum(props.summary.refund_pending_minor) })}</span>
          </Show>
        </dd>
      </dl>
      <Show when={props.summary.deposit_waived}>
        {(w) => (
          <p class="hint" data-testid="summary-deposit-waived">
            {at("panel.depositWaived", { amount: sum(w().amount_minor), reason: w().reason ?? "—" })}
          </p>
        )}
      </Show>
      <Show when={props.summary.visit_payment}>
        {(v) => (
          <p class="hint" data-testid="summary-visit">
            {at("panel.paidWithVisit", { visit: v().visit_id, total: sum(v().amount_minor), items: v().items })}
          </p>
        )}
      </Show>
    </>
  );
}

function MoveForm(props: { booking: Booking; masters: { id: number; name: string }[]; timeZone: string | undefined; busy: boolean; onMove: (appointment: string, staffId: number) => void }) {
  const [date, setDate] = createSignal(props.booking.local_date);
  const [time, setTime] = createSignal(props.booking.local_time);
  const instants = () => instantsOf(date(), time(), props.timeZone);
  return (
    <form
      class="form form--inline"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        props.onMove(appointmentOf(f, String(f.get("date")), String(f.get("time")), instants()), Number(f.get("staff")));
      }}
    >
      <div class="field">
        <label for="move-date">{at("book.date")}</label>
        <input id="move-date" name="date" type="date" required value={date()} onInput={(e) => setDate(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="move-time">{at("book.time")}</label>
        <input id="move-time" name="time" type="time" step="300" required value={time()} onInput={(e) => setTime(e.currentTarget.value)} />
      </div>
      <RepeatedTimeChoice time={time()} instants={instants()} />
      <div class="field">
        <label for="move-staff">{at("book.master")}</label>
        <select id="move-staff" name="staff">
          <For each={props.masters}>
            {(m) => (
              <option value={m.id} selected={m.id === props.booking.staff?.id}>
                {m.name}
              </option>
            )}
          </For>
        </select>
      </div>
      <button type="submit" class="btn btn--primary" disabled={props.busy}>
        {at("panel.moveSubmit")}
      </button>
    </form>
  );
}
