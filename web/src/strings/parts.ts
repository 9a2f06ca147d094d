// The customer dictionary's lazily loaded parts, one language at a time. A key
// belongs to the part owning its longest prefix (the text before a ".", or
// a whole key); core.ru.ts / core.en.ts win over any part.
//
// To add a screen's strings, one line here:
//   - a module exporting both languages, `export const ru = {…}` and
//     `export const en: Record<keyof typeof ru, string> = {…}`:
//       giftCards: both(["gift"], () => import("./gift-cards")),
//   - or one module per language (only the active one is downloaded):
//       waitlist: split(["wl"], () => import("./waitlist.ru"), () => import("./waitlist.en")),
// and name the part in the screen's route in App.tsx, `withStrings(import(…), "abonements")`
// (tests/web/strings.test.ts lists any route that uses a part it does not name).
import type { Locale } from "../i18n";

export type Strings<K extends string> = Record<K, string>;

export type Part<K extends string> = {
  /** Key prefixes this part answers. */
  readonly prefixes: readonly string[];
  readonly load: Record<Locale, () => Promise<Strings<K>>>;
};

/** One module per language; `en` must carry every key of `ru` (else a type error). */
function split<K extends string>(
  prefixes: readonly string[],
  ru: () => Promise<{ ru: Strings<K> }>,
  en: () => Promise<{ en: NoInfer<Strings<K>> }>,
): Part<K> {
  return { prefixes, load: { ru: () => ru().then((m) => m.ru), en: () => en().then((m) => m.en) } };
}

/** One module with both languages, as `{ ru, en }`. */
function both<K extends string>(
  prefixes: readonly string[],
  load: () => Promise<{ ru: Strings<K>; en: NoInfer<Strings<K>> }>,
): Part<K> {
  return { prefixes, load: { ru: () => load().then((m) => m.ru), en: () => load().then((m) => m.en) } };
}

export const PARTS = {
  service: split(["service", "classes", "visit", "yc"], () => import("./service.ru"), () => import("./service.en")),
  slots: split(["book", "slots", "month", "conflict"], () => import("./slots.ru"), () => import("./slots.en")),
  details: split(["details", "addons", "deposit", "promo", "money", "confirm", "pay"], () => import("./details.ru"), () => import("./details.en")),
  bookings: split(["booking", "status", "my", "move", "outbox", "series", "manage"], () => import("./bookings.ru"), () => import("./bookings.en")),
  masters: both(["masters", "reviews", "review"], () => import("./masters")),
  account: split(["profile", "marketing", "legal", "unsubscribe", "staff"], () => import("./account.ru"), () => import("./account.en")),
  waitlist: split(["wl"], () => import("./waitlist.ru"), () => import("./waitlist.en")),
  certificates: split(["cert"], () => import("./certificates.ru"), () => import("./certificates.en")),
  abonements: both(["abon"], () => import("./abonements")),
  abonementChoice: both(["abonPay"], () => import("./abonement-choice")),
};

export type PartName = keyof typeof PARTS;

/** Every key some part answers. */
export type PartKey = { [P in PartName]: (typeof PARTS)[P] extends Part<infer K> ? K : never }[PartName];
