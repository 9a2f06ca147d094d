// The receipt builder: items that sum to the money exactly, in kopecks, with
// the payment mode the money is (yookassa.ru/developers/54fz/parameters-values,
// yoomoney/yookassa-sdk-php docs/classes/YooKassa-Model-Receipt-PaymentMode.md).
import { describe, expect, it } from "vitest";
import {
  DESCRIPTION_MAX,
  paymentReceipt,
  prepaymentMode,
  receiptCustomer,
  receiptTotal,
  reshapeReceipt,
  spreadMinor,
} from "../../worker/payments/receipt.js";

const settings = { vatCode: 1, taxSystemCode: null };
const customer = { email: "anna@example.ru" };

describe("spreading an amount over items", () => {
  it("splits in proportion and gives the leftover kopecks to the largest remainders", () => {
    // 1000 over 3500 : 1500 : 500 → 636.36…, 272.72…, 90.90…: floors make 998, the two left go to .90 and .72
    expect(spreadMinor([350_000, 150_000, 50_000], 1_000)).toEqual([636, 273, 91]);
    expect(spreadMinor([1, 1, 1], 100)).toEqual([34, 33, 33]);
    expect(spreadMinor([0, 0], 101)).toEqual([51, 50]);
    expect(spreadMinor([], 100)).toEqual([]);
  });

  it("always sums to the amount exactly", () => {
    let seed = 7;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647);
    for (let run = 0; run < 500; run++) {
      const weights = Array.from({ length: 1 + (next() % 6) }, () => next() % 1_000_000);
      const total = next() % 10_000_000;
      const shares = spreadMinor(weights, total);
      expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
      expect(shares.every((s) => Number.isInteger(s) && s >= 0)).toBe(true);
    }
  });
});

describe("a payment's receipt", () => {
  const lines = [
    { description: "Массаж спины", priceMinor: 350_000 },
    { description: "Аромамасло", priceMinor: 50_000 },
  ];

  it("lists each service and add-on at its price for a full prepayment", () => {
    const receipt = paymentReceipt(lines, 400_000, "full_prepayment", customer, "RUB", { vatCode: 1, taxSystemCode: 2 });
    expect(receipt).toEqual({
      customer,
      currency: "RUB",
      taxSystemCode: 2,
      items: [
        { description: "Массаж спины", amountMinor: 350_000, vatCode: 1, paymentMode: "full_prepayment" },
        { description: "Аромамасло", amountMinor: 50_000, vatCode: 1, paymentMode: "full_prepayment" },
      ],
    });
  });

  it("spreads a deposit over the items as partial prepayment", () => {
    const receipt = paymentReceipt(lines, 100_000, prepaymentMode({ priceTotalMinor: 400_000, prepaymentMinor: 100_000 }), customer, "RUB", settings);
    expect(receipt.items.map((i) => [i.amountMinor, i.paymentMode])).toEqual([
      [87_500, "partial_prepayment"],
      [12_500, "partial_prepayment"],
    ]);
  });

  it("spreads points off the price over the items so they still add up to the amount", () => {
    const receipt = paymentReceipt(lines, 400_000 - 33_333, "full_prepayment", customer, "RUB", settings);
    expect(receiptTotal(receipt)).toBe(366_667);
    expect(receipt.items.map((i) => i.amountMinor)).toEqual([320_834, 45_833]);
  });

  it("leaves out a free add-on and shortens a long name to 128 characters", () => {
    const long = "Очень длинное название услуги ".repeat(8);
    const receipt = paymentReceipt([{ description: long, priceMinor: 100_000 }, { description: "Подарок", priceMinor: 0 }], 100_000, "full_prepayment", customer, "RUB", settings);
    expect(receipt.items).toHaveLength(1);
    expect([...receipt.items[0]!.description].length).toBe(DESCRIPTION_MAX);
  });

  it("marks the whole price paid ahead as full prepayment and less as partial", () => {
    expect(prepaymentMode({ priceTotalMinor: 350_000, prepaymentMinor: 350_000 })).toBe("full_prepayment");
    expect(prepaymentMode({ priceTotalMinor: 350_000, prepaymentMinor: 100_000 })).toBe("partial_prepayment");
  });

  it("reshapes the items for a partial refund and for the closing receipt", () => {
    const paid = paymentReceipt(lines, 100_000, "partial_prepayment", customer, "RUB", settings);
    const refund = reshapeReceipt(paid, 50_001);
    expect(receiptTotal(refund)).toBe(50_001);
    expect(refund.items.every((i) => i.paymentMode === "partial_prepayment")).toBe(true);
    const closing = reshapeReceipt(paid, 100_000, "full_payment");
    expect(closing.items.map((i) => [i.amountMinor, i.paymentMode])).toEqual([
      [87_500, "full_payment"],
      [12_500, "full_payment"],
    ]);
  });
});

describe("the receipt's customer", () => {
  it("needs an email for YooKassa's receipts service", () => {
    expect(receiptCustomer("yookassa", { email: "a@b.ru", phone: "+79001234567" })).toEqual({ email: "a@b.ru" });
    expect(receiptCustomer("yookassa", { email: null, phone: "+79001234567" })).toBeNull();
    expect(receiptCustomer("yookassa", { email: "  ", phone: null })).toBeNull();
  });

  it("takes an email or a phone (digits only) for the shop's own till", () => {
    expect(receiptCustomer("own_till", { email: null, phone: "+79001234567" })).toEqual({ phone: "79001234567" });
    expect(receiptCustomer("own_till", { email: "a@b.ru", phone: "+79001234567" })).toEqual({ email: "a@b.ru", phone: "79001234567" });
    expect(receiptCustomer("own_till", { email: null, phone: null })).toBeNull();
  });
});
