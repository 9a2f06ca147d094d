import { A, useNavigate, useParams } from "@solidjs/router";
import { Match, Switch, createResource, createSignal, onCleanup, onMount } from "solid-js";
import FormError from "../components/FormError";
import Loadable from "../components/Loadable";
import Screen from "../components/Screen";
import { confirmOffer, declineOffer, getWaitlistEntry } from "../data/endpoints";
import { errorMessage } from "../data/errors";
import { formatDay } from "../format";
import { intlLocale, locale, t } from "../i18n";

const POLL_MS = 5000;

const countdown = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/** The time held for a waiting customer: countdown, book in one tap, or let it go. Route: /waitlist/:id. */
export default function WaitlistOffer() {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const id = () => Number(params.id);
  const [entry, { refetch }] = createResource(id, (n) => getWaitlistEntry(n));
  const [now, setNow] = createSignal(Date.now());
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  onMount(() => {
    const tick = setInterval(() => setNow(Date.now()), 1000);
    // The hold can pass on (lapse, another device): re-read now and then.
    const poll = setInterval(() => void refetch(), POLL_MS);
    onCleanup(() => {
      clearInterval(tick);
      clearInterval(poll);
    });
  });

  const act = async (what: "confirm" | "decline") => {
    setBusy(true);
    setError(null);
    try {
      if (what === "confirm") {
        const { booking } = await confirmOffer(id());
        navigate(`/bookings/${booking.id}`);
      } else {
        await declineOffer(id());
        navigate("/waitlist");
      }
    } catch (err) {
      setError(errorMessage(err, locale()));
      void refetch();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title={t("wl.offerTitle")} back={{ href: "/waitlist", label: t("wl.title") }}>
      <Loadable of={entry} errorTitle={t("my.error")} onRetry={() => void refetch()} rows={2}>
        {(loaded) => {
          const e = () => loaded().entry;
          const left = () => (e().offer ? Date.parse(e().offer!.expires_at) - now() : 0);
          return (
            <Switch fallback={<p class="notice" role="status">{t("wl.gone")}</p>}>
              <Match when={e().state === "offered" && e().offer && left() > 0 ? e().offer : undefined}>
                {(offer) => (
                  <div class="waitlist-offer" data-state="offered">
                    <p class="lead">
                      <strong>{e().service.name}</strong> · {offer().staff.name}
                    </p>
                    <p class="waitlist-offer__when">
                      {formatDay(offer().local_date, intlLocale())}, {offer().local_time}
                    </p>
                    <p class="waitlist-offer__countdown" role="timer">
                      {t("wl.heldFor")} <strong>{countdown(left())}</strong>
                    </p>
                    <FormError message={error()} />
                    <div class="actions actions--sticky">
                      <button type="button" class="btn btn--primary btn--wide" disabled={busy()} onClick={() => void act("confirm")}>
                        {t("wl.confirm")}
                      </button>
                      <button type="button" class="btn btn--wide" disabled={busy()} onClick={() => void act("decline")}>
                        {t("wl.decline")}
                      </button>
                    </div>
                  </div>
                )}
              </Match>
              <Match when={e().state === "waiting"}>
                <p class="notice" role="status">{t("wl.waitingNote")}</p>
              </Match>
              <Match when={e().booking_id}>
                {(bookingId) => (
                  <p class="notice" role="status">
                    <A href={`/bookings/${bookingId()}`}>{t("wl.seeBooking")}</A>
                  </p>
                )}
              </Match>
            </Switch>
          );
        }}
      </Loadable>
    </Screen>
  );
}
