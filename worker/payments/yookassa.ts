// YooKassa API v3: Basic auth shopId:secretKey, JSON bodies, amounts as
// decimal strings, an Idempotence-Key on every POST. Network errors, timeouts
// and 5xx are retried a bounded number of times with the SAME key, which
// YooKassa documents as safe: a repeated key returns the first result.
import * as v from "valibot";
import { fromDecimal, toDecimal } from "./money.js";
import {
  type CreatePaymentInput,
  type PaymentProvider,
  type ProviderPayment,
  ProviderError,
  type ProviderRefund,
  type RefundInput,
} from "./provider.js";
import { type Receipt, receiptTotal } from "./receipt.js";

export interface YooKassaOptions {
  shopId: string;
  secretKey: string;
  apiUrl: string;
  timeoutMs: number;
  /** Attempts per call, the first included. */
  attempts?: number;
}

const Amount = v.object({ value: v.string(), currency: v.string() });

const PaymentObject = v.object({
  id: v.pipe(v.string(), v.minLength(1)),
  status: v.picklist(["pending", "waiting_for_capture", "succeeded", "canceled"]),
  amount: Amount,
  confirmation: v.optional(v.object({ type: v.string(), confirmation_url: v.optional(v.string()) })),
  metadata: v.optional(v.record(v.string(), v.unknown())),
});

const RefundObject = v.object({
  id: v.pipe(v.string(), v.minLength(1)),
  payment_id: v.string(),
  status: v.picklist(["pending", "succeeded", "canceled"]),
  amount: Amount,
});

const Notification = v.object({
  type: v.literal("notification"),
  event: v.picklist(["payment.succeeded", "payment.canceled", "payment.waiting_for_capture", "refund.succeeded"]),
  object: v.object({ id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) }),
});

function minorOf(amount: { value: string }, what: string): number {
  const minor = fromDecimal(amount.value);
  if (minor === null) throw new ProviderError("unavailable", `YooKassa answered an unreadable ${what} amount "${amount.value}"`);
  return minor;
}

function toPayment(raw: unknown): ProviderPayment {
  const parsed = v.safeParse(PaymentObject, raw);
  if (!parsed.success) throw new ProviderError("unavailable", "YooKassa answered with an unexpected payment object");
  const p = parsed.output;
  const ours = Number(p.metadata?.payment_id);
  return {
    id: p.id,
    status: p.status,
    amountMinor: minorOf(p.amount, "payment"),
    currency: p.amount.currency,
    confirmationUrl: p.confirmation?.confirmation_url ?? null,
    ourPaymentId: Number.isSafeInteger(ours) && ours > 0 ? ours : null,
  };
}

function toRefund(raw: unknown): ProviderRefund {
  const parsed = v.safeParse(RefundObject, raw);
  if (!parsed.success) throw new ProviderError("unavailable", "YooKassa answered with an unexpected refund object");
  const r = parsed.output;
  return { id: r.id, paymentId: r.payment_id, status: r.status, amountMinor: minorOf(r.amount, "refund"), currency: r.amount.currency };
}

const ReceiptObject = v.object({ id: v.pipe(v.string(), v.minLength(1)), status: v.string() });

/**
 * A receipt on the wire (yookassa.ru/developers/api#create_payment, receipt):
 * one unit of each service, the amount per unit, "service" as what is sold;
 * an advance (a gift certificate: the service is not chosen yet) is sold as
 * "payment" (платёж), the subject the fiscal format pairs with an advance.
 */
export function receiptBody(receipt: Receipt): Record<string, unknown> {
  return {
    customer: receipt.customer,
    items: receipt.items.map((item) => ({
      description: item.description,
      quantity: 1,
      amount: { value: toDecimal(item.amountMinor), currency: receipt.currency },
      vat_code: item.vatCode,
      payment_subject: item.paymentMode === "advance" ? "payment" : "service",
      payment_mode: item.paymentMode,
    })),
    ...(receipt.taxSystemCode !== null ? { tax_system_code: receipt.taxSystemCode } : {}),
  };
}

