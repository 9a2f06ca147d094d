import { A } from "@solidjs/router";
import { Show, type JSX } from "solid-js";
import type { Booking } from "../../../worker/contracts/bookings";
import { formatDay, formatPrice } from "../format";
import { intlLocale, t, type TranslationKey } from "../i18n";

export const statusKey = (status: Booking["status"]): TranslationKey => `status.${status}`;

type Props = { booking: Booking; note?: string; children?: JSX.Element };

/** One booking in a list: when, what, who, status; links to its page. */
export default function BookingCard(props: Props) {
  const b = () => props.booking;
  return (
    <li class="service booking" data-booking-id={b().id} data-status={b().status}>
      <div class="service__head">
        <h3 class="service__name">
          <A href={`/bookings/${b().id}`} class="service__link">
            {b().service?.name ?? t("booking.unknownService")}
          </A>
        </h3>
        <span class={`badge badge--status badge--${b().status}`}>{t(statusKey(b().status))}</span>
      </div>
      <p>
        {formatDay(b().local_date, intlLocale())}, {b().local_time}
        <Show when={b().staff}>{(s) => <span class="muted"> · {s().name}</span>}</Show>
      </p>
      <p class="muted">{formatPrice(b().price, intlLocale())}</p>
      <Show when={props.note}>
        <p class="pending-note">{props.note}</p>
      </Show>
      {props.children}
    </li>
  );
}
