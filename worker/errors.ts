// The one place error codes get their HTTP statuses. Codes are part of the
// API: clients (the PWA, the offline outbox) branch on them.
import type { ContentfulStatusCode } from "hono/utils/http-status";

const statuses = {
  invalid_json: 400,
  validation_failed: 400,
  invalid_id: 400,
  unauthorized: 401,
  invalid_code: 401,
  forbidden: 403,
  not_found: 404,
  code_expired: 422,
  no_code_requested: 422,
  too_many_attempts: 429,
  rate_limited: 429,
  payload_too_large: 413,
  sms_unavailable: 503,
  database_unavailable: 503,
  internal_error: 500,
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
