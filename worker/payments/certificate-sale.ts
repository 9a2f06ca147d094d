// Selling a gift certificate online. The certificate row is the sale's
// record: it waits (awaiting_payment, its code shown to nobody) until the
// provider's verified state says paid, then becomes active and its
// recipient's message is queued for send_at (the cron dispatcher sends it).
// 54-FZ: money for a service not chosen yet is an advance, so the receipt's
// item is in `advance` mode (yookassa.ts sends it with payment_subject
// "payment", as the fiscal format pairs the two); the visit it later pays for
// gets the closing receipt (certificate-receipts.ts).
import type { User } from "../contracts/auth.js";
import type { BuyCertificateBody } from "../contracts/certificates.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { sha256Hex } from "../lib/digest.js";
import { log } from "../lib/log.js";
import { appOrigin } from "../manage/links.js";
import { type CertificateRow, certificateByProviderPayment, certificateBySaleKey, insertCertificate, updateCertificate } from "../repo/certificates.js";
import type { Db } from "../repo/db.js";
import { enqueue } from "../repo/outbox.js";
import { loadSettings, type SalonSettings } from "../repo/settings.js";
import { emailTransportFor } from "../notify/transports.js";
import { eq } from "drizzle-orm";
import { schema as s } from "../repo/db.js";
import { formatCode, newCertificateCode } from "./certificate-codes.js";
import { instantIn, monthsAfter, priceOf } from "./certificates.js";
import { formatMinor } from "./money.js";
import { type PaymentProvider, type ProviderPayment, ProviderError } from "./provider.js";
import { createSalePayment } from "./advance-sale.js";
import { defaultProviderName, providerFor } from "./providers.js";
import { paymentReceipt, type Receipt, reshapeReceipt } from "./receipt.js";
import { requireReceiptCustomer } from "./receipt-data.js";

/** The provider's Idempotence-Key for a sale: the same for every call about this row. */
const saleKeyOf = (row: CertificateRow) => `cert-${row.id}-${(row.saleKey ?? "").slice(-16)}`;

export function advanceReceipt(name: string, amountMinor: number, customer: Receipt["customer"], currency: string, settings: Pick<SalonSettings, "receiptVatCode" | "receiptTaxSystemCode">): Receipt {
  return paymentReceipt([{ description: name, priceMinor: amountMinor }], amountMinor, "advance", customer, currency, { vatCode: settings.receiptVatCode, taxSystemCode: settings.receiptTaxSystemCode });
}

export async function buyCertificate(db: Db, env: Env, caller: User, key: string, body: BuyCertificateBody, origin: string, now: Date): Promise<CertificateRow> {
  const saleKey = `u${caller.id}:${(await sha256Hex(`${key}:${JSON.stringify(body)}`)).slice(0, 40)}`;
  const earlier = await certificateBySaleKey(db, saleKey);
  if (earlier) return earlier.providerPaymentId === null && earlier.status === "awaiting_payment" ? pushSale(db, env, earlier, origin) : earlier;
  if (!body.recipient && !caller.email && !caller.phone) throw new AppError("validation_failed", "Give the recipient's phone or email");
  if (body.recipient && !body.recipient.phone && !body.recipient.email) {
    throw new AppError("validation_failed", "The recipient needs a phone or an email to get the code", { fields: ["recipient.phone", "recipient.email"] });
  }
  const [settings, priced] = await Promise.all([loadSettings(db), priceOf(db, body.type_id, body.amount_minor)]);
  // A wall time is the salon's; a time already past means now.
  const sendAt = body.send_at ? new Date(instantIn(body.send_at, settings.timeZone, "send_at")) : null;
  if (sendAt && sendAt.getTime() > now.getTime() + 366 * 86_400_000) throw new AppError("validation_failed", "send_at must be within a year", { field: "send_at" });
  const provider = defaultProviderName(env);
  let receipt: string | null = null;
  if (settings.receiptsEnabled) {
    const customer = requireReceiptCustomer(settings, { email: caller.email, phone: caller.phone });
    receipt = JSON.stringify(advanceReceipt(priced.name, priced.amountMinor, customer, settings.currency, settings));
  }
  const gift = body.recipient;
  const row = await insertCertificate(db, {
    code: newCertificateCode(),
    typeId: body.type_id ?? null,
    serviceId: priced.serviceId,
    initialMinor: priced.amountMinor,
    balanceMinor: priced.amountMinor,
    currency: settings.currency,
    status: "awaiting_payment",
    expiresAt: monthsAfter(now, priced.validityMonths),
    buyerUserId: caller.id,
    recipientName: gift ? gift.name : caller.name,
    recipientPhone: gift ? (gift.phone ?? null) : caller.phone,
    recipientEmail: gift ? (gift.email ?? null) : caller.email,
    message: body.message ?? null,
    sendAt: (sendAt ?? now).toISOString(),
    soldBy: "online",
    provider,
    receipt,
    saleKey,
  });
  return pushSale(db, env, row, origin);
}

