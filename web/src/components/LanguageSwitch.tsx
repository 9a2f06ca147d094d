import { For } from "solid-js";
import { LOCALES, LOCALE_NAMES, locale, setLocale, t } from "../i18n";

/** RU / EN toggle buttons; the choice is persisted by i18n.setLocale. */
export default function LanguageSwitch() {
  return (
    <div class="lang-switch" role="group" aria-label={t("app.language")}>
      <For each={LOCALES}>
        {(code) => (
          <button
            type="button"
            class="lang-switch__btn"
            lang={code}
            aria-pressed={locale() === code}
            aria-label={LOCALE_NAMES[code]}
            title={LOCALE_NAMES[code]}
            onClick={() => setLocale(code)}
          >
            {code.toUpperCase()}
          </button>
        )}
      </For>
    </div>
  );
}
