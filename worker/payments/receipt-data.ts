// A booking's receipt from the database: its service and add-ons as lines,
// the customer's contact as the salon's issuer needs it, the salon's VAT code
// and tax system. The contact check runs before any payment row exists, so a
// payment is never created without what its receipt needs.
import { eq } from "drizzle-orm";
import { AppError } from "../errors.js";
import { addonsOf, type BookingRow } from "../repo/bookings.js";
import { type Db, schema as s } from "../repo/db.js";
import type { PaymentRow } from "../repo/payments.js";
import type { SalonSettings } from "../repo/settings.js";
import { contactFieldFor, paymentReceipt, prepaymentMode, type Receipt, type ReceiptCustomer, receiptCustomer } from "./receipt.js";

/** The customer part of the receipt, or 422 receipt_contact_required naming what is missing. */
export function requireReceiptCustomer(settings: Pick<SalonSettings, "receiptsIssuer">, contact: { email: string | null; phone: string | null }): ReceiptCustomer {
  const customer = receiptCustomer(settings.receiptsIssuer, contact);
  if (customer) return customer;
  const field = contactFieldFor(settings.receiptsIssuer);
  throw new AppError(
    "receipt_contact_required",
    field === "email" ? "The salon sends fiscal receipts by email: add your email before paying" : "A fiscal receipt needs your email or phone",
    { field },
  );
}

/** The receipt for `amountMinor` paid ahead for a booking: its service and each add-on at their prices. */
export async function bookingReceipt(db: Db, booking: BookingRow, amountMinor: number, customer: ReceiptCustomer, settings: SalonSettings): Promise<Receipt> {
  const [[service], addons] = await Promise.all([
    booking.serviceId === null ? Promise.resolve([]) : db.select({ name: s.services.name }).from(s.services).where(eq(s.services.id, booking.serviceId)).limit(1),
    addonsOf(db, [booking.id]),
  ]);
  const addonsTotal = addons.reduce((sum, a) => sum + a.priceMinor, 0);
  const lines = [
    { description: service?.name ?? `Запись №${booking.id}`, priceMinor: Math.max(0, booking.priceTotalMinor - addonsTotal) },
    ...addons.map((a) => ({ description: a.name, priceMinor: a.priceMinor })),
  ];
  return paymentReceipt(lines, amountMinor, prepaymentMode(booking), customer, booking.currency, {
    vatCode: settings.receiptVatCode,
    taxSystemCode: settings.receiptTaxSystemCode,
  });
}

/** The receipt a payment was sent with, or null. */
export const receiptOf = (payment: Pick<PaymentRow, "receipt">): Receipt | null => (payment.receipt ? (JSON.parse(payment.receipt) as Receipt) : null);
