// Locale-aware formatting. Pure functions of (value, locale) so that they can
// be unit-tested under Node; components pass `locale()` / `intlLocale()`.
import type { Money } from "../../worker/contracts/catalog";
import { translate, type Locale } from "./i18n";

const numberFormats = new Map<string, Intl.NumberFormat>();

/** Formats integer minor units (kopecks) as currency, e.g. 150000 RUB → "1 500 ₽". */
export function formatPrice(money: Money, intlTag: string): string {
  const whole = money.amount_minor % 100 === 0;
  const cacheKey = `${intlTag}|${money.currency}|${whole}`;
  let fmt = numberFormats.get(cacheKey);
  if (!fmt) {
    fmt = new Intl.NumberFormat(intlTag, {
      style: "currency",
      currency: money.currency,
      currencyDisplay: "narrowSymbol",
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: whole ? 0 : 2,
    });
    numberFormats.set(cacheKey, fmt);
  }
  return fmt.format(money.amount_minor / 100);
}

/** 45 → "45 мин", 60 → "1 ч", 90 → "1 ч 30 мин". */
export function formatDuration(minutes: number, lang: Locale): string {
  const total = Math.max(0, Math.round(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return translate(lang, "duration.min", { m });
  if (m === 0) return translate(lang, "duration.h", { h });
  return translate(lang, "duration.hmin", { h, m });
}

/** Clock time if `at` is today, otherwise date and time. */
export function formatSnapshotTime(at: number, intlTag: string, now: number = Date.now()): string {
  const date = new Date(at);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: "2-digit", minute: "2-digit" }
    : { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
  return new Intl.DateTimeFormat(intlTag, options).format(date);
}

/** "5 минут назад" / "5 minutes ago". */
export function formatAge(at: number, intlTag: string, now: number = Date.now()): string {
  const seconds = Math.round((at - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(intlTag, { numeric: "auto" });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(0, "minute");
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), "hour");
  return rtf.format(Math.round(seconds / 86400), "day");
}

/** A calendar date (YYYY-MM-DD, no zone) as "пн, 1 декабря" / "Mon, 1 December". */
export function formatDay(date: string, intlTag: string, options: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "long" }): string {
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(intlTag, { ...options, timeZone: "UTC" }).format(d);
}

/** YYYY-MM-DD plus `days`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Today's date in `timeZone` (the salon's), YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** Monday of the week that contains `date`. */
export function mondayOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return addDays(date, -((d.getUTCDay() + 6) % 7));
}

/** A Russian E.164 number as people write it: "+79990000100" → "+7 999 000-01-00"; anything else as given. */
export function formatPhone(phone: string): string {
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(phone);
  return m ? `+7 ${m[1]} ${m[2]}-${m[3]}-${m[4]}` : phone;
}

/** A salon wall date and time in words: "пн, 14 декабря, 10:30" / "Mon, 14 December, 10:30". */
export function formatWhen(date: string, time: string, intlTag: string): string {
  return `${formatDay(date, intlTag, { weekday: "short", day: "numeric", month: "long" })}, ${time}`;
}
