// Customer strings of a visit's money (its certificate field, its deposits on
// the pay page), Russian first. Kept next to the screens, not in i18n.ts.
import { locale } from "../i18n";

export const ru = {
  certificateHint: "Сертификат оплатит услуги визита по порядку, пока хватит баланса; остаток — как обычно.",
  depositMark: "депозит",
};

export const en: typeof ru = {
  certificateHint: "The certificate pays the visit's services in order as far as its balance goes; the rest as usual.",
  depositMark: "deposit",
};

/** The string in the current language. */
export const visitMoneyText = (key: keyof typeof ru): string => (locale() === "en" ? en : ru)[key];
