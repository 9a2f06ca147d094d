// Tiny i18n: Russian first, English as a switch. The current locale is a
// signal, persisted in localStorage and mirrored to <html lang>. The
// dictionary is split: strings/core.ts (the first screen's strings) ships with
// this module; each lazy screen's strings are a part (strings/parts.ts)
// loaded with its code, both languages at once so that switching stays
// instant and works offline. Keys are typed: a key no dictionary has, or a
// translation missing in one language, does not compile.
import { createResource, createRoot, createSignal, type Resource } from "solid-js";
import * as core from "./strings/core";
import { PARTS, type PartKey, type PartName } from "./strings/parts";

export const LOCALES = ["ru", "en"] as const;
export type Locale = (typeof LOCALES)[number];

type CoreKey = keyof typeof core.ru;
type Key = CoreKey | PartKey;
type Dictionary = Record<string, string>;

const CORE: Record<Locale, Dictionary> = core;

/** Part name by key prefix, for finding the part that answers a key. */
const PART_BY_PREFIX = new Map<string, PartName>(
  (Object.keys(PARTS) as PartName[]).flatMap((name) => PARTS[name].prefixes.map((prefix) => [prefix, name] as const)),
);

/** The part answering `key`: the one owning its longest prefix, cut at a ".". */
export function partOf(key: string): PartName | undefined {
  for (let cut = key.length; cut > 0; cut = key.lastIndexOf(".", cut - 1)) {
    const name = PART_BY_PREFIX.get(key.slice(0, cut));
    if (name) return name;
  }
  return undefined;
}

const loaded = new Map<PartName, Record<Locale, Dictionary>>();
const loading = new Map<PartName, Promise<void>>();
const waiting = new Map<PartName, Resource<void>>();

function loadPart(name: PartName): Promise<void> {
  let pending = loading.get(name);
  if (!pending) {
    pending = PARTS[name].load().then((strings) => {
      loaded.set(name, strings);
    });
    // A failed load (offline before the service worker cached it) may be retried.
    pending.catch(() => loading.delete(name));
    loading.set(name, pending);
  }
  return pending;
}

/** Loads the named parts of the dictionary (both languages). */
export function loadStrings(...names: PartName[]): Promise<void> {
  return Promise.all(names.map(loadPart)).then(() => undefined);
}

/** A lazy route's module, resolved once its code and its strings are both here. */
export function withStrings<T>(code: Promise<T>, ...names: PartName[]): Promise<T> {
  return Promise.all([code, loadStrings(...names)]).then(([module]) => module);
}

/**
 * Reading a resource that is still loading suspends the nearest <Suspense>
 * (its fallback shows) and re-runs the reader when it arrives: a screen using
 * a part its route did not name waits for it rather than showing raw keys.
 */
function waitFor(name: PartName): void {
  let resource = waiting.get(name);
  if (!resource) {
    resource = createRoot(() => createResource(() => loadPart(name))[0]);
    waiting.set(name, resource);
  }
  resource();
}

function template(lang: Locale, key: Key): string {
  const fromCore = CORE[lang][key];
  if (fromCore !== undefined) return fromCore;
  const name = partOf(key);
  if (!name) return key;
  const strings = loaded.get(name);
  if (strings) return strings[lang][key]!;
  waitFor(name);
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

export function setLocale(value: Locale): void {
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