async function pushSale(db: Db, env: Env, row: CertificateRow, origin: string): Promise<CertificateRow> {
  const provider = providerFor(env, db, row.provider!);
  const base = (env.PUBLIC_BASE_URL ?? origin).replace(/\/+$/, "");
  const answer = await createSalePayment(
    provider,
    {
      paymentId: row.id,
      bookingId: 0,
      certificateId: row.id,
      amountMinor: row.initialMinor,
      currency: row.currency,
      description: `Подарочный сертификат №${row.id}`,
      returnUrl: `${base}/certificates?paid=${row.id}`,
      method: null,
      receipt: row.receipt ? (JSON.parse(row.receipt) as Receipt) : null,
    },
    saleKeyOf(row),
    { name: "certificates", id: row.id, cancel: (set) => updateCertificate(db, row.id, { status: "canceled", ...set }, eq(s.certificates.status, "awaiting_payment")) },
  );
  const stored = (await updateCertificate(db, row.id, { providerPaymentId: answer.id, confirmationUrl: answer.confirmationUrl }))!;
  if (answer.status === "pending") return stored;
  await applySaleState(db, env, stored, answer, new Date());
  return (await certificateByProviderPayment(db, provider.name, answer.id))!;
}

/**
 * A verified provider state for a sale (webhook.ts hands over payments that
 * are not a booking's). Null when the payment is not a certificate sale.
 */
export async function applyCertificatePayment(db: Db, env: Env, provider: PaymentProvider, verified: ProviderPayment, now: Date): Promise<string | null> {
  const row = await certificateByProviderPayment(db, provider.name, verified.id);
  if (!row) return null;
  return applySaleState(db, env, row, verified, now);
}

async function applySaleState(db: Db, env: Env, row: CertificateRow, verified: ProviderPayment, now: Date): Promise<string> {
  if (verified.amountMinor !== row.initialMinor || verified.currency !== row.currency) {
    log("warn", "certificates: sale", { certificate_id: row.id, verified_amount: verified.amountMinor, outcome: "amount_mismatch" });
    return "amount_mismatch";
  }
  if (verified.status === "succeeded") {
    const activated = await updateCertificate(db, row.id, { status: "active" }, eq(s.certificates.status, "awaiting_payment"));
    if (activated) await sendCode(db, env, activated, now);
    return activated ? "certificate_activated" : "already_settled";
  }
  if (verified.status === "canceled") {
    const canceled = await updateCertificate(db, row.id, { status: "canceled", endReason: "payment_canceled" }, eq(s.certificates.status, "awaiting_payment"));
    return canceled ? "certificate_canceled" : "already_settled";
  }
  return "pending";
}

/** The recipient's message with the code and the balance link, due at send_at (once per certificate). */
async function sendCode(db: Db, env: Env, row: CertificateRow, now: Date): Promise<void> {
  const settings = await loadSettings(db);
  const code = formatCode(row.code);
  const link = `${appOrigin(env)}/certificate/${code}`;
  const amount = formatMinor(row.initialMinor, row.currency);
  const greeting = row.recipientName ? `${row.recipientName}, вам` : "Вам";
  const text = [
    `${greeting} подарочный сертификат салона «${settings.name}» на ${amount}.`,
    row.message ? `«${row.message}»` : null,
    `Код: ${code}. Действует до ${row.expiresAt.slice(0, 10)}.`,
    `Баланс: ${link}`,
  ].filter(Boolean).join("\n");
  const byEmail = row.recipientEmail !== null && (row.recipientPhone === null || emailTransportFor(env) !== null);
  const recipient = byEmail ? row.recipientEmail! : row.recipientPhone;
  if (!recipient) return;
  const due = row.sendAt && Date.parse(row.sendAt) > now.getTime() ? new Date(row.sendAt) : now;
  await enqueue(db, { channel: byEmail ? "email" : "sms", recipient, kind: "certificate_gift", subject: byEmail ? `Подарочный сертификат «${settings.name}»` : null, body: text, dedupeKey: `certificate:${row.id}:code` }, due);
}

/**
 * Gives an online-sold certificate's unspent balance back through its
 * provider (before the certificate is ended). 54-FZ: a partial refund lists
 * what is returned, here the advance's item for the amount; a refund of the
 * whole payment needs no receipt.
 */
export async function refundSale(db: Db, env: Env, row: CertificateRow): Promise<void> {
  if (row.soldBy !== "online" || !row.providerPaymentId || row.balanceMinor <= 0) return;
  const advance = row.receipt ? (JSON.parse(row.receipt) as Receipt) : null;
  const receipt = advance && row.balanceMinor < row.initialMinor ? reshapeReceipt(advance, row.balanceMinor) : null;
  try {
    await providerFor(env, db, row.provider!).refund({ providerPaymentId: row.providerPaymentId, amountMinor: row.balanceMinor, currency: row.currency, receipt }, `cert-refund-${row.id}-${row.providerPaymentId}`.slice(0, 64));
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    log("error", "certificates: refund", { certificate_id: row.id, kind: error.kind, error: error.message });
    if (error.kind === "rejected" || error.kind === "not_found") throw new AppError("payment_provider_error", "The payment provider refused the refund; the certificate is unchanged");
    throw new AppError("payment_provider_unavailable", "The payment provider is not answering just now; the certificate is unchanged, try again in a minute", { reason: error.kind }, { "retry-after": "30" });
  }
}
