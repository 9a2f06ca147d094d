import { t } from "../i18n";

/**
 * A gift certificate's code on a details step (a single booking's or a
 * visit's): the server checks the code and spends it with the booking, so the
 * field only carries what was typed.
 */
export default function CertificateField(props: { value: string; onInput: (value: string) => void; hint?: string }) {
  return (
    <div class="field">
      <label for="certificate-code">{t("details.certificate")}</label>
      <input id="certificate-code" autocapitalize="characters" autocomplete="off" spellcheck={false} aria-describedby="certificate-hint" value={props.value} onInput={(e) => props.onInput(e.currentTarget.value)} />
      <p id="certificate-hint" class="muted">
        {props.hint ?? t("details.certificateHint")}
      </p>
    </div>
  );
}
