// Fiscal receipts (54-FZ) as pure data: which lines a payment's receipt
// lists and for how much. Amounts stay integer minor units here; the YooKassa
// module turns them into its wire format. Every builder makes the items add up
// to the money exactly: the fiscal data operator refuses a receipt whose items
// do not sum to the payment. Shapes: yookassa.ru/developers/54fz/parameters-values.

import { receiptIssuers } from "../../db/schema.js";

export { receiptIssuers };
export type ReceiptIssuer = (typeof receiptIssuers)[number];

/**
 * What the money is (признак способа расчёта): the whole price before the
 * visit, a part of it, money for a service not chosen yet, and the closing
 * receipt's settlement once the service was delivered.
 */
export type PaymentMode = "full_prepayment" | "partial_prepayment" | "advance" | "full_payment";

export interface ReceiptItem {
  /** At most 128 characters (YooKassa's limit). */
  description: string;
  amountMinor: number;
  vatCode: number;
  paymentMode: PaymentMode;
}

export interface ReceiptCustomer {
  email?: string;
  /** Digits only, country code first ("79001234567"), as YooKassa's examples write it. */
  phone?: string;
}

export interface Receipt {
  customer: ReceiptCustomer;
  items: ReceiptItem[];
  currency: string;
  taxSystemCode: number | null;
}

export const DESCRIPTION_MAX = 128;

/**
 * Splits `total` over `weights` in proportion, exactly: each share is rounded
 * down and the minor units left over go one each to the largest remainders
 * (earliest first on ties). With no weight at all the total is split evenly.
 */
export function spreadMinor(weights: number[], total: number): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0);
  const basis = sum > 0 ? weights : weights.map(() => 1);
  const basisSum = sum > 0 ? sum : weights.length;
  const shares = basis.map((w) => Math.floor((w * total) / basisSum));
  let left = total - shares.reduce((a, b) => a + b, 0);
  const byRemainder = basis
    .map((w, i) => ({ i, rest: (w * total) % basisSum }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    shares[i]! += 1;
    left -= 1;
  }
  return shares;
}

/** The prepayment's mode: all of the price before the visit, or a deposit. */
export function prepaymentMode(booking: { priceTotalMinor: number; prepaymentMinor: number }): PaymentMode {
  return booking.prepaymentMinor >= booking.priceTotalMinor ? "full_prepayment" : "partial_prepayment";
}

export interface ReceiptLine {
  description: string;
  priceMinor: number;
}

export interface ReceiptSettings {
  vatCode: number;
  taxSystemCode: number | null;
}

const clip = (text: string) => {
  const trimmed = text.trim() || "Услуга";
  return [...trimmed].length <= DESCRIPTION_MAX ? trimmed : `${[...trimmed].slice(0, DESCRIPTION_MAX - 1).join("")}…`;
};

/**
 * The receipt for money paid now: one item per service and add-on, the
 * amount spread over them by their prices. The amount is below the price when
 * it is a deposit, or when points or a discount lowered it; either way each
 * line carries its share. Lines whose share is zero are left out (a free
 * add-on), since a receipt item must have an amount.
 */
export function paymentReceipt(lines: ReceiptLine[], amountMinor: number, mode: PaymentMode, customer: ReceiptCustomer, currency: string, settings: ReceiptSettings): Receipt {
  const shares = spreadMinor(lines.map((l) => l.priceMinor), amountMinor);
  const items = lines
    .map((line, i) => ({ description: clip(line.description), amountMinor: shares[i]!, vatCode: settings.vatCode, paymentMode: mode }))
    .filter((item) => item.amountMinor > 0);
  return { customer, items, currency, taxSystemCode: settings.taxSystemCode };
}

/**
 * The same receipt's items for another amount (a partial refund, or what is
 * left of a payment to settle), spread by the items' own amounts, and with a
 * new mode when given (the closing receipt's full_payment).
 */
export function reshapeReceipt(receipt: Receipt, amountMinor: number, mode?: PaymentMode): Receipt {
  const shares = spreadMinor(receipt.items.map((item) => item.amountMinor), amountMinor);
  const items = receipt.items
    .map((item, i) => ({ ...item, amountMinor: shares[i]!, paymentMode: mode ?? item.paymentMode }))
    .filter((item) => item.amountMinor > 0);
  return { ...receipt, items };
}

export const receiptTotal = (receipt: Receipt) => receipt.items.reduce((sum, item) => sum + item.amountMinor, 0);

/** Which contact a receipt needs: YooKassa's service only mails receipts; a till also texts them. */
export type ContactField = "email" | "email_or_phone";
export const contactFieldFor = (issuer: ReceiptIssuer): ContactField => (issuer === "yookassa" ? "email" : "email_or_phone");

/** The receipt's customer, or null when the needed contact is missing. */
export function receiptCustomer(issuer: ReceiptIssuer, contact: { email: string | null; phone: string | null }): ReceiptCustomer | null {
  const email = contact.email?.trim() || null;
  const phone = contact.phone ? contact.phone.replace(/\D/g, "") || null : null;
  if (issuer === "yookassa") return email ? { email } : null;
  if (!email && !phone) return null;
  return { ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}
