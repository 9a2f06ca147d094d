import { A } from "@solidjs/router";
import { Show, createSignal } from "solid-js";
import { joinWaitlist } from "../data/endpoints";
import { errorMessage } from "../data/errors";
import { enablePush } from "../data/push";
import { locale, t } from "../i18n";
import FormError from "./FormError";

type Props = { serviceId: number; date: string; staffId: number | "any" };

/** Shown on a day with no free time: wait for one, optionally between two times. */
export default function JoinWaitlist(props: Props) {
  const [from, setFrom] = createSignal("");
  const [to, setTo] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [joined, setJoined] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      await joinWaitlist({
        service_id: props.serviceId,
        date: props.date,
        ...(props.staffId === "any" ? {} : { staff_id: props.staffId }),
        ...(from() ? { from_time: from() } : {}),
        ...(to() ? { to_time: to() } : {}),
      });
      setJoined(true);
      // Ask for notifications now, while the customer is thinking about it; SMS otherwise.
      void enablePush();
    } catch (err) {
      setError(errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="waitlist-join" aria-labelledby="waitlist-join-title">
      <h2 id="waitlist-join-title" class="section-title">{t("wl.title")}</h2>
      <Show
        when={!joined()}
        fallback={
          <p class="notice" role="status">
            {t("wl.joined")} <A href="/waitlist">{t("wl.open")}</A>
          </p>
        }
      >
        <p>{t("wl.joinLead")}</p>
        <div class="waitlist-join__range">
          <label>
            {t("wl.from")} <input type="time" step="1800" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
          </label>
          <label>
            {t("wl.to")} <input type="time" step="1800" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
          </label>
        </div>
        <FormError message={error()} />
        <button type="button" class="btn btn--primary btn--wide" disabled={busy()} onClick={() => void join()}>
          {t("wl.join")}
        </button>
      </Show>
    </section>
  );
}
