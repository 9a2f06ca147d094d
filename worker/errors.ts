// The one place error codes get their HTTP statuses. Codes are part of the
// API: clients (the PWA, the offline outbox) branch on them.
import type { ContentfulStatusCode } from "hono/utils/http-status";

const statuses = {
  invalid_json: 400,
  validation_failed: 400,
  invalid_id: 400,
  idempotency_key_required: 400,
  idempotency_key_reused: 422,
  invalid_unit: 422,
  service_is_addon: 422,
  invalid_addon: 422,
  staff_does_not_do_service: 422,
  off_grid: 422,
  in_past: 422,
  too_soon: 422,
  beyond_horizon: 422,
  outside_working_hours: 422,
  in_break: 422,
  visit_search_too_large: 422,
  // series: the rule gives more dates than a series may have, or runs too far.
  series_too_long: 422,
  cancellation_window_passed: 422,
  not_started_yet: 422,
  invalid_schedule: 422,
  amount_mismatch: 422,
  receipt_contact_required: 422,
  // certificates: a gift certificate that cannot pay (the booking is not created).
  certificate_not_found: 422,
  certificate_expired: 422,
  certificate_used_up: 422,
  certificate_void: 422,
  certificate_wrong_service: 422,
  certificate_not_active: 409,
  // abonements: an abonement that cannot pay for this booking (nothing is booked).
  abonement_not_found: 422,
  abonement_not_active: 422,
  abonement_expired: 422,
  abonement_used_up: 422,
  abonement_not_covering: 422,
  abonement_frozen: 422,
  abonement_daily_limit: 422,
  abonement_not_combinable: 422,
  // abonements, staff: a freeze past the type's limit, or over a booked visit's date.
  abonement_freeze_limit: 422,
  abonement_freeze_over_booking: 409,
  abonement_type_unavailable: 422,
  promo_code_invalid: 422,
  slot_taken: 409,
  resource_taken: 409,
  booking_not_held: 409,
  hold_expired: 409,
  already_paid: 409,
  points_balance_changed: 409,
  invalid_notification: 400,
  payment_provider_error: 502,
  payment_provider_unavailable: 503,
  booking_not_active: 409,
  schedule_conflict: 409,
  already_exists: 409,
  // The phone given to a master is an existing account's: linking it needs link_existing.
  phone_belongs_to_user: 409,
  invalid_reference: 422,
  invalid_block: 422,
  service_not_linked: 409,
  staff_not_linked: 409,
  book_via_yclients: 409,
  reschedule_not_allowed: 409,
  price_changed: 409,
  // YClients answered a change with a permanent refusal (a 4xx other than 408/429): retrying will not help.
  yclients_refused: 409,
  // The channel is switched off here: nothing to retry, so not a 503.
  yclients_disabled: 409,
  yclients_unavailable: 503,
  salon_not_configured: 503,
  ledger_unavailable: 503,
  unauthorized: 401,
  invalid_code: 401,
  forbidden: 403,
  not_found: 404,
  // manage: a signed link that was valid once (expired, or the booking was cancelled or moved).
  link_expired: 410,
  link_dead: 410,
  review_not_allowed: 409,
  code_expired: 422,
  no_code_requested: 422,
  // consent: the personal-data consent (its current version) must be given first.
  consent_required: 422,
  too_many_attempts: 429,
  rate_limited: 429,
  // Abuse limits (README, Security)
  sms_budget_exhausted: 429,
  invalid_phone: 422,
  phone_country_not_served: 422,
  phone_not_own: 403,
  too_many_active_bookings: 409,
  too_many_held_bookings: 409,
  too_many_waitlist_entries: 409,
  payload_too_large: 413,
  sms_unavailable: 503,
  database_unavailable: 503,
  internal_error: 500,
  // waitlist
  invalid_time_range: 422,
  offer_not_active: 409,
  invalid_subscription: 400,
  // marketing: a campaign whose audience has nobody consenting on the channel.
  no_recipients: 422,
  push_service_not_allowed: 422,
  // classes: every seat of the session is taken (the waitlist is offered).
  class_full: 409,
  // classes: the session was cancelled.
  class_cancelled: 409,
  // classes: fewer seats than customers already hold.
  seats_taken: 409,
  // classes: a time block that is a class session's time is freed by cancelling the session.
  class_session_time: 409,
  // classes: a class is booked by the seat, not on the slot grid (and vice versa).
  service_is_class: 422,
  service_not_class: 422,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof statuses;

export class AppError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = statuses[code];
  }
}

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
