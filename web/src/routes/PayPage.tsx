import { useParams } from "@solidjs/router";
import { For, Show, createResource, createSignal } from "solid-js";
import FormError from "../components/FormError";
import Loadable from "../components/Loadable";
import PointsChoice from "../components/PointsChoice";
import Screen from "../components/Screen";
import { loadBooking, rememberPayment } from "../data/booking";
import { ApiRequestError } from "../data/api";
import { createPayment } from "../data/endpoints";
import { updateProfile } from "../data/manage";
import { rememberUser } from "../data/session";
import { errorMessage } from "../data/errors";
import { newKey } from "../data/outbox-client";
import { formatPrice, formatWhen } from "../format";
import { getVisit, visitDue } from "../data/visits";
import { intlLocale, locale, t } from "../i18n";
import { loadSalon } from "../data/salon";
import { settled } from "../resource";

/** Prepayment of a held booking: create the payment, go to the provider's page. Route: /bookings/:id/pay. */
export default function PayPage() {
  const params = useParams<{ id: string }>();
  const [loaded, { refetch }] = createResource(() => Number(params.id), loadBooking);
  // onepay: an item of a visit is paid with the whole visit; the page shows every item the payment covers.
  const [visit] = createResource(() => loaded()?.data.booking.visit_id ?? null, (id) => getVisit(id));
  const [salonRes] = createResource(loadSalon);
  const due = () => {
    const v = visit();
    return v ? visitDue(v.bookings) : null;
  };
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  // One payment per visit of this page and choice of points, however often the button is pressed.
  const keys = { points: newKey(), money: newKey() };
  const [usePoints, setUsePoints] = createSignal(false);
  // 54-FZ: the payment was refused for want of an email for the receipt; asked here, kept on the account.
  const [needsEmail, setNeedsEmail] = createSignal(false);
  const [email, setEmail] = createSignal("");

  const pay = async (bookingId: number) => {
    setBusy(true);
    setError(null);
    try {
      if (needsEmail()) await rememberUser((await updateProfile({ email: email().trim() })).user);
      const { payment } = await createPayment(bookingId, usePoints() ? keys.points : keys.money, usePoints());
      // A visit's payment returns to its first item's page (payment.booking_id), which polls it.
      rememberPayment(payment.booking_id, payment.id);
      if (payment.confirmation_url) window.location.assign(payment.confirmation_url);
      else window.location.assign(`/bookings/${bookingId}?paid=1`);
    } catch (err) {
      if (err instanceof ApiRequestError && err.code === "receipt_contact_required") setNeedsEmail(true);
      setError(
        err instanceof ApiRequestError && err.status === 404 && err.code === "not_found"
          ? t("pay.unavailable")
          : errorMessage(err, locale()),
      );
      setBusy(false);
    }
  };

  return (
    <Screen title={t("pay.title")} back={{ href: `/bookings/${params.id}`, label: t("common.back") }}>
      <Loadable of={loaded} errorTitle={t("booking.error")} onRetry={() => void refetch()} rows={2}>
        {(current) => {
          const b = () => current().data.booking;
          return (
            <section class="card">
              <p class="summary__service">{b().service?.name}</p>
              <p data-testid="pay-when">
                {formatWhen(b().local_date, b().local_time, intlLocale())}
                <Show when={b().staff}>{(m) => <> · {m().name}</>}</Show>
              </p>
              <Show
                when={b().status === "held" && b().prepayment}
                fallback={<p>{t("pay.notNeeded")}</p>}
              >
                {(amount) => (
                  <>
                    <Show when={due()} fallback={<p class="lead">{t("pay.amount", { amount: formatPrice(amount(), intlLocale()) })}</p>}>
                      {(d) => (
                        <>
                          <p>{t("pay.visitItems", { count: d().items.length })}</p>
                          <ul class="plain-list" data-testid="pay-visit-items">
                            <For each={d().items}>
                              {(item) => (
                                <li>
                                  {item.local_time} · {item.service?.name} · {formatPrice(item.prepayment!, intlLocale())}
                                  <Show when={item.deposit_rule}>
                                    {" "}
                                    <span class="muted" data-testid="pay-visit-deposit">({t("deposit.mark")})</span>
                                  </Show>
                                </li>
                              )}
                            </For>
                          </ul>
                          {/* No-show protection: the rule is stated before the visit's one payment, as before a single booking's. */}
                          <Show when={d().items.some((item) => item.deposit_rule)}>
                            <p class="notice" role="note" data-testid="pay-visit-deposit-rule">
                              {t("deposit.booked", { hours: settled(salonRes)?.data.salon.refund_full_hours ?? 24 })}
                            </p>
                          </Show>
                          <p class="lead" data-testid="pay-visit-total">{t("pay.amount", { amount: formatPrice(d().total, intlLocale()) })}</p>
                        </>
                      )}
                    </Show>
                    <Show when={b().hold_expires_at}>
                      {(until) => (
                        <p class="muted">
                          {t("pay.holdUntil", {
                            time: new Intl.DateTimeFormat(intlLocale(), { hour: "2-digit", minute: "2-digit" }).format(new Date(until())),
                          })}
                        </p>
                      )}
                    </Show>
                    <PointsChoice currency={amount().currency} checked={usePoints()} onChange={setUsePoints} />
                    <Show when={needsEmail()}>
                      <div class="field">
                        <label for="pay-receipt-email">{t("details.receiptEmail")}</label>
                        <input id="pay-receipt-email" type="email" inputmode="email" autocomplete="email" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
                      </div>
                    </Show>
                    <FormError message={error()} />
                    <div class="actions">
                      <button type="button" class="btn btn--primary btn--wide" disabled={busy()} onClick={() => void pay(b().id)}>
                        {needsEmail() ? t("pay.saveEmailAndPay") : due() ? t("pay.goVisit", { amount: formatPrice(due()!.total, intlLocale()) }) : t("pay.go")}
                      </button>
                    </div>
                  </>
                )}
              </Show>
            </section>
          );
        }}
      </Loadable>
    </Screen>
  );
}
