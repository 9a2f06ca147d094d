// The customer dictionary's lazily loaded parts. Each is a module exporting
// `{ ru, en }` with keys under the prefixes listed here; a key goes to the part
// owning its longest matching prefix (strings/core.ts wins over any part).
// A screen's dictionary plugs in with one line here, and its route in App.tsx
// names the parts it needs so they load with its code (withStrings).
type Strings<K extends string> = { ru: Record<K, string>; en: Record<K, string> };

export type Part<K extends string> = {
  /** Key prefixes (the text before a ".", or a whole key) this part answers. */
  readonly prefixes: readonly string[];
  readonly load: () => Promise<Strings<K>>;
};

/** `en` must carry every key of `ru`, so a missing translation is a type error. */
function part<K extends string>(
  prefixes: readonly string[],
  load: () => Promise<{ ru: Record<K, string>; en: NoInfer<Record<K, string>> }>,
): Part<K> {
  return { prefixes, load };
}

export const PARTS = {
  service: part(["service", "classes", "visit", "yc"], () => import("./service")),
  slots: part(["book", "slots", "month", "conflict"], () => import("./slots")),
  details: part(["details", "addons", "deposit", "promo", "money", "confirm", "pay"], () => import("./details")),
  bookings: part(["booking", "status", "my", "move", "outbox", "series", "manage"], () => import("./bookings")),
  masters: part(["masters", "reviews", "review"], () => import("./masters")),
  account: part(["profile", "marketing", "legal", "unsubscribe", "staff"], () => import("./account")),
  waitlist: part(["wl"], () => import("./waitlist")),
  certificates: part(["cert"], () => import("./certificates")),
};

export type PartName = keyof typeof PARTS;

/** Every key some part answers. */
export type PartKey = { [P in PartName]: (typeof PARTS)[P] extends Part<infer K> ? K : never }[PartName];
