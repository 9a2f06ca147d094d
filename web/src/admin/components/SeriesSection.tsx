import { For, Show, createResource, createSignal } from "solid-js";
import type { Booking } from "../../../../worker/contracts/bookings";
import type { ChangeSeriesInput } from "../../../../worker/contracts/series";
import { statusKey } from "../../components/BookingCard";
import FormError from "../../components/FormError";
import { errorMessage } from "../../data/errors";
import { addDays, formatDay } from "../../format";
import { intlLocale, locale, t } from "../../i18n";
import { changeSeries, getSeries } from "../data/series";
import { at } from "../i18n";

/** A Monday, to name the weekdays in the salon's language. */
const A_MONDAY = "2026-01-05";

type Props = {
  booking: Booking;
  series: { id: number; position: number; count: number };
  busy: boolean;
  onChanged: () => void;
};

/** The booking panel's series part: its dates, and cancel / move this one or this and the following. */
export default function SeriesSection(props: Props) {
  const [detail, { refetch }] = createResource(() => props.series.id, getSeries);
  const [form, setForm] = createSignal<"cancel" | "move" | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [result, setResult] = createSignal<string | null>(null);
  const [working, setWorking] = createSignal(false);

  const apply = async (body: ChangeSeriesInput) => {
    setError(null);
    setResult(null);
    setWorking(true);
    try {
      const { results } = await changeSeries(props.series.id, body);
      const failed = results.filter((r) => !r.ok);
      setResult([at("series.result", { ok: results.length - failed.length, failed: failed.length }), ...failed.map((r) => r.error?.message ?? "")].join(" · "));
      setForm(null);
      await refetch();
      props.onChanged();
    } catch (err) {
      setError(errorMessage(err, locale()));
    } finally {
      setWorking(false);
    }
  };

  return (
    <section class="series-section" data-series-id={props.series.id}>
      <h3 class="section-title">
        {at("series.title")} · {at("series.position", { position: props.series.position, count: props.series.count })}
      </h3>
      <Show when={detail()}>
        {(d) => (
          <ol class="plain-list series__dates" aria-label={at("series.dates")}>
            <For each={d().bookings}>
              {(b) => (
                <li aria-current={b.id === props.booking.id ? "true" : undefined} data-status={b.status}>
                  {formatDay(b.local_date, intlLocale())}, {b.local_time} · <span class="muted">{t(statusKey(b.status))}</span>
                </li>
              )}
            </For>
          </ol>
        )}
      </Show>
      <FormError message={error()} />
      <Show when={result()}>{(r) => <p role="status">{r()}</p>}</Show>
      <div class="actions">
        <button type="button" class="btn btn--small" aria-pressed={form() === "move"} onClick={() => setForm(form() === "move" ? null : "move")}>
          {at("series.moveFollowing")}
        </button>
        <button type="button" class="btn btn--small btn--danger" aria-pressed={form() === "cancel"} onClick={() => setForm(form() === "cancel" ? null : "cancel")}>
          {at("series.cancelFollowing")}
        </button>
      </div>
      <Show when={form() === "cancel"}>
        <form
          class="form"
          onSubmit={(e) => {
            e.preventDefault();
            const reason = String(new FormData(e.currentTarget).get("reason") ?? "").trim();
            void apply({ action: "cancel", from_booking_id: props.booking.id, scope: "following", ...(reason ? { reason } : {}) });
          }}
        >
          <div class="field">
            <label for="series-cancel-reason">{at("panel.cancelReasonLabel")}</label>
            <input id="series-cancel-reason" name="reason" required maxLength={500} />
          </div>
          <button type="submit" class="btn btn--danger" disabled={props.busy || working()}>
            {at("series.cancelFollowing")}
          </button>
        </form>
      </Show>
      <Show when={form() === "move"}>
        <form
          class="form"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const scope = (e.submitter as HTMLButtonElement | null)?.value === "one" ? "one" : "following";
            void apply({ action: "move", from_booking_id: props.booking.id, scope, time: String(f.get("time")).slice(0, 5), ...(f.get("weekday") ? { weekday: Number(f.get("weekday")) } : {}) });
          }}
        >
          <div class="form--inline">
            <div class="field">
              <label for="series-move-time">{at("series.newTime")}</label>
              <input id="series-move-time" name="time" type="time" step="300" required value={props.booking.local_time} />
            </div>
            <div class="field">
              <label for="series-move-weekday">{at("series.weekday")}</label>
              <select id="series-move-weekday" name="weekday">
                <option value="">{at("series.sameDay")}</option>
                <For each={[0, 1, 2, 3, 4, 5, 6]}>{(day) => <option value={day}>{formatDay(addDays(A_MONDAY, day), intlLocale(), { weekday: "long" })}</option>}</For>
              </select>
            </div>
          </div>
          <div class="actions">
            <button type="submit" value="following" class="btn btn--primary" disabled={props.busy || working()}>
              {at("series.moveFollowing")}
            </button>
            <button type="submit" value="one" class="btn" disabled={props.busy || working()}>
              {at("series.moveOne")}
            </button>
          </div>
        </form>
      </Show>
    </section>
  );
}
