import { describe, expect, it } from "vitest";
import { pointsEarned, pointsToSpend } from "../../worker/payments/loyalty.js";
import { fromDecimal, toDecimal } from "../../worker/payments/money.js";
import { refundPercent } from "../../worker/payments/refunds.js";

describe("money on the wire", () => {
  it("writes minor units as two-decimal strings and reads them back exactly", () => {
    expect(toDecimal(100000)).toBe("1000.00");
    expect(toDecimal(5)).toBe("0.05");
    expect(toDecimal(123456789)).toBe("1234567.89");
    expect(fromDecimal("1000.00")).toBe(100000);
    expect(fromDecimal("1000.5")).toBe(100050);
    expect(fromDecimal("7")).toBe(700);
    expect(fromDecimal("0.29")).toBe(29);
  });

  it("refuses amounts that are not plain decimals", () => {
    for (const bad of ["", "1e3", "-1.00", "1.234", "1,00", " 1.00"]) expect(fromDecimal(bad)).toBeNull();
  });
});

describe("points to spend", () => {
  const booking = { priceTotalMinor: 350_000, prepaymentMinor: 100_000 };

  it("is capped by the balance, the salon's share of the price and the prepayment", () => {
    expect(pointsToSpend(20_000, booking, 30)).toBe(20_000);
    expect(pointsToSpend(500_000, { priceTotalMinor: 350_000, prepaymentMinor: 350_000 }, 30)).toBe(105_000);
    expect(pointsToSpend(500_000, booking, 30)).toBe(100_000);
    expect(pointsToSpend(0, booking, 30)).toBe(0);
    expect(pointsToSpend(500_000, booking, 0)).toBe(0);
  });

  it("never leaves a remainder too small for the provider to charge", () => {
    expect(pointsToSpend(99_950, booking, 30)).toBe(99_900);
    expect(pointsToSpend(99_900, booking, 30)).toBe(99_900);
  });

  it("earns a floor share of the price", () => {
    expect(pointsEarned(350_000, 5)).toBe(17_500);
    expect(pointsEarned(999, 5)).toBe(49);
  });
});

describe("refund share on cancellation", () => {
  const settings = { refundFullHours: 24, refundLatePercent: 50 };
  const start = "2026-12-10T10:00:00.000Z";

  it("is full up to the deadline and the late share after it, for customers", () => {
    expect(refundPercent("customer", start, settings, new Date("2026-12-09T10:00:00.000Z"))).toBe(100);
    expect(refundPercent("customer", start, settings, new Date("2026-12-09T10:00:00.001Z"))).toBe(50);
  });

  it("is always full when the salon cancels", () => {
    expect(refundPercent("staff", start, settings, new Date("2026-12-10T09:59:00.000Z"))).toBe(100);
    expect(refundPercent("admin", start, settings, new Date("2026-12-10T09:59:00.000Z"))).toBe(100);
  });
});
