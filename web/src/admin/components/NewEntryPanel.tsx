import { For, Show, createResource, createSignal } from "solid-js";
import { type Service, ServiceDetail } from "../../../../worker/contracts/catalog";
import FormError from "../../components/FormError";
import { errorMessage } from "../../data/errors";
import { formatDay, formatPrice } from "../../format";
import { intlLocale, locale } from "../../i18n";
import { termsWith } from "../../data/pricing";
import { settled } from "../../resource";
import { bookForClient, createBlock, searchClients } from "../data/api";
import { toClock } from "../data/calendar";
import { read } from "../data/http";
import { at } from "../i18n";
import RepeatedTimeChoice, { appointmentOf, instantsOf } from "./RepeatedTime";
import SeriesRepeat, { type SeriesBase } from "./SeriesRepeat";
import SidePanel from "./SidePanel";

type Props = {
  master: { id: number; name: string };
  date: string;
  minute: number;
  /** The salon's zone (once loaded): the night the clocks go back, a typed time may happen twice. */
  timeZone: string | undefined;
  /** services this master does (main services, not add-ons) */
  services: Service[];
  /** phone lookup needs the clients API, which is for admins */
  canLookUp: boolean;
  onClose: () => void;
  onDone: () => void;
};

/** Tap on an empty cell: book a client who phoned or walked in, or block the time. */
export default function NewEntryPanel(props: Props) {
  const [mode, setMode] = createSignal<"booking" | "block">("booking");
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [found, setFound] = createSignal<{ name: string | null } | null | undefined>(undefined);
  const [repeat, setRepeat] = createSignal(false);
  const [time, setTime] = createSignal(toClock(props.minute));
  // Both instants of a wall time that happens twice (the clocks go back); one otherwise.
  const instants = () => instantsOf(props.date, time(), props.timeZone);
  let phoneInput: HTMLInputElement | undefined;
  let bookingForm: HTMLFormElement | undefined;
  // Each service's detail says whether this master has their own price and
  // duration for it; until one arrives (or if it fails) the standard ones show.
  const [details] = createResource(
    () => props.services.map((s) => s.id).join(","),
    (ids) => Promise.all(ids.split(",").filter(Boolean).map((id) => read(`/services/${id}`, ServiceDetail).catch(() => null))),
  );
  const termsOf = (s: Service) => termsWith(s, settled(details)?.find((d) => d?.service.id === s.id), props.master.id);

  const attempt = async (work: () => Promise<unknown>) => {
    setError(null);
    setBusy(true);
    try {
      await work();
      props.onDone();
    } catch (err) {
      setError(errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  const lookUp = async () => {
    const digits = (phoneInput?.value ?? "").replace(/\D/g, "").slice(-10);
    if (digits.length < 10) return;
    try {
      const { clients } = await searchClients(digits);
      const match = clients.find((c) => c.phone.endsWith(digits));
      setFound(match ? { name: match.name } : null);
    } catch (err) {
      setError(errorMessage(err, locale()));
    }
  };

  /** The form as the first date of a series (null, with the browser saying why, while it is not valid). */
  const seriesBase = (): SeriesBase | null => {
    if (!bookingForm?.reportValidity()) return null;
    const f = new FormData(bookingForm);
    const name = String(f.get("name") ?? "").trim() || found()?.name || undefined;
    const notes = String(f.get("notes") ?? "").trim();
    return {
      service_id: Number(f.get("service")),
      staff_id: props.master.id,
      phone: String(f.get("phone")),
      first_date: props.date,
      time: String(f.get("time")).slice(0, 5),
      ...(name ? { customer_name: name } : {}),
      ...(notes ? { notes } : {}),
    };
  };

  const submitBooking = (form: HTMLFormElement) => {
    if (repeat()) return;
    const f = new FormData(form);
    const name = String(f.get("name") ?? "").trim() || found()?.name || undefined;
    const notes = String(f.get("notes") ?? "").trim();
    void attempt(() =>
      bookForClient({
        service_id: Number(f.get("service")),
        staff_id: props.master.id,
        // A repeated time is sent as the instant picked; a wall time alone means its first occurrence.
        appointment_datetime: appointmentOf(f, props.date, String(f.get("time")), instants()),
        phone: String(f.get("phone")),
        ...(name ? { customer_name: name } : {}),
        ...(notes ? { notes } : {}),
        additional_services: [],
      }),
    );
  };

  const submitBlock = (form: HTMLFormElement) => {
    const f = new FormData(form);
    const reason = String(f.get("reason") ?? "").trim();
    void attempt(() =>
      createBlock({ staff_id: props.master.id, start: `${props.date}T${String(f.get("from"))}`, end: `${props.date}T${String(f.get("to"))}`, reason: reason || null }),
    );
  };

  return (
    <SidePanel title={`${props.master.name}, ${formatDay(props.date, intlLocale())}`} onClose={props.onClose}>
      <div class="segmented" role="group">
        <button type="button" class="btn btn--small" aria-pressed={mode() === "booking"} onClick={() => setMode("booking")}>
          {at("cal.newBooking")}
        </button>
        <button type="button" class="btn btn--small" aria-pressed={mode() === "block"} onClick={() => setMode("block")}>
          {at("cal.newBlock")}
        </button>
      </div>
      <FormError message={error()} />
      <Show
        when={mode() === "booking"}
        fallback={
          <form class="form" aria-label={at("block.title")} onSubmit={(e) => (e.preventDefault(), submitBlock(e.currentTarget))}>
            <div class="form--inline">
              <div class="field">
                <label for="block-from">{at("block.from")}</label>
                <input id="block-from" name="from" type="time" step="300" required value={toClock(props.minute)} />
              </div>
              <div class="field">
                <label for="block-to">{at("block.to")}</label>
                <input id="block-to" name="to" type="time" step="300" required value={toClock(Math.min(props.minute + 60, 24 * 60 - 1))} />
              </div>
            </div>
            <div class="field">
              <label for="block-reason">{at("block.reason")}</label>
              <input id="block-reason" name="reason" maxLength={200} />
            </div>
            <button type="submit" class="btn btn--primary" disabled={busy()}>
              {at("block.submit")}
            </button>
          </form>
        }
      >
        <form class="form" ref={bookingForm} aria-label={at("book.title")} onSubmit={(e) => (e.preventDefault(), submitBooking(e.currentTarget))}>
          <div class="field">
            <label for="nb-phone">{at("book.phone")}</label>
            <div class="input-row">
              <input id="nb-phone" name="phone" type="tel" inputmode="tel" autocomplete="off" required ref={phoneInput} onChange={() => props.canLookUp && void lookUp()} />
              <Show when={props.canLookUp}>
                <button type="button" class="btn btn--small" onClick={() => void lookUp()}>
                  {at("book.lookup")}
                </button>
              </Show>
            </div>
            <Show when={found()}>{(c) => <p class="hint" role="status">{at("book.found", { name: c().name ?? "—" })}</p>}</Show>
            <Show when={found() === null}>
              <p class="hint" role="status">
                {at("book.newClient")}
              </p>
            </Show>
          </div>
          <Show when={!found()}>
            <div class="field">
              <label for="nb-name">{at("book.name")}</label>
              <input id="nb-name" name="name" maxLength={100} autocomplete="off" />
            </div>
          </Show>
          <div class="field">
            <label for="nb-service">{at("book.service")}</label>
            <select id="nb-service" name="service" required>
              <For each={props.services}>
                {(s) => (
                  <option value={s.id}>
                    {s.name} · {termsOf(s).durationMin} {locale() === "ru" ? "мин" : "min"} · {formatPrice(termsOf(s).price, intlLocale())}
                    {termsOf(s).own ? ` (${at("book.ownTerms")})` : ""}
                  </option>
                )}
              </For>
            </select>
          </div>
          <div class="field">
            <label for="nb-time">{at("book.time")}</label>
            <input id="nb-time" name="time" type="time" step="300" required value={time()} onInput={(e) => setTime(e.currentTarget.value)} />
          </div>
          <RepeatedTimeChoice time={time()} instants={instants()} />
          <div class="field">
            <label for="nb-notes">{at("book.notes")}</label>
            <input id="nb-notes" name="notes" maxLength={1000} />
          </div>
          <label class="check">
            <input type="checkbox" name="repeat" checked={repeat()} onChange={(e) => setRepeat(e.currentTarget.checked)} /> {at("series.repeat")}
          </label>
          <Show
            when={repeat()}
            fallback={
              <button type="submit" class="btn btn--primary" disabled={busy()}>
                {at("book.submit")}
              </button>
            }
          >
            <SeriesRepeat base={seriesBase} onDone={props.onDone} />
          </Show>
        </form>
      </Show>
    </SidePanel>
  );
}
