import { Show, createResource } from "solid-js";
import { getLoyalty } from "../data/endpoints";
import { user } from "../data/session";
import { formatPrice } from "../format";
import { intlLocale, t } from "../i18n";
import { settled } from "../resource";

/** The signed-in customer's loyalty points (1 point = 1 minor unit); nothing while offline or at zero. */
export default function LoyaltyBalance(props: { currency: string }) {
  const [loyalty] = createResource(
    () => user()?.id,
    () => getLoyalty().catch(() => null),
  );
  return (
    <Show when={settled(loyalty)}>
      {(balance) => (
        <Show when={balance().points > 0}>
          <p class="muted loyalty-balance" data-testid="loyalty-balance">
            {t("money.loyalty", { amount: formatPrice({ amount_minor: balance().points, currency: props.currency }, intlLocale()) })}
          </p>
        </Show>
      )}
    </Show>
  );
}
