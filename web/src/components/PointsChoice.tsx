import { Show, createResource } from "solid-js";
import { getLoyalty } from "../data/endpoints";
import { formatPrice } from "../format";
import { intlLocale, t } from "../i18n";
import { settled } from "../resource";

type Props = { currency: string; checked: boolean; onChange: (use: boolean) => void };

/** "Pay part with points" on the pay page, when the customer has any; the salon decides how many it takes. */
export default function PointsChoice(props: Props) {
  const [loyalty] = createResource(() => getLoyalty().catch(() => null));
  return (
    <Show when={(settled(loyalty)?.points ?? 0) > 0 && settled(loyalty)}>
      {(balance) => (
        <label class="choice" data-testid="use-points">
          <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.currentTarget.checked)} />
          <span class="choice__label">
            {t("money.usePoints", { amount: formatPrice({ amount_minor: balance().points, currency: props.currency }, intlLocale()) })}
          </span>
        </label>
      )}
    </Show>
  );
}
