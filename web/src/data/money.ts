// What the booking screens say about money and the hold: pure functions of a
// booking (and the clock), so they are tested without a browser.
import type { Booking } from "../../../worker/contracts/bookings";
import type { Salon } from "../../../worker/contracts/catalog";
import type { TranslationKey } from "../i18n";

export type HoldState =
  /** held and payable: `declined` when the last attempt was turned down */
  | { kind: "payable"; declined: boolean; until: string | null }
  /** the hold ran out without a payment; it lasted `minutes` */
  | { kind: "expired"; minutes: number | null }
  | { kind: "none" };

/** How long a booking's hold lasted: from its creation to its expiry, in whole minutes. */
function holdMinutes(b: Pick<Booking, "hold_expires_at" | "created_at">): number | null {
  if (!b.hold_expires_at) return null;
  const ms = Date.parse(b.hold_expires_at) - Date.parse(b.created_at);
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms / 60_000) : null;
}

export function holdState(b: Booking, now: number): HoldState {
  const ranOut = b.status === "held" && b.hold_expires_at !== null && Date.parse(b.hold_expires_at) <= now;
  if (ranOut || (b.status === "cancelled" && b.cancel_reason === "hold_expired")) return { kind: "expired", minutes: holdMinutes(b) };
  if (b.status !== "held" || !b.prepayment) return { kind: "none" };
  return { kind: "payable", declined: b.money?.last_payment?.status === "canceled", until: b.hold_expires_at };
}

/** The booking page's heading: what state the booking is really in. */
export function bookingHeading(b: Booking | undefined, justBooked: boolean, now: number): TranslationKey {
  if (!b) return justBooked ? "booking.titleWorking" : "booking.title";
  const hold = holdState(b, now);
  if (hold.kind === "expired") return "booking.titleExpired";
  if (b.status === "held") return "booking.titleHeld";
  if (b.status === "cancelled") return "booking.titleCancelled";
  if (justBooked && (b.status === "confirmed" || b.status === "pending")) return "confirm.title";
  return "booking.title";
}

/** The salon's cancellation and refund rule, as translation keys with their values. */
export function refundRule(salon: Pick<Salon, "cancellation_window_hours" | "refund_full_hours" | "refund_late_percent">): {
  key: TranslationKey;
  params: Record<string, number>;
}[] {
  const rules: { key: TranslationKey; params: Record<string, number> }[] = [
    { key: "money.rule.cancel", params: { hours: salon.cancellation_window_hours } },
  ];
  const late = Math.min(100, Math.max(0, salon.refund_late_percent));
  if (late >= 100 || salon.refund_full_hours <= 0) rules.push({ key: late >= 100 ? "money.rule.refundAll" : "money.rule.refundLateOnly", params: { percent: late } });
  else if (late === 0) rules.push({ key: "money.rule.refundNoneLate", params: { hours: salon.refund_full_hours } });
  else rules.push({ key: "money.rule.refund", params: { hours: salon.refund_full_hours, percent: late } });
  return rules;
}

export function refundKey(refund: NonNullable<NonNullable<Booking["money"]>["refund"]>): TranslationKey {
  if (refund.status === "succeeded") return "money.refund.succeeded";
  if (refund.status === "pending") return "money.refund.pending";
  return refund.retrying ? "money.refund.retrying" : "money.refund.failed";
}

/**
 * Back from paying: "waiting" while the payment is not settled, "failed" for
 * a booking cancelled meanwhile, null when the booking itself tells the rest
 * (confirmed; declined but still held, so PaymentPanel offers paying again;
 * or the hold ran out, which PaymentPanel explains).
 */
export function afterPayment(b: Booking, declined: boolean): "waiting" | "failed" | null {
  if (b.status === "cancelled") return b.cancel_reason === "hold_expired" ? null : "failed";
  if (b.status !== "held") return null;
  return declined || b.money?.last_payment?.status === "canceled" ? null : "waiting";
}
