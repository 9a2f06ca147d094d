import { Show, createResource } from "solid-js";
import { loadSalon } from "../data/salon";
import { settled } from "../resource";
import type { Booking } from "../../../worker/contracts/bookings";
import { refundKey } from "../data/money";
import { formatPrice } from "../format";
import { intlLocale, t } from "../i18n";

const ACTIVE = ["held", "pending", "confirmed"];

/** A booking's money: the prepayment, what was paid (money and points), what is left, and a refund. */
export default function BookingMoney(props: { booking: Booking }) {
  const b = () => props.booking;
  // No-show protection: the deposit's refund window is the salon's full-refund window.
  const [salonRes] = createResource(loadSalon);
  const depositHours = () => settled(salonRes)?.data.salon.refund_full_hours;
  const money = () => b().money;
  const fmt = (minor: number) => formatPrice({ amount_minor: minor, currency: b().price.currency }, intlLocale());
  const paidSomething = () => (money()?.paid.amount_minor ?? 0) + (money()?.points_used ?? 0) + (money()?.certificate_used?.amount_minor ?? 0) + (money()?.abonement_used?.covered.amount_minor ?? 0) > 0;
  return (
    <Show when={money() && (b().prepayment || paidSomething() || money()!.refund || b().discount)}>
      <section class="card booking-money" aria-label={t("money.title")} data-testid="booking-money">
        <dl class="facts facts--rows">
          <Show when={b().prepayment}>
            {(p) => (
              <div>
                <dt>{t("money.prepayment")}</dt>
                <dd data-testid="money-prepayment">{formatPrice(p(), intlLocale())}</dd>
              </div>
            )}
          </Show>
          <Show when={b().discount}>
            {(d) => (
              <div>
                <dt>{t("promo.applied", { code: d().promo_code, amount: formatPrice(d().amount, intlLocale()) })}</dt>
                <dd data-testid="money-discount">
                  <s>{formatPrice(d().price_before, intlLocale())}</s> {formatPrice(b().price, intlLocale())}
                </dd>
              </div>
            )}
          </Show>
          <div>
            <dt>{t("money.paid")}</dt>
            <dd data-testid="money-paid">{formatPrice(money()!.paid, intlLocale())}</dd>
          </div>
          <Show when={money()!.points_used > 0}>
            <div>
              <dt>{t("money.points")}</dt>
              <dd data-testid="money-points">{fmt(money()!.points_used)}</dd>
            </div>
          </Show>
          <Show when={money()!.certificate_used}>
            {(used) => (
              <div>
                <dt>{t("money.certificate")}</dt>
                <dd data-testid="money-certificate">{formatPrice(used(), intlLocale())}</dd>
              </div>
            )}
          </Show>
          <Show when={money()!.abonement_used}>
            {(used) => (
              <div>
                <dt>{t("abonPay.covered")}</dt>
                <dd data-testid="money-abonement">
                  {formatPrice(used().covered, intlLocale())} <span class="muted">· {used().name}</span>
                </dd>
              </div>
            )}
          </Show>
          <Show when={ACTIVE.includes(b().status)}>
            <div>
              <dt>{t("money.left")}</dt>
              <dd data-testid="money-left">{formatPrice(money()!.left_to_pay, intlLocale())}</dd>
            </div>
          </Show>
        </dl>
        <Show when={b().deposit_rule && b().prepayment && ACTIVE.includes(b().status)}>
          <p class="notice" role="note" data-testid="booking-deposit-rule">
            {t("deposit.booked", { hours: depositHours() ?? 24 })}
          </p>
        </Show>
        <Show when={money()!.refund}>
          {(refund) => (
            <p class={`notice ${refund().status === "failed" ? "notice--error" : "notice--cache"}`} role="status" data-testid="money-refund" data-state={refund().status}>
              {t(refundKey(refund()), { amount: formatPrice(refund().amount, intlLocale()) })}
            </p>
          )}
        </Show>
      </section>
    </Show>
  );
}
