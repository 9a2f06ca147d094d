import { For } from "solid-js";
import { LOCALES, LOCALE_NAMES, locale, setLocale, t } from "../i18n";

/** RU / EN toggle buttons; i18n.setLocale switches once the language's strings are here, and persists the choice. */
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
            title={LOCALE_NAMES[code]}
            onClick={() => void setLocale(code)}
          >
            {/* The visible "RU" stays the start of the name (WCAG 2.5.3, label in name); the language's name follows for screen readers. */}
            <span aria-hidden="true">{code.toUpperCase()}</span>
            <span class="sr-only">{`${code.toUpperCase()} ${LOCALE_NAMES[code]}`}</span>
          </button>
        )}
      </For>
    </div>
  );
}
