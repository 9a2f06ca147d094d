import { Show } from "solid-js";
import type { Operator } from "../../../worker/contracts/legal";
import { t } from "../i18n";

/** The salon as the operator of personal data, from its settings; fields not filled in are left out. */
export default function OperatorDetails(props: { operator: Operator }) {
  const o = () => props.operator;
  return (
    <dl class="operator" data-testid="operator">
      <dt>{t("legal.operator")}</dt>
      <dd>{o().legal_name ?? o().name}</dd>
      <Show when={o().inn}>
        <dt>{t("legal.inn")}</dt>
        <dd>{o().inn}</dd>
      </Show>
      <Show when={o().ogrn}>
        <dt>{t("legal.ogrn")}</dt>
        <dd>{o().ogrn}</dd>
      </Show>
      <Show when={o().address}>
        <dt>{t("legal.address")}</dt>
        <dd>{o().address}</dd>
      </Show>
      <Show when={o().email}>
        {(email) => (
          <>
            <dt>{t("legal.requests")}</dt>
            <dd>
              <a href={`mailto:${email()}`}>{email()}</a>
            </dd>
          </>
        )}
      </Show>
    </dl>
  );
}
