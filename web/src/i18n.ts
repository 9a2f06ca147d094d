// Tiny i18n: Russian first, English as a switch. The current locale is a
// signal, persisted in localStorage and mirrored to <html lang>. The
// dictionary is split so the first visit downloads only what the first screen
// shows: strings/core.ru.ts ships with this module, strings/core.en.ts loads
// before the first render for an English visitor, and each lazy screen's
// strings (a part, strings/parts.ts) load with its code in the active
// language only. Keys are typed: a key no dictionary has, or a translation
// missing in one language, does not compile.
import { createResource, createRoot, createSignal, getListener, type Resource } from "solid-js";
import { ru as coreRu } from "./strings/core.ru";
import { PARTS, type PartKey, type PartName } from "./strings/parts";

export const LOCALES = ["ru", "en"] as const;
export type Locale = (typeof LOCALES)[number];

type Key = keyof typeof coreRu | PartKey;
type Table = Record<string, string>;
type Source = PartName | "core";

function fetchTable(source: Source, lang: Locale): Promise<Table> {
  if (source !== "core") return PARTS[source].load[lang]();
  return lang === "ru" ? Promise.resolve(coreRu) : import("./strings/core.en").then((m) => m.en);
}

/** Part name by key prefix, for finding the part that answers a key. */
const PART_BY_PREFIX = new Map<string, PartName>(
  (Object.keys(PARTS) as PartName[]).flatMap((name) => PARTS[name].prefixes.map((prefix) => [prefix, name] as const)),
);

/** Where `key` is: the core, or the part owning its longest prefix cut at a ".". */
export function partOf(key: string): Source | undefined {
  if (key in coreRu) return "core";
  for (let cut = key.length; cut > 0; cut = key.lastIndexOf(".", cut - 1)) {
    const name = PART_BY_PREFIX.get(key.slice(0, cut));
    if (name) return name;
  }
  return undefined;
}

const id = (source: Source, lang: Locale) => `${source}:${lang}`;
const tables = new Map<string, Table>([[id("core", "ru"), coreRu]]);
const loading = new Map<string, Promise<void>>();
const waiting = new Map<string, Resource<void>>();

function load(source: Source, lang: Locale): Promise<void> {
  const at = id(source, lang);
  let pending = loading.get(at);
  if (!pending) {
    pending = tables.has(at)
      ? Promise.resolve()
      : fetchTable(source, lang).then((table) => {
          tables.set(at, table);
        });
    // A failed load (offline before the service worker cached it) may be retried.
    pending.catch(() => loading.delete(at));
    loading.set(at, pending);
  }
  return pending;
}

/** Loads the core and the named parts of the dictionary in `lang`. */
export function loadStrings(lang: Locale, ...names: PartName[]): Promise<void> {
  return Promise.all((["core", ...names] as Source[]).map((source) => load(source, lang))).then(() => undefined);
}

/** A lazy route's module, resolved once its code and its strings (in the active language) are here. */
export function withStrings<T>(code: Promise<T>, ...names: PartName[]): Promise<T> {
  return Promise.all([code, loadStrings(locale(), ...names)]).then(([module]) => module);
}

/**
 * Reading a resource that is still loading suspends the nearest <Suspense>
 * (its fallback shows) and re-runs the reader when it arrives: a screen using
 * a part its route did not name waits for it rather than showing raw keys.
 * A reader outside any tracking scope (an event handler) only starts the load.
 */
function waitFor(source: Source, lang: Locale): void {
  if (!getListener()) {
    void load(source, lang).catch(() => undefined);
    return;
  }
  const at = id(source, lang);
  let resource = waiting.get(at);
  if (!resource) {
    resource = createRoot(() => createResource(() => load(source, lang))[0]);
    waiting.set(at, resource);
  }
  resource();
}

function template(lang: Locale, key: Key): string {
  const source = partOf(key);
  if (!source) return key;
  const table = tables.get(id(source, lang));
  if (table) return table[key]!;
  waitFor(source, lang);
  return "";
}

/** BCP 47 tags handed to Intl formatters (24-hour clock in both). */
const INTL_TAGS: Record<Locale, string> = { ru: "ru-RU", en: "en-GB" };

/** Names shown in the language switch, each in its own language. */
export const LOCALE_NAMES: Record<Locale, string> = { ru: "Русский", en: "English" };

const STORAGE_KEY = "salon.locale";

function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

function initialLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // storage blocked (privacy mode): fall through to the default
  }
  return "ru";
}

const [locale, setLocaleSignal] = createSignal<Locale>(initialLocale());

export { locale };

/** The current locale as a BCP 47 tag for Intl APIs. */
export const intlLocale = (): string => INTL_TAGS[locale()];

export function applyDocumentLocale(value: Locale = locale()): void {
  if (typeof document !== "undefined") document.documentElement.lang = value;
}

let requested: Locale | undefined;

/**
 * Switches the language once the new one's strings for everything on screen
 * (the core and every part loaded so far) are here, so no screen shows keys
 * or blanks meanwhile; a later switch supersedes one still loading.
 */
export async function setLocale(value: Locale): Promise<void> {
  requested = value;
  const shown = [...tables.keys()].filter((at) => at.endsWith(`:${locale()}`)).map((at) => at.split(":")[0] as Source);
  try {
    await Promise.all(shown.map((source) => load(source, value)));
  } catch {
    return; // offline and never cached: the language stays as it is
  }
  if (requested !== value) return;
  setLocaleSignal(value);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, value);
  } catch {
    // not persisted; the choice still holds for this visit
  }
  applyDocumentLocale(value);
}

/** Translate `key`, filling `{name}` placeholders from `params`. Reactive. */
export function t(key: Key, params?: Record<string, string | number>): string {
  return translate(locale(), key, params);
}

export function translate(
  lang: Locale,
  key: Key,
  params?: Record<string, string | number>,
): string {
  const text = template(lang, key);
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

export type TranslationKey = Key;
