import { For, Show, createResource } from "solid-js";
import type { Money, Service } from "../../../worker/contracts/catalog";
import { refundRule } from "../data/money";
import { prepaymentFor } from "../data/pricing";
import { loadSalon } from "../data/salon";
import { formatPrice } from "../format";
import { intlLocale, t } from "../i18n";
import { settled } from "../resource";
import LoyaltyBalance from "./LoyaltyBalance";

/** `prepayment`: the server's figure when it quoted one (a no-show deposit included); absent, the service's rule. */
type Props = { service: Pick<Service, "prepayment">; total: Money; prepayment?: Money | null; deposit?: boolean };

/**
 * Before booking: what is paid now and what at the salon, the cancellation
 * and refund rule, and the customer's loyalty balance.
 */
export default function MoneyTerms(props: Props) {
  const [salonRes] = createResource(loadSalon);
  const salon = () => settled(salonRes)?.data.salon;
  const prepayment = () => (props.prepayment !== undefined ? props.prepayment : prepaymentFor(props.service, props.total));
  const rest = (): Money | null => {
    const p = prepayment();
    return p && { amount_minor: props.total.amount_minor - p.amount_minor, currency: p.currency };
  };
  return (
    <section class="money-terms" aria-label={t("money.title")} data-testid="money-terms">
      <Show when={prepayment()}>
        {(p) => (
          <dl class="facts totals">
            <div>
              <dt>{t("money.prepayNow")}</dt>
              <dd data-testid="details-prepayment">{formatPrice(p(), intlLocale())}</dd>
            </div>
            <Show when={rest()}>
              {(r) => (
                <div>
                  <dt>{t("money.atSalon")}</dt>
                  <dd>{formatPrice(r(), intlLocale())}</dd>
                </div>
              )}
            </Show>
          </dl>
        )}
      </Show>
      <Show when={salon()}>
        {(s) => (
          <ul class="money-terms__rules" data-testid="refund-rule">
            {/* A no-show deposit has its own rule (all back in the window, nothing after), told next to it. */}
            <For each={refundRule(s()).filter((r) => (prepayment() && !props.deposit) || r.key === "money.rule.cancel")}>{(rule) => <li>{t(rule.key, rule.params)}</li>}</For>
            <Show when={prepayment()}>
              <li>{t("money.holdNote")}</li>
            </Show>
          </ul>
        )}
      </Show>
      <LoyaltyBalance currency={salon()?.currency ?? props.total.currency} />
    </section>
  );
}
