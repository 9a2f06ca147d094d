// Tiny i18n: Russian first, English as a switch. The dictionary is typed so
// that every language has every key; the current locale is a signal,
// persisted in localStorage and mirrored to <html lang>.
import { createSignal } from "solid-js";

export const LOCALES = ["ru", "en"] as const;
export type Locale = (typeof LOCALES)[number];

const ru = {
  "app.title": "Салон",
  "app.subtitle": "онлайн-запись",
  "app.skipToContent": "Перейти к содержимому",
  "app.language": "Язык",
  "app.footer": "Салон — онлайн-запись",

  "catalog.title": "Услуги и цены",
  "catalog.search.label": "Поиск услуги",
  "catalog.search.placeholder": "Например, стрижка",
  "catalog.search.results": "Найдено услуг: {count}",
  "catalog.search.empty": "По запросу «{query}» ничего не найдено.",
  "catalog.search.clear": "Сбросить поиск",
  "catalog.empty": "Список услуг пока пуст.",
  "catalog.loading": "Загружаем услуги…",
  "catalog.uncategorized": "Другое",
  "catalog.badge.yclients": "YClients",
  "catalog.badge.yclients.title": "Запись на эту услугу идёт через YClients",
  "catalog.addons": "Можно добавить:",
  "catalog.duration": "Длительность",
  "catalog.price": "Цена",
  "catalog.priceFrom": "от {price}",
  "catalog.cache.offline": "Данные от {time} (нет сети)",
  "catalog.cache.serverError": "Данные от {time} (сервер недоступен)",
  "catalog.cache.age": "обновлено {age}",
  "catalog.retry": "Обновить",
  "catalog.error.title": "Не удалось загрузить услуги",
  "catalog.error.network": "Нет соединения с интернетом, а сохранённых данных пока нет.",
  "catalog.error.generic": "Попробуйте ещё раз чуть позже.",

  "duration.min": "{m} мин",
  "duration.h": "{h} ч",
  "duration.hmin": "{h} ч {m} мин",

  "notFound.title": "Страница не найдена",
  "notFound.text": "Такой страницы нет. Возможно, ссылка устарела.",
  "notFound.home": "К списку услуг",

  "pwa.updateAvailable": "Доступна новая версия приложения.",
  "pwa.update": "Обновить",
  "pwa.later": "Позже",
  "pwa.offlineReady": "Приложение готово к работе без сети.",
  "pwa.close": "Закрыть",
} as const;

type Key = keyof typeof ru;
type Dictionary = Record<Key, string>;

const en: Dictionary = {
  "app.title": "Salon",
  "app.subtitle": "online booking",
  "app.skipToContent": "Skip to content",
  "app.language": "Language",
  "app.footer": "Salon — online booking",

  "catalog.title": "Services and prices",
  "catalog.search.label": "Search services",
  "catalog.search.placeholder": "e.g. haircut",
  "catalog.search.results": "Services found: {count}",
  "catalog.search.empty": "Nothing matches “{query}”.",
  "catalog.search.clear": "Clear search",
  "catalog.empty": "No services yet.",
  "catalog.loading": "Loading services…",
  "catalog.uncategorized": "Other",
  "catalog.badge.yclients": "YClients",
  "catalog.badge.yclients.title": "This service is booked via YClients",
  "catalog.addons": "Add-ons:",
  "catalog.duration": "Duration",
  "catalog.price": "Price",
  "catalog.priceFrom": "from {price}",
  "catalog.cache.offline": "Data from {time} (offline)",
  "catalog.cache.serverError": "Data from {time} (server unavailable)",
  "catalog.cache.age": "updated {age}",
  "catalog.retry": "Refresh",
  "catalog.error.title": "Could not load services",
  "catalog.error.network": "You are offline and there is no saved copy yet.",
  "catalog.error.generic": "Please try again a little later.",

  "duration.min": "{m} min",
  "duration.h": "{h} h",
  "duration.hmin": "{h} h {m} min",

  "notFound.title": "Page not found",
  "notFound.text": "This page does not exist. The link may be out of date.",
  "notFound.home": "Back to services",

  "pwa.updateAvailable": "A new version of the app is available.",
  "pwa.update": "Update",
  "pwa.later": "Later",
  "pwa.offlineReady": "The app is ready to work offline.",
  "pwa.close": "Close",
};

const DICTIONARIES: Record<Locale, Dictionary> = { ru, en };

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
  const template = DICTIONARIES[lang][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

export type TranslationKey = Key;
