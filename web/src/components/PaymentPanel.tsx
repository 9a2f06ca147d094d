import { A } from "@solidjs/router";
import { Match, Switch } from "solid-js";
import type { Booking } from "../../../worker/contracts/bookings";
import { holdState } from "../data/money";
import { formatPrice } from "../format";
import { intlLocale, t } from "../i18n";

type Props = { booking: Booking; now: number; timeZone: string };

/**
 * What a held booking asks of the customer: pay, pay again after a declined
 * attempt while the hold lasts, or, once it ran out, why it was cancelled.
 */
export default function PaymentPanel(props: Props) {
  const hold = () => holdState(props.booking, props.now);
  const payable = () => {
    const h = hold();
    return h.kind === "payable" ? h : null;
  };
  const expired = () => {
    const h = hold();
    return h.kind === "expired" ? h : null;
  };
  const clock = (iso: string) => new Intl.DateTimeFormat(intlLocale(), { hour: "2-digit", minute: "2-digit", timeZone: props.timeZone }).format(new Date(iso));
  const payHref = () => `/bookings/${props.booking.id}/pay`;
  return (
    <Switch>
      <Match when={payable()?.declined && payable()}>
        {(h) => (
          <div class="notice notice--error" data-testid="payment-declined">
            <p>{t("money.declined", { time: clock(h().until ?? props.booking.start_at) })}</p>
            <A class="btn btn--primary" href={payHref()}>
              {t("money.payAgain")}
            </A>
          </div>
        )}
      </Match>
      <Match when={payable() && props.booking.prepayment}>
        {(amount) => (
          <div class="notice notice--cache">
            <p>{t("pay.needed", { amount: formatPrice(amount(), intlLocale()) })}</p>
            <A class="btn btn--primary" href={payHref()}>
              {t("pay.go")}
            </A>
          </div>
        )}
      </Match>
      <Match when={expired()}>
        {(h) => (
          <div class="notice notice--error" data-testid="hold-expired">
            <p>{h().minutes ? t("money.expired", { minutes: h().minutes ?? 0 }) : t("money.expiredNoMinutes")}</p>
            <A class="btn" href={props.booking.service ? `/book/${props.booking.service.id}` : "/"}>
              {t("money.bookAgain")}
            </A>
          </div>
        )}
      </Match>
    </Switch>
  );
}
