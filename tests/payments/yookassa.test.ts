// The YooKassa provider module against the local fake: the documented wire
// format, retries with one Idempotence-Key, and failures mapped to kinds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderError } from "../../worker/payments/provider.js";
import { yookassaProvider } from "../../worker/payments/yookassa.js";
import { FAKE_SECRET_KEY, FAKE_SHOP_ID, type FakeYooKassa, startFakeYooKassa } from "../fakes/yookassa.js";

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
    const refund = await provider().refund({ providerPaymentId: created.id, amountMinor: 50_000, currency: "RUB" }, `refund-${bookingId}`);
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
