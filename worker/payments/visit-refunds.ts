// onepay: giving back money of a visit's one payment. Every refund claims the
// items it covers (repo/visit-payments.ts claimItemRefund), so an item is
// refunded once whichever path reaches it first: cancelling one item returns
// that item's share (a partial refund with a receipt for that item), cancelling
// the whole visit returns every cancelled item's share in one refund, and a
// payment that lands after an item was lost returns that item's share.
import type { User } from "../contracts/auth.js";
import type { Env } from "../env.js";
import type { BookingRow } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { addEntry } from "../repo/loyalty.js";
import type { PaymentRow, RefundRow } from "../repo/payments.js";
import { loadSettings } from "../repo/settings.js";
import { claimItemRefund, type PaymentItemRow, paidItemOf } from "../repo/visit-payments.js";
import { POINTS_PROVIDER } from "./providers.js";
import { cancelRefundPercent, sendRefund } from "./refunds.js";

/** Cancels the salon or a system path carries out for the customer: refunded as the customer's own cancel. */
const CUSTOMER_CHOSEN = new Set(["account_deleted"]);

/** Bookings cancelled by the reservation machinery, never paid for by a cancel: their money goes back through settle. */
const NOT_A_CANCEL = new Set(["hold_expired", "visit_incomplete"]);

/** Returns the claimed items' points, once per refund key. */
async function returnItemPoints(db: Db, payment: PaymentRow, userId: number | null, key: string, items: PaymentItemRow[]) {
  const points = items.reduce((sum, i) => sum + i.refundPoints, 0);
  if (userId === null || points === 0) return;
  await addEntry(db, { userId, bookingId: items[0]!.bookingId, paymentId: payment.id, points, reason: "returned", dedupeKey: `return:${key}` });
}

/**
 * Gives back `percent` of each booking's share of the payment in one refund
 * under `key`; items another refund claimed first are left out.
 */
export async function refundVisitItems(db: Db, env: Env, payment: PaymentRow, key: string, reason: string, percents: { bookingId: number; percent: number }[], userId: number | null): Promise<RefundRow | null> {
  const { refund, items } = await claimItemRefund(db, { paymentId: payment.id, currency: payment.currency, reason, key, percents });
  await returnItemPoints(db, payment, userId, key, items);
  if (!refund || payment.provider === POINTS_PROVIDER || !payment.providerPaymentId) return null;
  if (refund.status === "succeeded") return refund;
  return sendRefund(db, env, payment, refund, items[0]?.bookingId ?? payment.bookingId);
}

/** The item's share back as a single booking's: its policy share, or for a no-show deposit all of it in the window and none after. */
const percentFor = (booking: BookingRow, cancelledBy: User, settings: Parameters<typeof cancelRefundPercent>[2], now: Date): number =>
  cancelRefundPercent(booking, cancelledBy, settings, now).percent;

const reasonOf = (cancelledBy: User, booking: BookingRow) =>
  cancelledBy.role === "customer" || CUSTOMER_CHOSEN.has(booking.cancelReason ?? "") ? "cancelled_by_customer" : "cancelled_by_salon";

/**
 * The cancel path's hook for one item of a paid visit: its share back per the
 * salon's policy. `undefined` when no visit payment covers the booking.
 */
export async function refundVisitItemOnCancel(db: Db, env: Env, booking: BookingRow, cancelledBy: User, now: Date): Promise<RefundRow | null | undefined> {
  const paid = await paidItemOf(db, booking.id);
  if (!paid) return undefined;
  const percent = percentFor(booking, cancelledBy, await loadSettings(db), now);
  return refundVisitItems(db, env, paid.payment, `refund:${paid.payment.id}:item:${booking.id}`, reasonOf(cancelledBy, booking), [{ bookingId: booking.id, percent }], booking.userId);
}

/**
 * After PATCH /visits cancelled the items: one refund for every cancelled,
 * paid item not refunded yet. Repeating it (a retry, a second request racing
 * the first) finds the same refund under the same key.
 */
export async function refundVisitOnCancel(db: Db, env: Env, items: BookingRow[], cancelledBy: User, now: Date): Promise<RefundRow | null> {
  const cancelled = items.filter((b) => b.status === "cancelled" && !NOT_A_CANCEL.has(b.cancelReason ?? ""));
  const paid = (await Promise.all(cancelled.map(async (b) => ({ booking: b, paid: await paidItemOf(db, b.id) })))).filter((x) => x.paid !== null);
  const payment = paid[0]?.paid!.payment;
  if (!payment) return null;
  const settings = await loadSettings(db);
  const mine = paid.filter((x) => x.paid!.payment.id === payment.id);
  const percents = mine.map(({ booking }) => ({ bookingId: booking.id, percent: percentFor(booking, cancelledBy, settings, now) }));
  return refundVisitItems(db, env, payment, `refund:${payment.id}:visit`, reasonOf(cancelledBy, mine[0]!.booking), percents, mine[0]!.booking.userId);
}
