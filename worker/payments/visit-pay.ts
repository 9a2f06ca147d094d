// onepay: POST /payments for an item of a multi-service visit pays the whole
// visit at once: one payment for every held item of the visit's booked
// attempt, one receipt with an item per service and add-on, the money and
// any points spread over the items exactly (payment_items). Which request
// creates it is decided by one guarded transaction (insertVisitPaymentIfNone);
// only that request calls the provider, with the same key derivation as a
// single booking's payment. Rules: worker/booking/README.md, "Visits".
import type { User } from "../contracts/auth.js";
import type { CreatePaymentBody } from "../contracts/payments.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { sha256Hex } from "../lib/digest.js";
import { log } from "../lib/log.js";
import type { BookingRow } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { balanceOf, spendPoints } from "../repo/loyalty.js";
import { findPaymentByKeyPrefix, movePayment, type PaymentRow } from "../repo/payments.js";
import { loadSettings } from "../repo/settings.js";
import { findUserById } from "../repo/users.js";
import { insertVisitPaymentIfNone, openVisitPayment } from "../repo/visit-payments.js";
import { bookingsOfVisits, findVisit } from "../repo/visits.js";
import { attemptItems } from "../reservations/visit-settle.js";
import type { CreatedPayment, CreatePaymentOptions } from "./create.js";
import { pushToProvider, resume } from "./create.js";
import { pointsToSpend } from "./loyalty.js";
import { POINTS_PROVIDER, defaultProviderName } from "./providers.js";
import { spreadMinor } from "./receipt.js";
import { bookingReceipt, requireReceiptCustomer } from "./receipt-data.js";
import { joinReceipts } from "./visit-receipts.js";
import { settlePaidVisit } from "./visit-paid.js";

const isLapsed = (b: BookingRow, now: Date) =>
  (b.status === "held" && b.holdExpiresAt !== null && Date.parse(b.holdExpiresAt) <= now.getTime()) ||
  (b.status === "cancelled" && b.cancelReason === "hold_expired");

/** The visit's items waiting for the payment, or the reason there are none. */
function heldItems(items: BookingRow[], now: Date): BookingRow[] {
  const held = items.filter((b) => b.status === "held" && b.prepaymentMinor > 0 && !isLapsed(b, now));
  if (held.length > 0) return held;
  if (items.some((b) => b.prepaymentMinor > 0 && isLapsed(b, now))) {
    throw new AppError("hold_expired", "The time held for payment has run out; book again", { booking_id: items[0]!.id });
  }
  throw new AppError("booking_not_held", "No booking of this visit waits for a payment", { booking_status: items[0]?.status ?? "cancelled" });
}

export async function createVisitPayment(db: Db, env: Env, caller: User, key: string, body: CreatePaymentBody, booking: BookingRow, opts: CreatePaymentOptions, now: Date): Promise<CreatedPayment> {
  const visitId = booking.visitId!;
  const prefix = `u${caller.id}:${(await sha256Hex(key)).slice(0, 32)}:`;
  const request = { visit_id: visitId, method: body.method ?? null, use_loyalty_points: body.use_loyalty_points, provider: opts.provider ?? null };
  const fullKey = `${prefix}${(await sha256Hex(JSON.stringify(request))).slice(0, 16)}`;
  const [visit, rows, earlier, open] = await Promise.all([findVisit(db, visitId), bookingsOfVisits(db, [visitId]), findPaymentByKeyPrefix(db, prefix), openVisitPayment(db, visitId)]);
  const items = visit ? attemptItems(visit, rows) : [booking];
  const anchorOf = (row: PaymentRow) => items.find((b) => b.id === row.bookingId) ?? booking;

  const replay = async (row: PaymentRow): Promise<CreatedPayment> => {
    if (row.idempotencyKey !== fullKey) {
      throw new AppError("idempotency_key_reused", "This Idempotency-Key was already used for a different payment request; send a new key");
    }
    return { payment: await resume(db, env, row, anchorOf(row), opts, now, true), booking: anchorOf(row), how: "replayed" };
  };
  const existing = async (row: PaymentRow): Promise<CreatedPayment> => {
    if (row.status === "succeeded") throw new AppError("already_paid", "This visit is already paid", { payment_id: row.id });
    return { payment: await resume(db, env, row, anchorOf(row), opts, now, false), booking: anchorOf(row), how: "existing" };
  };
  if (earlier) return replay(earlier);
  if (open) return existing(open);
  const held = heldItems(items, now);

  const settings = await loadSettings(db);
  const prepayment = held.reduce((sum, b) => sum + b.prepaymentMinor, 0);
  const price = held.reduce((sum, b) => sum + b.priceTotalMinor, 0);
  const points = body.use_loyalty_points ? pointsToSpend(await balanceOf(db, caller.id), { priceTotalMinor: price, prepaymentMinor: prepayment }, settings.loyaltyMaxSpendPercent) : 0;
  const amount = prepayment - points;
  const pointShares = spreadMinor(held.map((b) => b.prepaymentMinor), points);
  const providerName = amount === 0 ? POINTS_PROVIDER : (opts.provider ?? defaultProviderName(env));
  const customer =
    settings.receiptsEnabled && providerName !== POINTS_PROVIDER
      ? requireReceiptCustomer(settings, { email: (await findUserById(db, caller.id))?.email ?? null, phone: booking.phone })
      : null;
  // Each item's own receipt at its share: together they are the payment's receipt, to the kopeck.
  const parts = await Promise.all(held.map((b, i) => (customer ? bookingReceipt(db, b, b.prepaymentMinor - pointShares[i]!, customer, settings) : null)));
  const receipt = customer ? joinReceipts(parts.filter((p) => p !== null)) : null;
  const row = await insertVisitPaymentIfNone(db, {
    visitId,
    anchorId: held[0]!.id,
    provider: providerName,
    status: amount === 0 ? "succeeded" : "pending",
    amountMinor: amount,
    currency: booking.currency,
    pointsUsed: points,
    method: body.method ?? null,
    idempotencyKey: fullKey,
    keyPrefix: prefix,
    receipt: receipt && JSON.stringify(receipt),
    items: held.map((b, i) => ({ bookingId: b.id, amountMinor: b.prepaymentMinor - pointShares[i]!, points: pointShares[i]!, receipt: parts[i] ? JSON.stringify(parts[i]) : null })),
  });
  if (!row) {
    const sameKey = await findPaymentByKeyPrefix(db, prefix);
    if (sameKey) return replay(sameKey);
    const winner = await openVisitPayment(db, visitId);
    if (winner) return existing(winner);
    throw new AppError("booking_not_held", "The visit changed while paying; reload it");
  }
  const anchor = held[0]!;
  if (points > 0) {
    const spent = await spendPoints(db, { userId: caller.id, bookingId: anchor.id, paymentId: row.id, points, dedupeKey: `spend:payment:${row.id}` });
    if (!spent) {
      await movePayment(db, row.id, ["pending", "succeeded"], "canceled", "points_balance_changed");
      throw new AppError("points_balance_changed", "Your points balance changed meanwhile; try again");
    }
  }
  log("info", "payments: visit payment", { payment_id: row.id, visit_id: visitId, items: held.length, provider: providerName });
  if (providerName === POINTS_PROVIDER) {
    await settlePaidVisit(db, env, row, now);
    return { payment: row, booking: anchor, how: "created" };
  }
  return { payment: await pushToProvider(db, env, row, anchor, opts, now), booking: anchor, how: "created" };
}
