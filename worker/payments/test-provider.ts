// The development payment provider. Its "remote" state is our own payments
// row: the checkout page at /pay/test/{id} records the customer's decision
// there, then hands a notification to the same webhook handler a real
// provider reaches. The receipt a payment carries is kept on the same row
// (payments.receipt) and shown on the checkout page. It exists only when
// ENVIRONMENT=development.
import { and, eq } from "drizzle-orm";
import type { Db } from "../repo/db.js";
import { schema as s } from "../repo/db.js";
import { findPayment, findRefundByProviderId } from "../repo/payments.js";
import type { PaymentProvider, ProviderPayment } from "./provider.js";
import { ProviderError } from "./provider.js";
import { yookassaProvider } from "./yookassa.js";

const PREFIX = "test_";

export const testPaymentId = (paymentId: number) => `${PREFIX}${paymentId}`;

/** What the test provider sells without a payments row; its checkout is /pay/test/{kind}/{id} (routes/pay-test-sale.ts). */
export type TestSaleKind = "certificate" | "abonement";
const saleTags: Record<TestSaleKind, string> = { certificate: "cert", abonement: "abon" };
/** A sale's provider payment id names the sale's own row. */
export const testSalePaymentId = (kind: TestSaleKind, id: number) => `${PREFIX}${saleTags[kind]}_${id}`;

function ourId(providerPaymentId: string): number | null {
  const n = Number(providerPaymentId.slice(PREFIX.length));
  return providerPaymentId.startsWith(PREFIX) && Number.isSafeInteger(n) && n > 0 ? n : null;
}

// Notifications have YooKassa's shape, so the parser is shared.
const notificationParser = yookassaProvider({ shopId: "", secretKey: "", apiUrl: "http://unused", timeoutMs: 1 });

export function testProvider(db: Db): PaymentProvider {
  async function get(providerPaymentId: string): Promise<ProviderPayment> {
    const id = ourId(providerPaymentId);
    const row = id === null ? null : await findPayment(db, id);
    if (!row || row.provider !== "test") throw new ProviderError("not_found", `No test payment ${providerPaymentId}`);
    return {
      id: providerPaymentId,
      status: row.status === "refunded" ? "succeeded" : row.status,
      amountMinor: row.amountMinor,
      currency: row.currency,
      confirmationUrl: row.confirmationUrl,
      ourPaymentId: row.id,
    };
  }

  return {
    name: "test",
    async create(input) {
      const origin = new URL(input.returnUrl).origin;
      // A gift certificate's or an abonement's sale has no payments row: its checkout decides the sale directly.
      const sale = input.certificateId !== undefined ? (["certificate", input.certificateId] as const) : input.abonementId !== undefined ? (["abonement", input.abonementId] as const) : null;
      if (sale) {
        const [kind, id] = sale;
        return { id: testSalePaymentId(kind, id), status: "pending", amountMinor: input.amountMinor, currency: input.currency, confirmationUrl: `${origin}/pay/test/${kind}/${id}`, ourPaymentId: null };
      }
      return {
        id: testPaymentId(input.paymentId),
        status: "pending",
        amountMinor: input.amountMinor,
        currency: input.currency,
        confirmationUrl: `${origin}/pay/test/${input.paymentId}`,
        ourPaymentId: input.paymentId,
      };
    },
    get,
    async refund(input, idempotenceKey) {
      await get(input.providerPaymentId);
      return { id: `test_refund_${idempotenceKey}`, paymentId: input.providerPaymentId, status: "succeeded", amountMinor: input.amountMinor, currency: input.currency };
    },
    async sendSettlementReceipt(_input, idempotenceKey) {
      // The development till accepts every closing receipt; the key names it, so a retry finds the same one.
      return { id: `test_receipt_${idempotenceKey}`, status: "succeeded" };
    },
    async getRefund(providerRefundId) {
      const row = await findRefundByProviderId(db, providerRefundId);
      if (!row) throw new ProviderError("not_found", `No test refund ${providerRefundId}`);
      return { id: providerRefundId, paymentId: testPaymentId(row.paymentId), status: "succeeded", amountMinor: row.amountMinor, currency: row.currency };
    },
    parseNotification: (body) => notificationParser.parseNotification(body),
  };
}

/**
 * The customer's choice on the checkout page, recorded as the provider's
 * state. Only a pending payment can be decided; the answer is the payment's
 * provider id for the notification, or null if there was nothing to decide.
 */
export async function decideTestPayment(db: Db, paymentId: number, decision: "succeeded" | "canceled"): Promise<string | null> {
  const [row] = await db
    .update(s.payments)
    .set({ status: decision, updatedAt: new Date().toISOString() })
    .where(and(eq(s.payments.id, paymentId), eq(s.payments.provider, "test"), eq(s.payments.status, "pending")))
    .returning();
  return row?.providerPaymentId ?? null;
}
