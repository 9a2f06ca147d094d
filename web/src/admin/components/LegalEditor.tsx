import { For, createResource, createSignal } from "solid-js";
import type { LegalKind } from "../../../../worker/contracts/legal";
import Loadable from "../../components/Loadable";
import { errorMessage } from "../../data/errors";
import { locale } from "../../i18n";
import { getLegalText, publishLegalText } from "../data/api";
import { at } from "../i18n";
import SaveActions from "./SaveActions";

/**
 * The consent text and the privacy policy the PWA shows. Saving publishes a
 * new version; a new consent version asks every person to agree again.
 */
function LegalText(props: { kind: LegalKind }) {
  const [doc, { refetch, mutate }] = createResource(() => props.kind, getLegalText);
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal(false);
  const title = () => (props.kind === "consent" ? at("legal.consent") : at("legal.privacy"));
  return (
    <Loadable of={doc} errorTitle={at("admin.loadError")} onRetry={() => void refetch()}>
      {(d) => (
        <form
          class="form card"
          aria-label={title()}
          onSubmit={async (e) => {
            e.preventDefault();
            setError(null);
            setSaved(false);
            const body = (e.currentTarget.elements.namedItem("body") as HTMLTextAreaElement).value;
            try {
              mutate(await publishLegalText(props.kind, body));
              setSaved(true);
            } catch (err) {
              setError(errorMessage(err, locale()));
            }
          }}
        >
          <div class="field">
            <label for={`legal-${props.kind}`}>
              {title()} · {at("legal.version", { version: d().version })}
            </label>
            <textarea id={`legal-${props.kind}`} name="body" rows={12} maxLength={50_000} value={d().body} />
            <p class="hint">{props.kind === "consent" ? at("legal.consentHint") : at("legal.privacyHint")}</p>
          </div>
          <SaveActions error={error()} saved={saved()} label={at("legal.publish")} />
        </form>
      )}
    </Loadable>
  );
}

export default function LegalEditor() {
  return (
    <section aria-labelledby="legal-editor-title">
      <h2 class="section-title" id="legal-editor-title">
        {at("legal.title")}
      </h2>
      <For each={["consent", "privacy"] as const}>{(kind) => <LegalText kind={kind} />}</For>
    </section>
  );
}
