import { A, useNavigate } from "@solidjs/router";
import { For, Show, createResource, createSignal } from "solid-js";
import type { ClassSession } from "../../../worker/contracts/classes";
import { ApiRequestError } from "../data/api";
import { bookSeat, joinClassWaitlist, listClasses } from "../data/endpoints";
import { errorMessage } from "../data/errors";
import { enqueueSeat, newKey } from "../data/outbox-client";
import { enablePush } from "../data/push";
import { user } from "../data/session";
import { addDays, formatDay } from "../format";
import { intlLocale, locale, t } from "../i18n";

/** Days of sessions the service page lists. */
const DAYS = 31;

/**
 * A group class's sessions with the seats left, each bookable by the seat.
 * Offline (or when the request is cut off) the seat goes to the outbox with
 * its Idempotency-Key; a full session offers its waitlist and the next ones.
 */
export default function ClassSessions(props: { serviceId: number; serviceName: string }) {
  const navigate = useNavigate();
  const today = new Date().toLocaleDateString("sv-SE");
  const [sessions, { refetch }] = createResource(
    () => props.serviceId,
    (id) => listClasses({ from: today, to: addDays(today, DAYS), serviceId: id }).then((r) => r.classes),
  );
  const [full, setFull] = createSignal<number | null>(null);
  const [joined, setJoined] = createSignal<number | null>(null);
  const [busy, setBusy] = createSignal<number | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  // One key per session for this screen: a second tap after a lost answer is the same seat.
  const keys = new Map<number, string>();

  const book = async (s: ClassSession) => {
    const me = user();
    if (!me) return navigate(`/signin?next=/services/${props.serviceId}`);
    const key = keys.get(s.id) ?? newKey();
    keys.set(s.id, key);
    const queue = async () => {
      await enqueueSeat(key, me.id, { classId: s.id, serviceId: props.serviceId }, { serviceName: props.serviceName, staffName: s.staff.name, date: s.local_date, time: s.local_time });
      navigate(`/bookings?queued=${encodeURIComponent(key)}`);
    };
    setBusy(s.id);
    setError(null);
    setFull(null);
    try {
      if (!navigator.onLine) return await queue();
      const { booking } = await bookSeat(s.id, {}, key);
      navigate(booking.status === "held" && booking.prepayment ? `/bookings/${booking.id}/pay` : `/bookings/${booking.id}?new=1`);
    } catch (err) {
      if (err instanceof ApiRequestError && err.isNetwork) return await queue();
      if (err instanceof ApiRequestError && err.code === "class_full") {
        setFull(s.id);
        void refetch();
      } else setError(errorMessage(err, locale()));
    } finally {
      setBusy(null);
    }
  };

  const join = async (id: number) => {
    setError(null);
    try {
      await joinClassWaitlist(id);
      setJoined(id);
      void enablePush();
    } catch (err) {
      setError(errorMessage(err, locale()));
    }
  };

  return (
    <section class="card" aria-labelledby="classes-title" data-testid="class-sessions">
      <h2 class="section-title" id="classes-title">
        {t("classes.title")}
      </h2>
      <Show when={error()}>{(e) => <p class="form-error" role="alert">{e()}</p>}</Show>
      <ul class="plain-list">
        <For each={sessions() ?? []} fallback={<li>{sessions.loading ? t("classes.loading") : t("classes.none")}</li>}>
          {(s) => (
            <li class="class-session" data-class-id={s.id}>
              <strong>
                {formatDay(s.local_date, intlLocale())}, {s.local_time}
              </strong>
              <span class="muted"> · {s.staff.name} · </span>
              <span data-testid="seats-left">{s.seats_left > 0 ? t("classes.seatsLeft", { n: s.seats_left }) : t("classes.full")}</span>
              <div class="actions">
                <Show
                  when={s.seats_left > 0 && full() !== s.id}
                  fallback={
                    <Show when={joined() !== s.id} fallback={<p role="status">{t("classes.waitlistJoined")}</p>}>
                      <p role="status">{t("classes.fullOffer")}</p>
                      <button type="button" class="btn btn--small" onClick={() => void join(s.id)}>
                        {t("classes.joinWaitlist")}
                      </button>
                    </Show>
                  }
                >
                  <button type="button" class="btn btn--primary btn--small" disabled={busy() === s.id} onClick={() => void book(s)}>
                    {t("classes.bookSeat")}
                  </button>
                </Show>
              </div>
            </li>
          )}
        </For>
      </ul>
      <Show when={!user()}>
        <p class="muted">
          <A href={`/signin?next=/services/${props.serviceId}`}>{t("classes.signIn")}</A>
        </p>
      </Show>
    </section>
  );
}
