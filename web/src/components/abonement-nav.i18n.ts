// The navigation's link to the abonements: the one abonement string the entry
// chunk carries (the screens' own strings load with them). No dictT here, so
// that helper stays out of the entry chunk too.
import { locale } from "../i18n";

export const ru = { "nav.abonements": "Абонементы" };
export const en: Record<keyof typeof ru, string> = { "nav.abonements": "Memberships" };
export const navAbonements = (): string => (locale() === "en" ? en : ru)["nav.abonements"];
