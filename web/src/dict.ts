// A screen's own dictionary ({ ru, en }, the same key style as i18n.ts) as a
// translate function: the strings load with the lazy screen that imports them,
// not with the entry chunk.
import { locale, type Locale } from "./i18n";

export type Params = Record<string, string | number>;

/** `t` for one screen's dictionaries. Reactive: reads the app's locale signal. */
export function dictT<K extends string>(dicts: Record<Locale, Record<K, string>>): (key: K, params?: Params) => string {
  return (key, params) => {
    const template = dicts[locale()][key];
    return params ? template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : template;
  };
}
