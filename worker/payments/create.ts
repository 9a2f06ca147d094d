// POST /payments: pay for a held booking. Checks a person can act on first,
// then one conditional insert decides which request creates the booking's
// payment (see insertPaymentIfNone); only that request calls the provider,
// with an Idempotence-Key derived from the payment row, so retries of any
// kind reach the provider as the same payment.
import type { User } from "../contracts/auth.js";
import { sha256Hex } from "../lib/digest.js";
import type { CreatePaymentBody } from "../contracts/payments.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { type BookingRow, findBooking } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { balanceOf, spendPoints } from "../repo/loyalty.js";
import {
  attachProviderPayment,
  findPayment,
  findPaymentByKeyPrefix,
  insertPaymentIfNone,
  movePayment,
  notePaymentError,
  openPaymentOf,
  type PaymentRow,
  succeededPaymentOf,
} from "../repo/payments.js";
import { loadSettings } from "../repo/settings.js";
import { findUserById } from "../repo/users.js";
import { pointsToSpend, returnPoints } from "./loyalty.js";
import { bookingReceipt, receiptOf, requireReceiptCustomer } from "./receipt-data.js";
import { ProviderError } from "./provider.js";
import { defaultProviderName, POINTS_PROVIDER, type ProviderName, providerFor } from "./providers.js";
import { applyProviderState, settlePaidBooking } from "./settle.js";
import { createVisitPayment } from "./visit-pay.js";
import { log } from "../lib/log.js";

/** A payment without a provider id younger than this may still be on its way to the provider. */
const IN_FLIGHT_MS = 60_000;

export interface CreatePaymentOptions {
  /** Development-only choice of provider (tests of the test provider). */
  provider?: ProviderName;
  /** Origin for the return URL when PUBLIC_BASE_URL is not set. */
  origin: string;
}

export interface CreatedPayment {
  payment: PaymentRow;
  booking: BookingRow;
  /** "created" by this request, "replayed" for a repeated key, "existing" open payment of the booking. */
  how: "created" | "replayed" | "existing";
}

/** The provider's Idempotence-Key: the same for every call about this row. */
export const providerKeyOf = (row: PaymentRow) => `pay-${row.id}-${row.idempotencyKey.slice(-16)}`;


function ensureHeld(booking: BookingRow, now: Date) {
  const expired =
    (booking.status === "held" && booking.holdExpiresAt !== null && Date.parse(booking.holdExpiresAt) <= now.getTime()) ||
    (booking.status === "cancelled" && booking.cancelReason === "hold_expired");
  if (expired) throw new AppError("hold_expired", "The time held for payment has run out; book again", { booking_id: booking.id });
  if (booking.status !== "held") {
    throw new AppError("booking_not_held", `A ${booking.status} booking does not wait for a payment`, { booking_status: booking.status });
  }
}

function alreadyPaid(payment: PaymentRow): AppError {
  return new AppError("already_paid", "This booking is already paid", { payment_id: payment.id });
}

export async function createPayment(db: Db, env: Env, caller: User, key: string, body: CreatePaymentBody, opts: CreatePaymentOptions, now: Date): Promise<CreatedPayment> {
  const booking = await findBooking(db, body.booking_id);
  if (!booking) throw new AppError("not_found", `Booking ${body.booking_id} does not exist`);
  if (booking.userId !== caller.id) throw new AppError("forbidden", "Only the customer who booked pays for a booking");
  // onepay: an item of a multi-service visit is paid with the whole visit, in one payment.
  if (booking.visitId !== null) return createVisitPayment(db, env, caller, key, body, booking, opts, now);

  const prefix = `u${caller.id}:${(await sha256Hex(key)).slice(0, 32)}:`;
  const request = { booking_id: body.booking_id, method: body.method ?? null, use_loyalty_points: body.use_loyalty_points, provider: opts.provider ?? null };
  const fullKey = `${prefix}${(await sha256Hex(JSON.stringify(request))).slice(0, 16)}`;

  const replay = async (row: PaymentRow): Promise<CreatedPayment> => {
    if (row.idempotencyKey !== fullKey) {
      throw new AppError("idempotency_key_reused", "This Idempotency-Key was already used for a different payment request; send a new key");
    }
    return { payment: await resume(db, env, row, booking, opts, now, true), booking, how: "replayed" };
  };
  const existing = async (row: PaymentRow): Promise<CreatedPayment> => {
    if (row.status === "succeeded") throw alreadyPaid(row);
    if (row.amountMinor + row.pointsUsed !== booking.prepaymentMinor) {
      throw new AppError("amount_mismatch", "The booking's prepayment changed since this payment was started; contact the salon", {
        payment_id: row.id,
      });
    }
    return { payment: await resume(db, env, row, booking, opts, now, false), booking, how: "existing" };
  };

  const earlier = await findPaymentByKeyPrefix(db, prefix);
  if (earlier) return replay(earlier);
  const paid = await succeededPaymentOf(db, booking.id);
  if (paid) throw alreadyPaid(paid);
  ensureHeld(booking, now);
  const open = await openPaymentOf(db, booking.id);
  if (open) return existing(open);

  const settings = await loadSettings(db);
  const points = body.use_loyalty_points ? pointsToSpend(await balanceOf(db, caller.id), booking, settings.loyaltyMaxSpendPercent) : 0;
  const amount = booking.prepaymentMinor - points;
  const providerName = amount === 0 ? POINTS_PROVIDER : (opts.provider ?? defaultProviderName(env));
  // 54-FZ: money through a provider carries its fiscal receipt; without the contact it needs, nothing is created.
  let receipt: string | null = null;
  if (settings.receiptsEnabled && providerName !== POINTS_PROVIDER) {
    const customer = requireReceiptCustomer(settings, { email: (await findUserById(db, caller.id))?.email ?? null, phone: booking.phone });
    receipt = JSON.stringify(await bookingReceipt(db, booking, amount, customer, settings));
  }
  const row = await insertPaymentIfNone(db, {
    bookingId: booking.id,
    provider: providerName,
    status: amount === 0 ? "succeeded" : "pending",
    amountMinor: amount,
    currency: booking.currency,
    pointsUsed: points,
    method: body.method ?? null,
    idempotencyKey: fullKey,
    keyPrefix: prefix,
    receipt,
  });
  if (!row) {
    // Another request won the insert: same key (replay) or same booking (its payment).
    const sameKey = await findPaymentByKeyPrefix(db, prefix);
    if (sameKey) return replay(sameKey);
    const winner = await openPaymentOf(db, booking.id);
    if (winner) return existing(winner);
    throw new AppError("booking_not_held", "The booking changed while paying; reload it");
  }

  if (points > 0) {
    const spent = await spendPoints(db, { userId: caller.id, bookingId: booking.id, paymentId: row.id, points, dedupeKey: `spend:payment:${row.id}` });
    if (!spent) {
      await movePayment(db, row.id, ["pending", "succeeded"], "canceled", "points_balance_changed");
      throw new AppError("points_balance_changed", "Your points balance changed meanwhile; try again");
    }
  }
  if (providerName === POINTS_PROVIDER) {
    // Points covered it all: nothing to send to a provider, confirm now.
    await settlePaidBooking(db, env, row, booking, now, true);
    log("info", "payments: create", { payment_id: row.id, booking_id: booking.id, provider: POINTS_PROVIDER, points });
    return { payment: row, booking: (await findBooking(db, booking.id))!, how: "created" };
  }
  return { payment: await pushToProvider(db, env, row, booking, opts, now), booking, how: "created" };
}

