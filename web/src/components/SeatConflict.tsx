import { A } from "@solidjs/router";
import { For, Show, createSignal } from "solid-js";
import { joinClassWaitlist } from "../data/endpoints";
import { errorMessage } from "../data/errors";
import type { OutboxEntry } from "../data/outbox-logic";
import { formatDay } from "../format";
import { intlLocale, locale, t } from "../i18n";

/**
 * A seat queued offline whose session was full (or cancelled) when it was
 * replayed: the next sessions with seats, and the session's waitlist.
 */
export default function SeatConflict(props: { entry: Extract<OutboxEntry, { kind: "seat" }> }) {
  const [joined, setJoined] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const join = async () => {
    setError(null);
    try {
      await joinClassWaitlist(props.entry.classId);
      setJoined(true);
    } catch (err) {
      setError(errorMessage(err, locale()));
    }
  };
  return (
    <div role="alert" data-testid="seat-conflict">
      <p>{props.entry.error?.code === "class_cancelled" ? t("classes.cancelledOnReplay") : t("classes.fullOnReplay")}</p>
      <Show when={(props.entry.next ?? []).length > 0}>
        <p>{t("classes.nextSessions")}</p>
        <ul class="plain-list">
          <For each={props.entry.next ?? []}>
            {(s) => (
              <li>
                <A href={`/services/${props.entry.serviceId}`}>
                  {formatDay(s.local_date, intlLocale())}, {s.local_time}
                </A>
                <span class="muted"> · {t("classes.seatsLeft", { n: s.seats_left })}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.entry.error?.code !== "class_cancelled"}>
        <Show when={!joined()} fallback={<p role="status">{t("classes.waitlistJoined")}</p>}>
          <button type="button" class="btn btn--small" onClick={() => void join()}>
            {t("classes.joinWaitlist")}
          </button>
        </Show>
      </Show>
      <Show when={error()}>{(e) => <p class="form-error">{e()}</p>}</Show>
    </div>
  );
}
