// Which provider serves a payment. New payments use PAYMENT_PROVIDER (the test
// provider by default in development); an existing payment always goes back
// to the provider it was made with. "points" marks a payment loyalty points
// covered in full: it never reaches a provider.
import { type Env, isDevelopment } from "../env.js";
import { AppError } from "../errors.js";
import type { Db } from "../repo/db.js";
import type { PaymentProvider } from "./provider.js";
import { testProvider } from "./test-provider.js";
import { yookassaProvider } from "./yookassa.js";
import { log } from "../lib/log.js";

export const POINTS_PROVIDER = "points";
export type ProviderName = "test" | "yookassa";

const notConfigured = (message: string) => {
  log("error", `payments: ${message}`);
  return new AppError("payment_provider_unavailable", "Online payment is not available right now; please try later or call the salon", { reason: "not_configured" });
};

export function defaultProviderName(env: Env): ProviderName {
  const name = env.PAYMENT_PROVIDER ?? (isDevelopment(env) ? "test" : undefined);
  if (name === "yookassa" || (name === "test" && isDevelopment(env))) return name;
  throw notConfigured(name === undefined ? "PAYMENT_PROVIDER is not set" : `PAYMENT_PROVIDER "${name}" is not usable here`);
}

/** The provider by name, or null for a name this deployment does not serve (webhook → 404). */
export function findProvider(env: Env, db: Db, name: string): PaymentProvider | null {
  if (name === "test") return isDevelopment(env) ? testProvider(db) : null;
  if (name !== "yookassa") return null;
  if (!env.YOOKASSA_SHOP_ID || !env.YOOKASSA_SECRET_KEY) throw notConfigured("YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY must be set");
  return yookassaProvider({
    shopId: env.YOOKASSA_SHOP_ID,
    secretKey: env.YOOKASSA_SECRET_KEY,
    apiUrl: env.YOOKASSA_API_URL ?? "https://api.yookassa.ru/v3",
    timeoutMs: Number(env.YOOKASSA_TIMEOUT_MS) > 0 ? Number(env.YOOKASSA_TIMEOUT_MS) : 10_000,
  });
}

export function providerFor(env: Env, db: Db, name: string): PaymentProvider {
  const provider = findProvider(env, db, name);
  if (!provider) throw notConfigured(`payment provider "${name}" is not available here`);
  return provider;
}
