// API error codes → messages a person can act on. The codes are part of the
// API (worker/errors.ts); unknown ones fall back to a generic message.
import { translate, type Locale, type TranslationKey } from "../i18n";
import { ApiRequestError } from "./api";

const KEYS: Record<string, TranslationKey> = {
  network: "error.network",
  slot_taken: "error.slot_taken",
  price_changed: "error.price_changed",
  off_grid: "error.off_grid",
  in_past: "error.in_past",
  too_soon: "error.too_soon",
  beyond_horizon: "error.beyond_horizon",
  outside_working_hours: "error.outside_working_hours",
  in_break: "error.in_break",
  staff_does_not_do_service: "error.staff_does_not_do_service",
  invalid_addon: "error.invalid_addon",
  cancellation_window_passed: "error.cancellation_window_passed",
  booking_not_active: "error.booking_not_active",
  not_started_yet: "error.not_started_yet",
  unauthorized: "error.unauthorized",
  forbidden: "error.forbidden",
  not_found: "error.not_found",
  invalid_code: "error.invalid_code",
  code_expired: "error.code_expired",
  no_code_requested: "error.no_code_requested",
  consent_required: "consent.needed",
  too_many_attempts: "error.too_many_attempts",
  rate_limited: "error.rate_limited",
  sms_budget_exhausted: "error.sms_budget_exhausted",
  invalid_phone: "error.invalid_phone",
  phone_country_not_served: "error.phone_country_not_served",
  phone_not_own: "error.phone_not_own",
  too_many_active_bookings: "error.too_many_active_bookings",
  too_many_held_bookings: "error.too_many_held_bookings",
  too_many_waitlist_entries: "error.too_many_waitlist_entries",
  validation_failed: "error.validation_failed",
  sms_unavailable: "error.sms_unavailable",
  ledger_unavailable: "error.network",
  database_unavailable: "error.network",
  book_via_yclients: "error.book_via_yclients",
  yclients_disabled: "error.yclients_disabled",
  yclients_refused: "error.yclients_refused",
  service_not_linked: "error.service_not_linked",
  payment_failed: "error.payment_failed",
  hold_expired: "error.hold_expired",
  receipt_contact_required: "error.receipt_contact_required",
  certificate_not_found: "error.certificate_not_found",
  certificate_expired: "error.certificate_expired",
  certificate_used_up: "error.certificate_used_up",
  certificate_void: "error.certificate_void",
  certificate_wrong_service: "error.certificate_wrong_service",
  // manage
  link_expired: "manage.expired",
  link_dead: "manage.deadHint",
  review_not_allowed: "review.unavailable",
  already_exists: "review.already",
};

export function errorKey(code: string, status = 0): TranslationKey {
  return KEYS[code] ?? (status >= 500 ? "error.try_again" : "error.generic");
}

/** The message for any thrown value, in `lang`. */
export function errorMessage(err: unknown, lang: Locale): string {
  if (err instanceof ApiRequestError) return translate(lang, errorKey(err.code, err.status));
  return translate(lang, "error.generic");
}

/** Slot `reason` codes of the time-slots answer → explanation keys. */
const REASONS: Record<string, TranslationKey> = {
  booked: "slot.reason.booked",
  break: "slot.reason.break",
  past: "slot.reason.past",
  notice: "slot.reason.notice",
  horizon: "slot.reason.horizon",
  outside_hours: "slot.reason.outside_hours",
  day_off: "slot.reason.day_off",
  vacation: "slot.reason.vacation",
};

export function reasonKey(reason: string | undefined): TranslationKey {
  return (reason && REASONS[reason]) || "slot.reason.unavailable";
}
