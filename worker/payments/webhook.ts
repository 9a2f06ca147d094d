// Provider notifications. A notification only names an object: its state is
// fetched from the provider's API before anything changes, so a forged or
// stale notification cannot confirm a booking. Each (provider, event, object)
// is processed once it reached a final state; a failed attempt answers 503 so
// the provider retries. One whose object is still pending at the provider is
// not recorded as processed: a forged `payment.succeeded` sent before the
// customer paid must not make the real one a duplicate.
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import type { Db } from "../repo/db.js";
import {
  attachProviderPayment,
  finishWebhookEvent,
  findPayment,
  findPaymentByProviderId,
  findRefundByProviderId,
  recordWebhookEvent,
  settleRefunds,
  updateRefund,
} from "../repo/payments.js";
import { type PaymentProvider, ProviderError } from "./provider.js";
import { findProvider } from "./providers.js";
import { applyProviderState } from "./settle.js";
import { applyCertificatePayment } from "./certificate-sale.js";
import { applyAbonementPayment } from "./abonement-sale.js";
import { log } from "../lib/log.js";

export interface WebhookAnswer {
  status: 200 | 400 | 404 | 503;
  outcome: string;
}


async function applyPayment(db: Db, env: Env, provider: PaymentProvider, objectId: string, now: Date): Promise<string> {
  const verified = await provider.get(objectId);
  let row = await findPaymentByProviderId(db, provider.name, verified.id);
  if (!row && verified.ourPaymentId !== null) {
    // Created at the provider, but our request died before we stored its id.
    const candidate = await findPayment(db, verified.ourPaymentId);
    if (candidate && candidate.provider === provider.name && candidate.providerPaymentId === null) {
      row = await attachProviderPayment(db, candidate.id, verified.id, verified.confirmationUrl);
    }
  }
  // certificates: a payment that is no booking's may be a gift certificate's sale.
  // abonements: or an abonement's.
  if (!row) return (await applyCertificatePayment(db, env, provider, verified, now)) ?? (await applyAbonementPayment(db, provider, verified, now)) ?? "unknown_payment";
  return applyProviderState(db, env, row, verified, now);
}

async function applyRefund(db: Db, provider: PaymentProvider, objectId: string): Promise<string> {
  const verified = await provider.getRefund(objectId);
  const row = await findRefundByProviderId(db, verified.id);
  if (!row) return "unknown_refund";
  await updateRefund(db, row.id, { status: verified.status });
  if (verified.status === "succeeded") await settleRefunds(db, row.paymentId);
  return `refund_${verified.status}`;
}

export async function handleNotification(db: Db, env: Env, providerName: string, body: unknown, now: Date): Promise<WebhookAnswer> {
  let provider: PaymentProvider | null;
  try {
    provider = findProvider(env, db, providerName);
  } catch (error) {
    if (error instanceof AppError) return { status: 503, outcome: "provider_not_configured" };
    throw error;
  }
  if (!provider) return { status: 404, outcome: "unknown_provider" };
  const note = provider.parseNotification(body);
  if (!note) {
    log("warn", "payments: webhook", { provider: providerName, outcome: "malformed", body: JSON.stringify(body ?? null).slice(0, 500) });
    return { status: 400, outcome: "malformed" };
  }
  const { row: event, fresh } = await recordWebhookEvent(db, provider.name, `${note.event}:${note.objectId}`, JSON.stringify(body).slice(0, 10_000));
  if (!fresh && (event.status === "processed" || event.status === "ignored")) {
    return { status: 200, outcome: "duplicate" };
  }
  try {
    const outcome = note.kind === "payment" ? await applyPayment(db, env, provider, note.objectId, now) : await applyRefund(db, provider, note.objectId);
    const ignored = outcome.startsWith("unknown");
    const final = outcome !== "pending" && outcome !== "refund_pending";
    await finishWebhookEvent(db, event, ignored ? "ignored" : final ? "processed" : "received", final ? undefined : "not final at the provider yet");
    log(ignored ? "warn" : "info", "payments: webhook", { provider: provider.name, event: note.event, object_id: note.objectId, outcome });
    return { status: 200, outcome };
  } catch (error) {
    if (error instanceof ProviderError && error.kind === "not_found") {
      // The provider has never heard of it: not ours to act on, and retrying will not help.
      await finishWebhookEvent(db, event, "ignored", error.message);
      log("warn", "payments: webhook", { provider: provider.name, event: note.event, object_id: note.objectId, outcome: "not_at_provider" });
      return { status: 200, outcome: "not_at_provider" };
    }
    await finishWebhookEvent(db, event, "failed", String(error));
    log("error", "payments: webhook", { provider: provider.name, event: note.event, object_id: note.objectId, outcome: "failed", error: String(error) });
    return { status: 503, outcome: "failed" };
  }
}
