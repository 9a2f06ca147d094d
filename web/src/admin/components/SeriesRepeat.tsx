import { For, Show, createSignal } from "solid-js";
import type { CreateSeriesBody, SeriesPreview, SeriesPreviewItem, SeriesSaved } from "../../../../worker/contracts/series";
import FormError from "../../components/FormError";
import { errorMessage } from "../../data/errors";
import { formatDay } from "../../format";
import { intlLocale, locale } from "../../i18n";
import { newKey } from "../data/http";
import { defaultPick, previewSeries, saveSeries, type SeriesPick } from "../data/series";
import { at } from "../i18n";

/** The new-booking form's fields a series repeats (its first date and time included). */
export type SeriesBase = Omit<CreateSeriesBody, "every_weeks" | "count" | "until" | "occurrences">;

type Props = {
  /** The form's client, service, date and time; null when the form is not valid yet (it then says why). */
  base: () => SeriesBase | null;
  onDone: () => void;
};

/** "Repeat" in the new-booking form: the rule, the dates it gives (free or not, with alternatives), and the save. */
export default function SeriesRepeat(props: Props) {
  const [every, setEvery] = createSignal(1);
  const [count, setCount] = createSignal(10);
  const [preview, setPreview] = createSignal<SeriesPreview | null>(null);
  const [picks, setPicks] = createSignal<SeriesPick[]>([]);
  const [saved, setSaved] = createSignal<SeriesSaved | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  // One key per body: a retry of the same save replays it, a changed choice is a new save.
  let sent: { body: string; key: string } | null = null;

  const run = async (work: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await work();
    } catch (err) {
      setError(errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  const check = () => {
    const base = props.base();
    if (!base) return;
    void run(async () => {
      const answer = await previewSeries({ ...base, every_weeks: every(), count: count() });
      setPreview(answer);
      setPicks(answer.occurrences.map(defaultPick));
    });
  };

  const save = () => {
    const base = props.base();
    if (!base) return;
    const occurrences = picks().filter((p): p is NonNullable<SeriesPick> => p !== null);
    const body: CreateSeriesBody = { ...base, every_weeks: every(), count: count(), occurrences };
    const json = JSON.stringify(body);
    if (sent?.body !== json) sent = { body: json, key: newKey() };
    const key = sent.key;
    void run(async () => {
      setSaved(await saveSeries(body, key));
    });
  };

  const choose = (index: number, pick: SeriesPick) => setPicks(picks().map((p, i) => (i === index ? pick : p)));
  const chosen = () => picks().filter((p) => p !== null).length;

  return (
    <div class="series" data-testid="series-repeat">
      <div class="form--inline">
        <div class="field">
          <label for="series-every">{at("series.every")}</label>
          <input id="series-every" type="number" min="1" max="8" value={every()} onInput={(e) => setEvery(Number(e.currentTarget.value) || 1)} />
        </div>
        <div class="field">
          <label for="series-count">{at("series.count")}</label>
          <input id="series-count" type="number" min="1" max="52" value={count()} onInput={(e) => setCount(Number(e.currentTarget.value) || 1)} />
        </div>
      </div>
      <FormError message={error()} />
      <Show
        when={saved()}
        fallback={
          <>
            <button type="button" class="btn" disabled={busy()} onClick={check}>
              {at("series.check")}
            </button>
            <Show when={preview()}>
              {(p) => (
                <>
                  <ol class="plain-list series__dates" aria-label={at("series.dates")}>
                    <For each={p().occurrences}>{(o) => <PreviewRow item={o} pick={picks()[o.index] ?? null} onPick={(pick) => choose(o.index, pick)} />}</For>
                  </ol>
                  <button type="button" class="btn btn--primary" disabled={busy() || chosen() === 0} onClick={save}>
                    {at("series.save", { n: chosen() })}
                  </button>
                </>
              )}
            </Show>
          </>
        }
      >
        {(s) => (
          <div role="status" class="series__saved">
            <p>{at("series.saved", { booked: s().booked, total: s().results.length })}</p>
            <ul class="plain-list">
              <For each={s().results.filter((r) => !r.ok)}>
                {(r) => (
                  <li class="status-failed">
                    {r.appointment_datetime.slice(0, 16).replace("T", " ")} — {at("series.failed", { reason: r.error?.message ?? "" })}
                  </li>
                )}
              </For>
            </ul>
            <button type="button" class="btn btn--primary" onClick={() => props.onDone()}>
              {at("series.done")}
            </button>
          </div>
        )}
      </Show>
    </div>
  );
}

/** One previewed date: free, or taken / refused with a choice of the nearest free times (or skipping it). */
function PreviewRow(props: { item: SeriesPreviewItem; pick: SeriesPick; onPick: (pick: SeriesPick) => void }) {
  const options = () => [...(props.item.alternatives?.same_staff ?? []), ...(props.item.alternatives?.other_staff ?? [])];
  const label = () => `${formatDay(props.item.date, intlLocale())}, ${props.item.time}`;
  return (
    <li class="series__date" data-status={props.item.status}>
      <span>{label()}</span>{" "}
      <span class={`badge ${props.item.status === "free" ? "badge--confirmed" : "badge--cancelled"}`}>{at(`series.${props.item.status}`)}</span>
      <Show when={props.item.reason}>{(r) => <span class="muted"> · {r().message}</span>}</Show>
      <Show when={props.item.status !== "free"}>
        <select
          aria-label={label()}
          onChange={(e) => {
            const chosen = options()[Number(e.currentTarget.value)];
            props.onPick(chosen ? { appointment_datetime: chosen.start_at, staff_id: chosen.staff_id } : null);
          }}
        >
          <option value="-1" selected={props.pick === null}>
            {at("series.skip")}
          </option>
          <For each={options()}>
            {(a, i) => (
              <option value={i()} selected={props.pick?.appointment_datetime === a.start_at}>
                {at("series.instead", { time: a.time, date: formatDay(a.date, intlLocale()) })} · {a.staff_name}
              </option>
            )}
          </For>
        </select>
      </Show>
    </li>
  );
}
