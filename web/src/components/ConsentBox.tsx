import { Show, createSignal, onMount } from "solid-js";
import type { LegalDocument } from "../../../worker/contracts/legal";
import { getLegal } from "../data/legal";
import { t } from "../i18n";
import OperatorDetails from "./OperatorDetails";

type Props = {
  version: number;
  checked: boolean;
  onChange: (checked: boolean) => void;
};

/**
 * The personal-data consent as its own document (156-FZ): who the operator
 * is, what for, the full text and the policy one tap away, and a box the
 * person ticks. Never pre-ticked; marketing is not part of it.
 */
export default function ConsentBox(props: Props) {
  // A plain signal, not a resource: a resource read here would suspend the
  // whole screen (the form included) while the operator's details load.
  const [doc, setDoc] = createSignal<LegalDocument>();
  onMount(() => void getLegal("consent").then(setDoc, () => undefined));
  return (
    <fieldset class="consent card" data-testid="consent">
      <legend>{t("consent.title")}</legend>
      <Show when={doc()}>{(d) => <OperatorDetails operator={d().operator} />}</Show>
      <p>{t("consent.purposes")}</p>
      <p>
        <a href="/legal/consent" target="_blank" rel="noopener">
          {t("consent.fullText", { version: props.version })}
        </a>
        {" · "}
        <a href="/legal/privacy" target="_blank" rel="noopener">
          {t("legal.privacyTitle")}
        </a>
      </p>
      <label class="check">
        <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.currentTarget.checked)} />
        <span>{t("consent.agree")}</span>
      </label>
    </fieldset>
  );
}
