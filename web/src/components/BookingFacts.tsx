import { Show } from "solid-js";
import type { ManagedVisit } from "../../../worker/contracts/manage";
import { formatDay, formatDuration, formatPrice } from "../format";
import { intlLocale, locale, t } from "../i18n";
import { statusKey } from "./BookingCard";

/** A booking's card as its customer sees it (the booking page and a manage link's page). */
export default function BookingFacts(props: { booking: ManagedVisit; address: string | null }) {
  const b = () => props.booking;
  return (
    <section class="card confirmation" aria-label={t("booking.details")}>
      <p class="summary__service">{b().service?.name ?? t("booking.unknownService")}</p>
      <dl class="facts facts--rows">
        <div>
          <dt>{t("booking.status")}</dt>
          <dd>
            <span class={`badge badge--status badge--${b().status}`} data-testid="booking-status">
              {t(statusKey(b().status))}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t("booking.date")}</dt>
          <dd data-testid="booking-date">{formatDay(b().local_date, intlLocale(), { weekday: "long", day: "numeric", month: "long" })}</dd>
        </div>
        <div>
          <dt>{t("booking.time")}</dt>
          <dd data-testid="booking-time">
            {b().local_time} · {formatDuration(b().duration_min, locale())}
          </dd>
        </div>
        <div>
          <dt>{t("booking.master")}</dt>
          <dd>{b().staff?.name ?? "—"}</dd>
        </div>
        <Show when={b().addons.length > 0}>
          <div>
            <dt>{t("details.addons")}</dt>
            <dd>{b().addons.map((a) => a.name).join(", ")}</dd>
          </div>
        </Show>
        <div>
          <dt>{t("details.total")}</dt>
          <dd>{formatPrice(b().price, intlLocale())}</dd>
        </div>
        <Show when={props.address}>
          {(address) => (
            <div>
              <dt>{t("booking.address")}</dt>
              <dd>{address()}</dd>
            </div>
          )}
        </Show>
      </dl>
    </section>
  );
}
