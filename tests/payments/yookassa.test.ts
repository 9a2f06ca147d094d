// The YooKassa provider module against the local fake: the documented wire
// format, retries with one Idempotence-Key, and failures mapped to kinds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderError } from "../../worker/payments/provider.js";
import { yookassaProvider } from "../../worker/payments/yookassa.js";
import { paymentReceipt } from "../../worker/payments/receipt.js";
import { FAKE_SECRET_KEY, FAKE_SHOP_ID, type FakeYooKassa, startFakeYooKassa } from "../fakes/yookassa.js";
import { closingReceipt, errorShape, paymentWithReceipt } from "./receipt-fixtures.js";

let fake: FakeYooKassa;
let bookingSeq = 900_000;
beforeAll(async () => {
  fake = await startFakeYooKassa({ hangMs: 1_000 });
});
afterAll(() => fake.close());

const control = async (path: string, body?: unknown) =>
  (await fetch(`${fake.url}${path}`, { method: body === undefined ? "GET" : "POST", body: body === undefined ? undefined : JSON.stringify(body) })).json() as Promise<any>;

const provider = (secretKey = FAKE_SECRET_KEY) =>
  yookassaProvider({ shopId: FAKE_SHOP_ID, secretKey, apiUrl: `${fake.url}/v3`, timeoutMs: 200 });

const input = (bookingId: number) => ({
  paymentId: bookingId + 1,
  bookingId,
  amountMinor: 100_000,
  currency: "RUB",
  description: "Предоплата записи",
  returnUrl: "https://salon.example/bookings/1?paid=1",
  method: null,
  receipt: null,
});

describe("YooKassa provider", () => {
  it("creates a redirect payment with capture, metadata and a decimal amount, and reads it back", async () => {
    const bookingId = ++bookingSeq;
    const created = await provider().create(input(bookingId), "key-1");
    expect(created).toMatchObject({ status: "pending", amountMinor: 100_000, currency: "RUB", ourPaymentId: bookingId + 1 });
    expect(created.confirmationUrl).toContain("/checkout");
    const [stored] = (await control(`/__fake/payments?booking_id=${bookingId}`)).items;
    expect(stored.amount).toEqual({ value: "1000.00", currency: "RUB" });
    expect(stored.metadata).toEqual({ payment_id: String(bookingId + 1), booking_id: String(bookingId) });
    const [call] = (await control(`/__fake/calls?booking_id=${bookingId}`)).items;
    expect(call.body).toMatchObject({ capture: true, confirmation: { type: "redirect", return_url: "https://salon.example/bookings/1?paid=1" } });
    expect(call.key).toBe("key-1");
    expect((await provider().get(created.id)).id).toBe(created.id);
  });

  it("answers the first payment again for a repeated Idempotence-Key", async () => {
    const bookingId = ++bookingSeq;
    const a = await provider().create(input(bookingId), `key-${bookingId}`);
    const b = await provider().create(input(bookingId), `key-${bookingId}`);
    expect(b.id).toBe(a.id);
    expect((await control(`/__fake/payments?booking_id=${bookingId}`)).items).toHaveLength(1);
  });

  it("retries 5xx with the same key and gives up after three attempts", async () => {
    const bookingId = ++bookingSeq;
    await control("/__fake/rules", { booking_id: bookingId, mode: "http_500" });
    const error = await provider().create(input(bookingId), "retry-key").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe("unavailable");
    const calls = (await control(`/__fake/calls?booking_id=${bookingId}`)).items;
    expect(calls.map((c: { key: string }) => c.key)).toEqual(["retry-key", "retry-key", "retry-key"]);
  });

  it("reports wrong credentials as a configuration problem, without retrying", async () => {
    const bookingId = ++bookingSeq;
    const error = await provider("wrong").create(input(bookingId), "k").catch((e: unknown) => e);
    expect((error as ProviderError).kind).toBe("configuration");
    expect((await control(`/__fake/calls?booking_id=${bookingId}`)).items).toHaveLength(0);
  });

  it("times out a hanging call", async () => {
    const bookingId = ++bookingSeq;
    await control("/__fake/rules", { booking_id: bookingId, mode: "hang" });
    const error = await provider().create(input(bookingId), "k").catch((e: unknown) => e);
    expect((error as ProviderError).kind).toBe("unavailable");
  });

  it("refunds with a decimal amount and reads the refund back", async () => {
    const bookingId = ++bookingSeq;
    const created = await provider().create(input(bookingId), `pay-${bookingId}`);
    await control(`/__fake/payments/${created.id}/succeed`, {});
    const refund = await provider().refund({ providerPaymentId: created.id, amountMinor: 50_000, currency: "RUB", receipt: null }, `refund-${bookingId}`);
    expect(refund).toMatchObject({ paymentId: created.id, status: "succeeded", amountMinor: 50_000 });
    expect((await provider().getRefund(refund.id)).status).toBe("succeeded");
  });

  it("parses documented notifications and rejects anything else", () => {
    const p = provider();
    expect(p.parseNotification({ type: "notification", event: "payment.succeeded", object: { id: "22d6d597", status: "succeeded", paid: true, extra: 1 } }))
      .toEqual({ event: "payment.succeeded", kind: "payment", objectId: "22d6d597" });
    expect(p.parseNotification({ type: "notification", event: "refund.succeeded", object: { id: "216749f7" } })?.kind).toBe("refund");
    for (const bad of [null, "x", {}, { type: "notification", event: "payment.succeeded" }, { type: "event", event: "payment.succeeded", object: { id: "a" } }]) {
      expect(p.parseNotification(bad)).toBeNull();
    }
  });
});

