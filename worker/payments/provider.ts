// What every payment provider offers the rest of the worker. Amounts cross
// this boundary in integer minor units; each provider converts to its wire
// format. Every create/refund carries our own idempotence key, derived from
// our database row, so a retried call can never charge or refund twice.
import type { Receipt } from "./receipt.js";

export type ProviderPaymentStatus = "pending" | "waiting_for_capture" | "succeeded" | "canceled";
export type ProviderRefundStatus = "pending" | "succeeded" | "canceled";

export interface ProviderPayment {
  id: string;
  status: ProviderPaymentStatus;
  amountMinor: number;
  currency: string;
  confirmationUrl: string | null;
  /** Our payment id as we sent it in metadata, when the provider echoes it. */
  ourPaymentId: number | null;
}

export interface ProviderRefund {
  id: string;
  paymentId: string;
  status: ProviderRefundStatus;
  amountMinor: number;
  currency: string;
}

export interface CreatePaymentInput {
  paymentId: number;
  bookingId: number;
  /** A gift certificate's sale (no payments row, no booking): its id goes in the metadata instead. */
  certificateId?: number;
  /** abonements: an abonement's sale (no payments row, no booking), named in the metadata likewise. */
  abonementId?: number;
  amountMinor: number;
  currency: string;
  description: string;
  returnUrl: string;
  method: string | null;
  /** The fiscal receipt sent with the payment (54-FZ); null when the salon issues none. */
  receipt: Receipt | null;
}

export interface RefundInput {
  providerPaymentId: string;
  amountMinor: number;
  currency: string;
  /** What is returned, for a partial refund of a payment that had a receipt; null otherwise. */
  receipt: Receipt | null;
}

/** The closing receipt once a prepaid service is delivered: the prepayment settles the items. */
export interface SettlementReceiptInput {
  providerPaymentId: string;
  receipt: Receipt;
}

export interface ProviderReceipt {
  id: string;
  status: string;
}

/** A notification as the provider sent it: only what names the object to verify. */
export interface ProviderNotification {
  event: string;
  kind: "payment" | "refund";
  objectId: string;
}

export interface PaymentProvider {
  readonly name: string;
  create(input: CreatePaymentInput, idempotenceKey: string): Promise<ProviderPayment>;
  get(providerPaymentId: string): Promise<ProviderPayment>;
  refund(input: RefundInput, idempotenceKey: string): Promise<ProviderRefund>;
  getRefund(providerRefundId: string): Promise<ProviderRefund>;
  sendSettlementReceipt(input: SettlementReceiptInput, idempotenceKey: string): Promise<ProviderReceipt>;
  /** Null when the body is not a notification this provider sends. Never trusted as is: verify with get(). */
  parseNotification(body: unknown): ProviderNotification | null;
}

/**
 * Why a provider call failed. `unavailable` (network, timeout, 5xx after
 * retries) and `configuration` (401/403) leave the outcome unknown or our
 * setup broken; `rejected` (other 4xx) means the provider did nothing.
 */
export class ProviderError extends Error {
  constructor(
    readonly kind: "unavailable" | "configuration" | "rejected" | "not_found",
    message: string,
  ) {
    super(message);
  }
}