/**
 * Sends a payment that has no provider id yet to its provider: on a replay
 * after a failure at once, otherwise only when its first request must have
 * died (older than IN_FLIGHT_MS), so racing requests do not all call out.
 */
export async function resume(db: Db, env: Env, row: PaymentRow, booking: BookingRow, opts: CreatePaymentOptions, now: Date, replay: boolean): Promise<PaymentRow> {
  if (row.status !== "pending" || row.providerPaymentId !== null || row.provider === POINTS_PROVIDER) return row;
  const stale = now.getTime() - Date.parse(row.createdAt) > IN_FLIGHT_MS;
  if (!stale && !(replay && row.lastError !== null)) return row;
  return pushToProvider(db, env, row, booking, opts, now);
}

export async function pushToProvider(db: Db, env: Env, row: PaymentRow, booking: BookingRow, opts: CreatePaymentOptions, now: Date): Promise<PaymentRow> {
  const provider = providerFor(env, db, row.provider);
  const base = (env.PUBLIC_BASE_URL ?? opts.origin).replace(/\/+$/, "");
  let answer;
  try {
    answer = await provider.create(
      {
        paymentId: row.id,
        bookingId: booking.id,
        amountMinor: row.amountMinor,
        currency: row.currency,
        description: row.visitId !== null ? `Предоплата визита №${row.visitId}` : `Предоплата записи №${booking.id}`,
        returnUrl: `${base}/bookings/${booking.id}?paid=1`,
        method: row.method,
        receipt: receiptOf(row),
      },
      providerKeyOf(row),
    );
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    log("error", "payments: create", { payment_id: row.id, booking_id: booking.id, provider: provider.name, kind: error.kind, error: error.message });
    if (error.kind === "rejected" || error.kind === "not_found") {
      const canceled = await movePayment(db, row.id, ["pending"], "canceled", `${error.kind}: ${error.message}`);
      if (canceled) await returnPoints(db, canceled, booking.userId);
      throw new AppError("payment_provider_error", "The payment provider refused this payment; try again later or call the salon");
    }
    await notePaymentError(db, row.id, `${error.kind}: ${error.message}`);
    throw new AppError(
      "payment_provider_unavailable",
      "The payment provider is not answering just now; try again in a minute",
      { reason: error.kind, payment_id: row.id },
      { "retry-after": "30" },
    );
  }
  if (answer.amountMinor !== row.amountMinor || answer.currency !== row.currency) {
    // Keep the provider's id so a later notification about it is recognised (and not trusted).
    await attachProviderPayment(db, row.id, answer.id, null);
    const canceled = await movePayment(db, row.id, ["pending"], "canceled", `amount_mismatch: provider answered ${answer.amountMinor} ${answer.currency}`);
    if (canceled) await returnPoints(db, canceled, booking.userId);
    log("error", "payments: create", { payment_id: row.id, booking_id: booking.id, asked: row.amountMinor, answered: answer.amountMinor, outcome: "amount_mismatch" });
    throw new AppError("amount_mismatch", "The payment provider answered a different amount; nothing was charged by us. Contact the salon", {
      expected: { amount_minor: row.amountMinor, currency: row.currency },
    });
  }
  const stored = await attachProviderPayment(db, row.id, answer.id, answer.confirmationUrl);
  if (answer.status === "pending") return stored;
  await applyProviderState(db, env, stored, answer, now);
  return (await findPayment(db, row.id))!;
}