describe("YooKassa receipts (54-FZ)", () => {
  const auth = `Basic ${Buffer.from(`${FAKE_SHOP_ID}:${FAKE_SECRET_KEY}`).toString("base64")}`;
  const post = async (path: string, body: unknown, key = `k-${Math.random()}`) => {
    const res = await fetch(`${fake.url}/v3${path}`, { method: "POST", headers: { authorization: auth, "idempotence-key": key, "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const lines = [
    { description: "Массаж спины", priceMinor: 350_000 },
    { description: "Аромамасло", priceMinor: 50_000 },
  ];
  const deposit = paymentReceipt(lines, 100_000, "partial_prepayment", { email: "anna@example.ru" }, "RUB", { vatCode: 1, taxSystemCode: null });

  it("sends the payment's receipt exactly in the documented shape", async () => {
    const bookingId = ++bookingSeq;
    const created = await provider().create({ ...input(bookingId), receipt: deposit }, `rc-${bookingId}`);
    const sent = (await control(`/__fake/sent-receipt/${created.id}`)).receipt;
    expect(sent).toEqual(paymentWithReceipt.receipt);
  });

  it("the fake accepts the documented example and refuses every broken receipt with YooKassa's error object", async () => {
    expect((await post("/payments", paymentWithReceipt)).status).toBe(200);
    const item = paymentWithReceipt.receipt.items[0]!;
    const broken: [string, unknown][] = [
      ["receipt.items", { ...paymentWithReceipt.receipt, items: [{ ...item, amount: { value: "999.99", currency: "RUB" } }, paymentWithReceipt.receipt.items[1]] }],
      ["receipt.items[0].vat_code", { ...paymentWithReceipt.receipt, items: [{ ...item, vat_code: 13 }, paymentWithReceipt.receipt.items[1]] }],
      ["receipt.items[0].payment_mode", { ...paymentWithReceipt.receipt, items: [{ ...item, payment_mode: "prepayment" }, paymentWithReceipt.receipt.items[1]] }],
      ["receipt.items[0].payment_subject", { ...paymentWithReceipt.receipt, items: [{ ...item, payment_subject: "services" }, paymentWithReceipt.receipt.items[1]] }],
      ["receipt.items[0].description", { ...paymentWithReceipt.receipt, items: [{ ...item, description: "я".repeat(129) }, paymentWithReceipt.receipt.items[1]] }],
      ["receipt.items[0].amount.value", { ...paymentWithReceipt.receipt, items: [{ ...item, amount: { value: 875, currency: "RUB" } }, paymentWithReceipt.receipt.items[1]] }],
      ["receipt.customer", { ...paymentWithReceipt.receipt, customer: {} }],
      ["receipt.tax_system_code", { ...paymentWithReceipt.receipt, tax_system_code: 7 }],
      ["receipt.items", { ...paymentWithReceipt.receipt, items: [] }],
    ];
    for (const [parameter, receipt] of broken) {
      const answer = await post("/payments", { ...paymentWithReceipt, receipt });
      expect(answer.status, parameter).toBe(400);
      expect(answer.body).toMatchObject({ ...errorShape, parameter });
      expect(typeof answer.body.id).toBe("string");
    }
  });

  it("refunds part of a payment with a receipt of what is returned, and the fake checks its sum", async () => {
    const bookingId = ++bookingSeq;
    const created = await provider().create({ ...input(bookingId), receipt: deposit }, `rr-${bookingId}`);
    await control(`/__fake/payments/${created.id}/succeed`, {});
    const half = paymentReceipt(lines, 50_000, "partial_prepayment", { email: "anna@example.ru" }, "RUB", { vatCode: 1, taxSystemCode: null });
    const refund = await provider().refund({ providerPaymentId: created.id, amountMinor: 50_000, currency: "RUB", receipt: half }, `rr-refund-${bookingId}`);
    const sent = (await control(`/__fake/sent-receipt/${refund.id}`)).receipt;
    expect(sent.items.map((i: any) => [i.amount.value, i.payment_mode])).toEqual([["437.50", "partial_prepayment"], ["62.50", "partial_prepayment"]]);
    const wrong = await post("/refunds", { payment_id: created.id, amount: { value: "100.00", currency: "RUB" }, receipt: sent });
    expect(wrong.body).toMatchObject({ ...errorShape, parameter: "receipt.items" });
  });

  it("sends the closing receipt as the documented POST /receipts, once per Idempotence-Key", async () => {
    const bookingId = ++bookingSeq;
    const created = await provider().create({ ...input(bookingId), receipt: paymentReceipt([lines[0]!], 100_000, "full_prepayment", { email: "anna@example.ru" }, "RUB", { vatCode: 1, taxSystemCode: null }) }, `cr-${bookingId}`);
    await control(`/__fake/payments/${created.id}/succeed`, {});
    const closing = paymentReceipt([lines[0]!], 100_000, "full_payment", { email: "anna@example.ru" }, "RUB", { vatCode: 1, taxSystemCode: null });
    const first = await provider().sendSettlementReceipt({ providerPaymentId: created.id, receipt: closing }, `settle-${bookingId}`);
    const again = await provider().sendSettlementReceipt({ providerPaymentId: created.id, receipt: closing }, `settle-${bookingId}`);
    expect(again.id).toBe(first.id);
    expect((await control(`/__fake/receipts?payment_id=${created.id}`)).items).toHaveLength(1);
    const [call] = (await control(`/__fake/calls?booking_id=${bookingId}`)).items.filter((c: any) => c.kind === "receipt");
    expect(call.body).toEqual(closingReceipt(created.id));
    const noSettlement = await post("/receipts", { ...closingReceipt(created.id), settlements: [] });
    expect(noSettlement.body).toMatchObject({ ...errorShape, parameter: "settlements" });
    const notSent = await post("/receipts", { ...closingReceipt(created.id), send: false });
    expect(notSent.body).toMatchObject({ ...errorShape, parameter: "send" });
  });
});
