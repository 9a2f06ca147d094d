// Bindings and variables of the Worker. Every one is documented in README.md.
export interface Env {
  ASSETS: Fetcher;
  STAFF_LEDGER: DurableObjectNamespace<import("./ledger/staff-ledger.js").StaffLedger>;
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
}

export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    user: import("./auth/session.js").SessionUser;
  };
};

export const isDevelopment = (env: Env) => env.ENVIRONMENT === "development";
