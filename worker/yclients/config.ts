// The YClients settings of this deployment, read once per use from the
// Worker's variables. Null when the channel is switched off or incomplete.
import type { Env } from "../env.js";
import { AppError } from "../errors.js";

export const DEFAULT_BASE_URL = "https://api.yclients.com/api/v1";

export interface YcConfig {
  baseUrl: string;
  companyId: number;
  partnerToken: string;
  userToken: string;
  formId: string | null;
  widgetBaseUrl: string | null;
  webhookSecret: string | null;
  /** Per-attempt timeout of calls a customer waits on. */
  timeoutMs: number;
  /** How long a reachability answer is kept; null: the defaults (30 s up, 10 s down). */
  probeTtlMs: number | null;
  /** How long a master's day of free times is kept, so anonymous time-slot traffic cannot spend the salon's quota. */
  timesTtlMs: number;
}

export function ycConfig(env: Env): YcConfig | null {
  if (env.YCLIENTS_ENABLED !== "true") return null;
  const companyId = Number(env.YCLIENTS_COMPANY_ID);
  if (!Number.isSafeInteger(companyId) || companyId <= 0 || !env.YCLIENTS_API_TOKEN) return null;
  const timeout = Number(env.YCLIENTS_TIMEOUT_MS);
  return {
    baseUrl: (env.YCLIENTS_BASE_URL || DEFAULT_BASE_URL).replace(/\/+$/, ""),
    companyId,
    partnerToken: env.YCLIENTS_API_TOKEN,
    userToken: env.YCLIENTS_USER_TOKEN ?? "",
    formId: env.YCLIENTS_FORM_ID || null,
    widgetBaseUrl: env.YCLIENTS_WIDGET_BASE_URL || null,
    webhookSecret: env.YCLIENTS_WEBHOOK_SECRET || null,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 4000,
    timesTtlMs: env.YCLIENTS_TIMES_TTL_MS !== undefined && env.YCLIENTS_TIMES_TTL_MS !== "" && Number(env.YCLIENTS_TIMES_TTL_MS) >= 0 ? Number(env.YCLIENTS_TIMES_TTL_MS) : 30_000,
    probeTtlMs: env.YCLIENTS_PROBE_TTL_MS !== undefined && env.YCLIENTS_PROBE_TTL_MS !== "" && Number(env.YCLIENTS_PROBE_TTL_MS) >= 0 ? Number(env.YCLIENTS_PROBE_TTL_MS) : null,
  };
}

export function requireConfig(env: Env): YcConfig {
  const config = ycConfig(env);
  if (!config) throw new AppError("yclients_disabled", "The YClients integration is switched off for this salon");
  return config;
}
