// /pay/test/certificate/{id}: the test provider's checkout for a gift
// certificate's sale (development only). A sale has no payments row, so the
// buttons hand the decided state straight to the sale's settlement, the same
// function the webhook calls for a real provider.
import { Hono } from "hono";
import { html } from "hono/html";
import { Html } from "../contracts/operations.js";
import { type AppEnv, isDevelopment } from "../env.js";
import { AppError } from "../errors.js";
import { doc } from "../http/openapi.js";
import { idParam } from "../http/validate.js";
import { applyCertificatePayment } from "../payments/certificate-sale.js";
import { formatMinor } from "../payments/money.js";
import { testCertificatePaymentId, testProvider } from "../payments/test-provider.js";
import { findCertificate } from "../repo/certificates.js";
import { requestDb } from "../repo/db.js";

export const payTestCertificateRoutes = new Hono<AppEnv>();

payTestCertificateRoutes.use(async (c, next) => {
  if (!isDevelopment(c.env)) throw new AppError("not_found", `No route ${c.req.method} ${c.req.path}`);
  await next();
});

async function testSale(c: { env: AppEnv["Bindings"]; req: { raw: Request } }, id: number) {
  const db = requestDb(c);
  const row = await findCertificate(db, id);
  if (!row || row.provider !== "test") throw new AppError("not_found", "No such test certificate sale");
  return { db, row };
}

payTestCertificateRoutes.get("/:id", doc({ tag: "Development", summary: "Local checkout page of the test provider for a certificate sale (HTML)", access: "development", params: { id: "Certificate id" }, responses: { 200: { description: "HTML page with pay / decline", content: { "text/html": Html } } } }), async (c) => {
  const { row } = await testSale(c, idParam(c));
  return c.html(html`<!doctype html>
<html lang="ru"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>Оплата сертификата</title></head>
<body><main>
  <h1>Оплата сертификата</h1>
  <p>Тестовая оплата: деньги не списываются.</p>
  <p aria-label="Сумма к оплате">${formatMinor(row.initialMinor, row.currency)}</p>
  ${row.status === "awaiting_payment"
    ? html`<form method="post" action="/pay/test/certificate/${row.id}/pay"><button type="submit">Оплатить</button></form>
  <form method="post" action="/pay/test/certificate/${row.id}/decline"><button type="submit">Отклонить</button></form>`
    : html`<p role="status">Платёж уже обработан.</p>`}
</main></body></html>`);
});

for (const [action, status] of [["pay", "succeeded"], ["decline", "canceled"]] as const) {
  payTestCertificateRoutes.post(`/:id/${action}`, doc({ tag: "Development", summary: `The certificate checkout's ${action} button`, access: "development", params: { id: "Certificate id" }, responses: { 302: "Back to the certificates page" } }), async (c) => {
    const { db, row } = await testSale(c, idParam(c));
    const verified = { id: testCertificatePaymentId(row.id), status, amountMinor: row.initialMinor, currency: row.currency, confirmationUrl: row.confirmationUrl, ourPaymentId: null };
    await applyCertificatePayment(db, c.env, testProvider(db), verified, new Date());
    const base = (c.env.PUBLIC_BASE_URL ?? new URL(c.req.url).origin).replace(/\/+$/, "");
    return c.redirect(`${base}/certificates?paid=${status === "succeeded" ? row.id : 0}`, 303);
  });
}