const backoffMs = (attempt: number) => 150 * 2 ** attempt;

export function yookassaProvider(opts: YooKassaOptions): PaymentProvider {
  const base = opts.apiUrl.replace(/\/+$/, "");
  const auth = `Basic ${btoa(`${opts.shopId}:${opts.secretKey}`)}`;
  const attempts = opts.attempts ?? 3;

  async function call(method: "GET" | "POST", path: string, body?: unknown, idempotenceKey?: string): Promise<unknown> {
    const headers: Record<string, string> = { authorization: auth, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (idempotenceKey) headers["idempotence-key"] = idempotenceKey;
    let lastProblem = "";
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt - 1)));
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
      } catch (error) {
        lastProblem = `unreachable: ${(error as Error).name} ${(error as Error).message}`;
        continue;
      }
      if (response.status >= 500) {
        await response.body?.cancel();
        lastProblem = `HTTP ${response.status}`;
        continue;
      }
      const text = await response.text().catch(() => "");
      if (response.status === 401 || response.status === 403) {
        throw new ProviderError("configuration", `YooKassa refused our credentials (HTTP ${response.status}); check YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY`);
      }
      if (response.status === 404) throw new ProviderError("not_found", `YooKassa has no ${path}`);
      if (!response.ok) throw new ProviderError("rejected", `YooKassa refused ${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`);
      try {
        return JSON.parse(text);
      } catch {
        lastProblem = "answered with a body that is not JSON";
      }
    }
    throw new ProviderError("unavailable", `YooKassa ${method} ${path} failed after ${attempts} attempts: ${lastProblem}`);
  }

  return {
    name: "yookassa",
    async create(input: CreatePaymentInput, idempotenceKey: string) {
      const body: Record<string, unknown> = {
        amount: { value: toDecimal(input.amountMinor), currency: input.currency },
        capture: true,
        confirmation: { type: "redirect", return_url: input.returnUrl },
        description: input.description.slice(0, 128),
        metadata: input.certificateId !== undefined ? { certificate_id: String(input.certificateId) } : input.abonementId !== undefined ? { abonement_id: String(input.abonementId) } : { payment_id: String(input.paymentId), booking_id: String(input.bookingId) },
      };
      if (input.method) body.payment_method_data = { type: input.method };
      if (input.receipt) body.receipt = receiptBody(input.receipt);
      return toPayment(await call("POST", "/payments", body, idempotenceKey));
    },
    async get(id: string) {
      return toPayment(await call("GET", `/payments/${encodeURIComponent(id)}`));
    },
    async refund(input: RefundInput, idempotenceKey: string) {
      const body: Record<string, unknown> = { payment_id: input.providerPaymentId, amount: { value: toDecimal(input.amountMinor), currency: input.currency } };
      if (input.receipt) body.receipt = receiptBody(input.receipt);
      return toRefund(await call("POST", "/refunds", body, idempotenceKey));
    },
    async getRefund(id: string) {
      return toRefund(await call("GET", `/refunds/${encodeURIComponent(id)}`));
    },
    async sendSettlementReceipt(input, idempotenceKey) {
      // POST /receipts (yookassa.ru/developers/api#create_receipt): a "payment"
      // receipt about the payment, settled by its prepayment.
      const body = {
        type: "payment",
        payment_id: input.providerPaymentId,
        send: true,
        ...receiptBody(input.receipt),
        settlements: [{ type: "prepayment", amount: { value: toDecimal(receiptTotal(input.receipt)), currency: input.receipt.currency } }],
      };
      const parsed = v.safeParse(ReceiptObject, await call("POST", "/receipts", body, idempotenceKey));
      if (!parsed.success) throw new ProviderError("unavailable", "YooKassa answered with an unexpected receipt object");
      return { id: parsed.output.id, status: parsed.output.status };
    },
    parseNotification(body: unknown) {
      const parsed = v.safeParse(Notification, body);
      if (!parsed.success) return null;
      const { event, object } = parsed.output;
      return { event, kind: event.startsWith("refund.") ? "refund" : "payment", objectId: object.id };
    },
  };
}
