// What the PWA says about money, holds and phones, run under Node.
import { describe, expect, it } from "vitest";
import type { Booking } from "../../worker/contracts/bookings";
import { visitEnd } from "../../web/src/data/ics";
import { afterPayment, bookingHeading, holdState, refundKey, refundRule } from "../../web/src/data/money";
import { priceChangeOf } from "../../web/src/data/price-change";
import { prepaymentFor } from "../../web/src/data/pricing";
import { formatPhone, formatWhen } from "../../web/src/format";

const RUB = (amount_minor: number) => ({ amount_minor, currency: "RUB" });
const NOW = Date.parse("2026-12-14T07:05:00Z");

function booking(over: Partial<Booking> = {}): Booking {
  return {
    id: 7,
    status: "held",
    channel: "internal",
    origin: "online",
    service: { id: 8, name: "Массаж" },
    staff: { id: 4, name: "Ольга" },
    start_at: "2026-12-14T07:30:00.000Z",
    end_at: "2026-12-14T08:45:00.000Z",
    local_date: "2026-12-14",
    local_time: "10:30",
    duration_min: 60,
    addons: [],
    price: RUB(350_000),
    prepayment: RUB(100_000),
    created_at: "2026-12-14T07:00:00.000Z",
    hold_expires_at: "2026-12-14T07:10:00.000Z",
    money: { paid: RUB(0), points_used: 0, left_to_pay: RUB(350_000), last_payment: null, refund: null },
    phone: "+79990000100",
    customer_name: null,
    notes: null,
    cancel_reason: null,
    needs_attention: null,
    ...over,
  };
}

describe("the hold of a prepaid booking", () => {
  it("is payable while it lasts, and says so after a declined attempt", () => {
    expect(holdState(booking(), NOW)).toEqual({ kind: "payable", declined: false, until: "2026-12-14T07:10:00.000Z" });
    const declined = booking({ money: { ...booking().money!, last_payment: { id: 3, status: "canceled" } } });
    expect(holdState(declined, NOW)).toMatchObject({ kind: "payable", declined: true });
    expect(bookingHeading(declined, true, NOW)).toBe("booking.titleHeld");
  });

  it("tells how many minutes it lasted once it ran out, by the clock or by the salon", () => {
    expect(holdState(booking(), Date.parse("2026-12-14T07:10:00Z"))).toEqual({ kind: "expired", minutes: 10 });
    const released = booking({ status: "cancelled", cancel_reason: "hold_expired" });
    expect(holdState(released, NOW)).toEqual({ kind: "expired", minutes: 10 });
    expect(bookingHeading(released, true, NOW)).toBe("booking.titleExpired");
  });

  it("is no concern of a confirmed or a free booking; only those are 'you are booked'", () => {
    const paid = booking({ status: "confirmed", hold_expires_at: null });
    expect(holdState(paid, NOW)).toEqual({ kind: "none" });
    expect(bookingHeading(paid, true, NOW)).toBe("confirm.title");
    expect(bookingHeading(paid, false, NOW)).toBe("booking.title");
    expect(bookingHeading(booking({ status: "cancelled", cancel_reason: "cancelled_by_customer", hold_expires_at: null }), true, NOW)).toBe("booking.titleCancelled");
  });
});

describe("back from paying", () => {
  it("waits for an open payment, then leaves the rest to the booking: confirmed, declined-but-held, or expired", () => {
    expect(afterPayment(booking(), false)).toBe("waiting");
    expect(afterPayment(booking(), true)).toBeNull();
    expect(afterPayment(booking({ status: "confirmed" }), false)).toBeNull();
    expect(afterPayment(booking({ status: "cancelled", cancel_reason: "hold_expired" }), true)).toBeNull();
    expect(afterPayment(booking({ status: "cancelled", cancel_reason: "cancelled_by_salon" }), false)).toBe("failed");
  });
});

describe("money before and after booking", () => {
  it("computes the prepayment on the card and with add-ons the way the salon does", () => {
    expect(prepaymentFor({ prepayment: { kind: "deposit_fixed", value: 100_000 } }, RUB(350_000))).toEqual(RUB(100_000));
    expect(prepaymentFor({ prepayment: { kind: "deposit_percent", value: 30 } }, RUB(350_050))).toEqual(RUB(105_015));
    expect(prepaymentFor({ prepayment: { kind: "full", value: 0 } }, RUB(150_000))).toEqual(RUB(150_000));
    expect(prepaymentFor({ prepayment: { kind: "none", value: 0 } }, RUB(150_000))).toBeNull();
  });

  it("states the cancellation and refund rule from the salon's settings", () => {
    const salon = { cancellation_window_hours: 24, refund_full_hours: 48, refund_late_percent: 50 };
    expect(refundRule(salon)).toEqual([
      { key: "money.rule.cancel", params: { hours: 24 } },
      { key: "money.rule.refund", params: { hours: 48, percent: 50 } },
    ]);
    expect(refundRule({ ...salon, refund_late_percent: 0 })[1]!.key).toBe("money.rule.refundNoneLate");
    expect(refundRule({ ...salon, refund_late_percent: 100 })[1]!.key).toBe("money.rule.refundAll");
  });

  it("names a refund's state, a failed one that is retried apart from one that is not", () => {
    const refund = (status: "pending" | "succeeded" | "failed", retrying = false) => ({ amount: RUB(100_000), status, retrying });
    expect(refundKey(refund("succeeded"))).toBe("money.refund.succeeded");
    expect(refundKey(refund("pending"))).toBe("money.refund.pending");
    expect(refundKey(refund("failed", true))).toBe("money.refund.retrying");
    expect(refundKey(refund("failed"))).toBe("money.refund.failed");
  });
});

describe("polish", () => {
  it("ends the calendar event when the service ends, not after the clean-up buffer", () => {
    expect(visitEnd(booking())).toBe("2026-12-14T08:30:00.000Z");
  });

  it("writes phones as people do and leaves other numbers alone", () => {
    expect(formatPhone("+79990000100")).toBe("+7 999 000-01-00");
    expect(formatPhone("+4915112345678")).toBe("+4915112345678");
  });

  it("writes the pay page's date in words", () => {
    expect(formatWhen("2026-12-14", "10:30", "ru-RU")).toBe("пн, 14 декабря, 10:30");
  });
});

describe("a move to a dearer master", () => {
  it("reads the old and new price from a 409 price_changed, and nothing from other details", () => {
    expect(priceChangeOf({ old_price_minor: 150_000, new_price_minor: 200_000, currency: "RUB", staff_id: 4 })).toEqual({ old_price_minor: 150_000, new_price_minor: 200_000, currency: "RUB", staff_id: 4 });
    expect(priceChangeOf({ alternatives: [] })).toBeNull();
    expect(priceChangeOf(undefined)).toBeNull();
  });
});
