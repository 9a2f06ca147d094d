import { Show, createSignal } from "solid-js";
import { errorMessage } from "../data/errors";
import { consentVersionOf, giveConsent } from "../data/legal";
import { consent, setConsent, signOut, user } from "../data/session";
import { locale, t } from "../i18n";
import ConsentBox from "./ConsentBox";
import FormError from "./FormError";

/**
 * A signed-in person whose consent is to an older text (or none) is asked
 * before going on: agree to the version in force, or sign out. Nobody is
 * locked out of their account by a new version of the text.
 */
export default function ConsentPrompt() {
  const [agreed, setAgreed] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const accept = async (version: number) => {
    if (!agreed()) {
      setError(t("consent.tick"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setConsent(await giveConsent(version));
    } catch (err) {
      // The text changed again meanwhile: show the version now in force, to be ticked anew.
      const newer = consentVersionOf(err);
      const shown = consent();
      if (newer !== null && shown) {
        setConsent({ ...shown, current: newer });
        setAgreed(false);
      }
      setError(newer !== null ? t("consent.tick") : errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Show when={user() && consent()?.needed ? consent() : null}>
      {(c) => (
        <div class="consent-overlay">
          <section class="consent-dialog card" role="dialog" aria-modal="true" aria-labelledby="consent-prompt-title">
            <h2 id="consent-prompt-title" class="section-title">
              {c().given === null ? t("consent.askTitle") : t("consent.updatedTitle")}
            </h2>
            <ConsentBox version={c().current} checked={agreed()} onChange={setAgreed} />
            <FormError message={error()} />
            <div class="actions">
              <button type="button" class="btn btn--primary" disabled={busy()} onClick={() => void accept(c().current)}>
                {t("consent.accept")}
              </button>
              <button type="button" class="btn" onClick={() => void signOut()}>
                {t("signin.out")}
              </button>
            </div>
          </section>
        </div>
      )}
    </Show>
  );
}
