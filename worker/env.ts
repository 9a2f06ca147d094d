// Bindings and variables of the Worker. Every one is documented in README.md.
export interface Env {
  ASSETS: Fetcher;
  STAFF_LEDGER: DurableObjectNamespace<import("./ledger/ledger.js").Ledger>;
  /** "development" enables the dev SMS transport and /api/v1/dev routes. */
  ENVIRONMENT: string;
  TURSO_DATABASE_URL: string;
  TURSO_AUTH_TOKEN?: string;
  /** HMAC key for session tokens and sign-in code hashes. */
  JWT_SECRET: string;
  /** "dev" (development only) or "smsru". */
  SMS_TRANSPORT?: string;
  SMS_API_KEY?: string;
  SMS_SENDER?: string;
  /** Lets tests point the SMS transport at a local fake. */
  SMS_BASE_URL?: string;
  /** "dev" (development only) or "resend". */
  EMAIL_TRANSPORT?: string;
  EMAIL_API_KEY?: string;
  /** Sender address, e.g. "Салон «Лотос» <booking@salon.example>". */
  EMAIL_FROM?: string;
  EMAIL_BASE_URL?: string;
  /** "true" turns the YClients channel on (hybrid routing, webhook, reconciliation). */
  YCLIENTS_ENABLED?: string;
  /** The salon's company (branch) id in YClients. */
  YCLIENTS_COMPANY_ID?: string;
  /** Partner (developer) token, a secret: `Authorization: Bearer …`. */
  YCLIENTS_API_TOKEN?: string;
  /** User token of the salon's YClients admin, a secret: `…, User …`. */
  YCLIENTS_USER_TOKEN?: string;
  /** Online-booking form id: the widget lives at https://n{form}.yclients.com/. */
  YCLIENTS_FORM_ID?: string;
  /** Overrides the widget's base URL (wins over YCLIENTS_FORM_ID). */
  YCLIENTS_WIDGET_BASE_URL?: string;
  /** Secret path part of the webhook URL YClients calls (a secret). */
  YCLIENTS_WEBHOOK_SECRET?: string;
  /** API base, default https://api.yclients.com/api/v1 (tests point it at a fake). */
  YCLIENTS_BASE_URL?: string;
  /** Per-attempt timeout of calls a customer waits on, in ms (default 4000). */
  YCLIENTS_TIMEOUT_MS?: string;
  /** How long (ms) a YClients reachability answer is cached; tests set 0. */
  YCLIENTS_PROBE_TTL_MS?: string;
  /** How long (ms) a master's free times from book_times are kept per isolate (default 30000; 0: not kept). */
  YCLIENTS_TIMES_TTL_MS?: string;
  /** "test" (development only; the default there) or "yookassa"; required outside development. */
  PAYMENT_PROVIDER?: string;
  /** YooKassa shop id, the Basic-auth user. */
  YOOKASSA_SHOP_ID?: string;
  /** YooKassa secret key (a secret), the Basic-auth password. */
  YOOKASSA_SECRET_KEY?: string;
  /** Defaults to https://api.yookassa.ru/v3; tests point it at a local fake. */
  YOOKASSA_API_URL?: string;
  /** Per-attempt timeout of YooKassa calls in ms (default 10000). */
  YOOKASSA_TIMEOUT_MS?: string;
  /** Public origin of the app for payment return URLs; defaults to the request's origin. */
  PUBLIC_BASE_URL?: string;
  /** Public origin of the PWA for links in messages (manage a booking, leave a review); falls back to PUBLIC_BASE_URL. */
  APP_URL?: string;
  /** Web Push (VAPID, RFC 8292): base64url P-256 public key (65 bytes) and private scalar (32 bytes); `npm run vapid:keys` makes a pair. */
  VAPID_PUBLIC_KEY?: string;
  VAPID_PRIVATE_KEY?: string;
  /** Contact the push services see, e.g. mailto:admin@salon.example. */
  VAPID_SUBJECT?: string;
  /** Workers Rate Limiting per route group (wrangler.toml `[[ratelimits]]`; worker/http/rate-limit.ts). */
  RATE_LIMIT_SIGN_IN?: RateLimit;
  RATE_LIMIT_BOOKING?: RateLimit;
  RATE_LIMIT_SLOTS?: RateLimit;
  RATE_LIMIT_WAITLIST?: RateLimit;
  RATE_LIMIT_LINKS?: RateLimit;
  RATE_LIMIT_CERTIFICATE_CODES?: RateLimit;
  /** "off" turns the rate limits off, honoured in development only (the local benchmark). */
  RATE_LIMITS?: string;
}

export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    user: import("./auth/session.js").SessionUser;
    /** The session of the request's token (set by requireUser). */
    session: import("./auth/session.js").Session;
  };
};

export const isDevelopment = (env: Env) => env.ENVIRONMENT === "development";
