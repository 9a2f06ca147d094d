// The test provider's checkout for sales (/pay/test/{certificate|abonement}/{id}):
// its page, and its buttons settling the sale through the webhook's own
// settlement. Worker tests run with PAYMENT_PROVIDER=yookassa, so the sales
// here are made with the test provider chosen in the Worker's bindings, as
// `npm start` runs.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../worker/env.js";
import { call } from "./client.js";
import { adminToken, newKey, sql } from "./scenario.js";
import { newPayer } from "./payments-helpers.js";

const HAIRCUT = 3;
const testPay = { ...(env as unknown as Env), PAYMENT_PROVIDER: "test" };
const production = { ...(env as unknown as Env), ENVIRONMENT: "production" };

let buyer: { token: string; email: string };
let typeId: number;
const name = `Пять стрижек ${Math.random().toString(36).slice(2, 7)}`;

beforeAll(async () => {
  buyer = await newPayer();
  const type = await call("POST", "/api/v1/admin/abonement-types", { token: await adminToken(), body: { name, kind: "visits", visits_count: 5, validity_days: 90, price_minor: 650_000, service_ids: [HAIRCUT] } });
  expect(type.status).toBe(201);
  typeId = type.body.type.id;
});

/** An abonement bought online with the test provider, awaiting its payment; the path of its checkout. */
async function boughtAbonement(): Promise<{ id: number; checkout: string }> {
  const res = await call("POST", "/api/v1/abonements", { token: buyer.token, headers: { "idempotency-key": newKey() }, body: { type_id: typeId }, env: testPay });
  expect(res.status).toBe(201);
  expect(res.body.abonement.status).toBe("awaiting_payment");
  return { id: res.body.abonement.id, checkout: new URL(res.body.payment.confirmation_url).pathname };
}

const mine = async (id: number) => ((await call("GET", "/api/v1/me/abonements", { token: buyer.token, env: testPay })).body.abonements as { id: number; status: string; starts_at: string | null }[]).find((a) => a.id === id);
async function row(id: number) {
  const [r] = (await sql("select status, end_reason from abonements where id = ?", [id])).rows;
  return { status: r!.status, end_reason: r!.end_reason };
}
const click = (path: string, bindings: Env = testPay) => call("POST", path, { env: bindings });

describe("test checkout for an abonement sale", () => {
  it("shows the abonement, its price and its advance receipt, and «Оплатить» makes it active from now and sends the customer to /abonements?paid=<id>", async () => {
    const { id, checkout } = await boughtAbonement();
    expect(checkout).toBe(`/pay/test/abonement/${id}`);

    const page = await call("GET", checkout, { env: testPay });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.body).toContain("<h1>Оплата абонемента</h1>");
    expect(page.body).toContain(`Абонемент «${name}»`);
    expect(page.body).toMatch(/6\s500,00 ₽/);
    expect(page.body).toContain("аванс");
    expect(page.body).toContain(buyer.email);
    expect(page.body).toContain(`action="/pay/test/abonement/${id}/pay"`);
    expect(page.body).toContain(`action="/pay/test/abonement/${id}/decline"`);

    const before = Date.now();
    const paid = await click(`${checkout}/pay`);
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`http://salon.test/abonements?paid=${id}`);
    const active = await mine(id);
    expect(active?.status).toBe("active");
    expect(Date.parse(active!.starts_at!)).toBeGreaterThanOrEqual(before - 1000);

    // Decided: a late «Отклонить» changes nothing and the page says so.
    const late = await click(`${checkout}/decline`);
    expect(late.headers.get("location")).toBe(`http://salon.test/abonements?paid=${id}`);
    expect((await mine(id))?.status).toBe("active");
    const again = await call("GET", checkout, { env: testPay });
    expect(again.body).toContain("Платёж уже обработан");
    expect(again.body).not.toContain("<form");
  });

  it("cancels the sale on «Отклонить» and sends the customer back with paid=0; «Оплатить» afterwards does not revive it", async () => {
    const { id, checkout } = await boughtAbonement();
    const declined = await click(`${checkout}/decline`);
    expect(declined.status).toBe(303);
    expect(declined.headers.get("location")).toBe("http://salon.test/abonements?paid=0");
    // A sale that was never paid leaves the customer's list; the row keeps why.
    expect(await mine(id)).toBeUndefined();
    expect(await row(id)).toEqual({ status: "canceled", end_reason: "payment_canceled" });

    const late = await click(`${checkout}/pay`);
    expect(late.headers.get("location")).toBe("http://salon.test/abonements?paid=0");
    expect((await row(id)).status).toBe("canceled");
  });

  it("is not found for an abonement sold through another provider, for one that does not exist, and outside development", async () => {
    const other = await call("POST", "/api/v1/abonements", { token: buyer.token, headers: { "idempotency-key": newKey() }, body: { type_id: typeId } });
    expect(other.status).toBe(201);
    const yookassaSale = other.body.abonement.id as number;
    expect((await call("GET", `/pay/test/abonement/${yookassaSale}`, { env: testPay })).status).toBe(404);
    expect((await click(`/pay/test/abonement/${yookassaSale}/pay`)).status).toBe(404);
    expect((await call("GET", "/pay/test/abonement/999999999", { env: testPay })).status).toBe(404);

    const { id, checkout } = await boughtAbonement();
    const page = await call("GET", checkout, { env: production });
    expect([page.status, page.body.error?.code]).toEqual([404, "not_found"]);
    expect((await click(`${checkout}/pay`, production)).status).toBe(404);
    expect((await row(id)).status).toBe("awaiting_payment");
    expect((await row(yookassaSale)).status).toBe("awaiting_payment");
  });
});

describe("test checkout for a gift certificate sale (the same module)", () => {
  it("keeps its address and activates the certificate on «Оплатить», back to /certificates?paid=<id>", async () => {
    const res = await call("POST", "/api/v1/certificates", { token: buyer.token, headers: { "idempotency-key": newKey() }, body: { amount_minor: 300_000 }, env: testPay });
    expect(res.status).toBe(201);
    const id = res.body.certificate.id as number;
    const checkout = new URL(res.body.payment.confirmation_url).pathname;
    expect(checkout).toBe(`/pay/test/certificate/${id}`);
    const page = await call("GET", checkout, { env: testPay });
    expect(page.body).toContain("<h1>Оплата сертификата</h1>");
    expect(page.body).toMatch(/3\s000,00 ₽/);

    const paid = await click(`${checkout}/pay`);
    expect(paid.headers.get("location")).toBe(`http://salon.test/certificates?paid=${id}`);
    expect((await sql("select status from certificates where id = ?", [id])).rows[0]!.status).toBe("active");
  });
});
