// Selling an abonement online to the signed-in customer. The abonement row is
// the sale's record: it waits (awaiting_payment, no visits bookable) until
// the provider's verified state says paid, then becomes active from that
// moment. 54-FZ: money for visits not chosen yet is an advance, so the
// receipt's item is in `advance` mode (payment_subject "payment", as for a
// gift certificate); each visit later gets its closing receipt (abonement-receipts.ts).
import { eq } from "drizzle-orm";
import type { User } from "../contracts/auth.js";
import type { BuyAbonementBody } from "../contracts/abonements.js";
import type { Env } from "../env.js";
import { sha256Hex } from "../lib/digest.js";
import { log } from "../lib/log.js";
import { type AbonementRow, abonementByProviderPayment, abonementBySaleKey, insertAbonement, updateAbonement } from "../repo/abonements.js";
import { type Db, schema as s } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { expiryOf, sellableType, snapshotOf } from "./abonements.js";
import { advanceReceipt } from "./certificate-sale.js";
import { type PaymentProvider, type ProviderPayment, ProviderError } from "./provider.js";
import { createSalePayment } from "./advance-sale.js";
import { defaultProviderName, providerFor } from "./providers.js";
import type { Receipt } from "./receipt.js";
import { requireReceiptCustomer } from "./receipt-data.js";

/** The provider's Idempotence-Key for a sale: the same for every call about this row. */
const saleKeyOf = (row: AbonementRow) => `abon-${row.id}-${(row.saleKey ?? "").slice(-16)}`;

export async function buyAbonement(db: Db, env: Env, caller: User, key: string, body: BuyAbonementBody, origin: string): Promise<AbonementRow> {
  const saleKey = `u${caller.id}:${(await sha256Hex(`${key}:${JSON.stringify(body)}`)).slice(0, 40)}`;
  const earlier = await abonementBySaleKey(db, saleKey);
  if (earlier) return earlier.providerPaymentId === null && earlier.status === "awaiting_payment" ? pushSale(db, env, earlier, origin) : earlier;
  const [settings, type] = await Promise.all([loadSettings(db), sellableType(db, body.type_id, true)]);
  let receipt: string | null = null;
  if (settings.receiptsEnabled) {
    const customer = requireReceiptCustomer(settings, { email: caller.email, phone: caller.phone });
    receipt = JSON.stringify(advanceReceipt(`Абонемент «${type.name}»`, type.priceMinor, customer, type.currency, settings));
  }
  const row = await insertAbonement(db, { ...snapshotOf(type), holderUserId: caller.id, status: "awaiting_payment", soldBy: "online", provider: defaultProviderName(env), receipt, saleKey });
  return pushSale(db, env, row, origin);
}

async function pushSale(db: Db, env: Env, row: AbonementRow, origin: string): Promise<AbonementRow> {
  const provider = providerFor(env, db, row.provider!);
  const base = (env.PUBLIC_BASE_URL ?? origin).replace(/\/+$/, "");
  const answer = await createSalePayment(
    provider,
    {
      paymentId: row.id,
      bookingId: 0,
      abonementId: row.id,
      amountMinor: row.priceMinor,
      currency: row.currency,
      description: `Абонемент №${row.id}`,
      returnUrl: `${base}/abonements?paid=${row.id}`,
      method: null,
      receipt: row.receipt ? (JSON.parse(row.receipt) as Receipt) : null,
    },
    saleKeyOf(row),
    { name: "abonements", id: row.id, cancel: (set) => updateAbonement(db, row.id, { status: "canceled", ...set }, eq(s.abonements.status, "awaiting_payment")) },
  );
  const stored = (await updateAbonement(db, row.id, { providerPaymentId: answer.id, confirmationUrl: answer.confirmationUrl }))!;
  if (answer.status === "pending") return stored;
  await applySaleState(db, stored, answer, new Date());
  return (await abonementByProviderPayment(db, provider.name, answer.id))!;
}

/** A verified provider state for a sale (webhook.ts hands over payments that are not a booking's). Null when the payment is not an abonement's sale. */
export async function applyAbonementPayment(db: Db, provider: PaymentProvider, verified: ProviderPayment, now: Date): Promise<string | null> {
  const row = await abonementByProviderPayment(db, provider.name, verified.id);
  if (!row) return null;
  return applySaleState(db, row, verified, now);
}

async function applySaleState(db: Db, row: AbonementRow, verified: ProviderPayment, now: Date): Promise<string> {
  if (verified.amountMinor !== row.priceMinor || verified.currency !== row.currency) {
    log("warn", "abonements: sale", { abonement_id: row.id, verified_amount: verified.amountMinor, outcome: "amount_mismatch" });
    return "amount_mismatch";
  }
  if (verified.status === "succeeded") {
    // Valid from the moment it is paid.
    const settings = await loadSettings(db);
    const activated = await updateAbonement(db, row.id, { status: "active", startsAt: now.toISOString(), expiresAt: expiryOf(row.kind, row.validityDays, now, settings.timeZone) }, eq(s.abonements.status, "awaiting_payment"));
    return activated ? "abonement_activated" : "already_settled";
  }
  if (verified.status === "canceled") {
    const canceled = await updateAbonement(db, row.id, { status: "canceled", endReason: "payment_canceled" }, eq(s.abonements.status, "awaiting_payment"));
    return canceled ? "abonement_canceled" : "already_settled";
  }
  return "pending";
}

/** The customer back from the checkout: the provider's state now (a lost webhook then changes nothing). */
export async function refreshAbonementSale(db: Db, env: Env, row: AbonementRow): Promise<AbonementRow> {
  if (row.status !== "awaiting_payment" || !row.provider || !row.providerPaymentId) return row;
  const provider = providerFor(env, db, row.provider);
  try {
    await applySaleState(db, row, await provider.get(row.providerPaymentId), new Date());
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    log("warn", "abonements: refresh", { abonement_id: row.id, kind: error.kind });
  }
  return (await abonementByProviderPayment(db, provider.name, row.providerPaymentId))!;
}
