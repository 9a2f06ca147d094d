import { A } from "@solidjs/router";
import { For, Show, createSignal } from "solid-js";
import type { Booking } from "../../../worker/contracts/bookings";
import { formatDay, formatPrice } from "../format";
import { intlLocale, t } from "../i18n";
import BookingCard from "./BookingCard";
import { visitDue, visitPaid } from "../data/visits";

type Props = { bookings: Booking[]; onCancel?: (visitId: number) => Promise<void> };

/** The bookings of one visit (several services), together, with the total, one payment and one cancel for all. */
export default function VisitGroup(props: Props) {
  const first = () => props.bookings[0]!;
  const [busy, setBusy] = createSignal(false);
  const total = () => ({
    amount_minor: props.bookings.filter((b) => b.status !== "cancelled").reduce((sum, b) => sum + b.price.amount_minor, 0),
    currency: first().price.currency,
  });
  const active = () => props.bookings.some((b) => b.status === "held" || b.status === "pending" || b.status === "confirmed");
  return (
    <li class="visit-group" data-visit-id={first().visit_id ?? undefined}>
      <div class="service__head">
        <h3 class="service__name">{t("visit.groupTitle", { count: props.bookings.length })}</h3>
        <span class="muted">
          {formatDay(first().local_date, intlLocale())}, {first().local_time}
        </span>
      </div>
      <ul class="plain-list visit-group__items">
        <For each={props.bookings}>{(b) => <BookingCard booking={b} />}</For>
      </ul>
      <p>
        {t("details.total")}: <strong data-testid="visit-group-total">{formatPrice(total(), intlLocale())}</strong>
      </p>
      {/* onepay: the visit is paid in one go, and shown as paid together. */}
      <Show when={visitPaid(props.bookings)}>
        {(paid) => <p data-testid="visit-group-paid">{t("visit.paidTogether", { amount: formatPrice(paid(), intlLocale()) })}</p>}
      </Show>
      <Show when={visitDue(props.bookings)}>
        {(d) => (
          <div class="actions">
            <A class="btn btn--primary btn--small" href={`/bookings/${d().items[0]!.id}/pay`} data-testid="visit-group-pay">
              {t("pay.goVisit", { amount: formatPrice(d().total, intlLocale()) })}
            </A>
          </div>
        )}
      </Show>
      <Show when={props.onCancel && active()}>
        <div class="actions">
          <button
            type="button"
            class="btn btn--small"
            disabled={busy()}
            onClick={async () => {
              setBusy(true);
              try {
                await props.onCancel!(first().visit_id!);
              } finally {
                setBusy(false);
              }
            }}
          >
            {t("visit.cancel")}
          </button>
        </div>
      </Show>
    </li>
  );
}
