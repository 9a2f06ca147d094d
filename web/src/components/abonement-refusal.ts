// The words for an abonement refusal (a 422 `abonement_*` from the server).
import { t, type TranslationKey } from "../i18n";
import { ru } from "../strings/abonement-choice";

/** The words for an abonement refusal code, or null for any other code. */
export function abonementRefusal(code: string): string | null {
  const key = `abonPay.error.${code}`;
  return key in ru ? t(key as TranslationKey) : null;
}
