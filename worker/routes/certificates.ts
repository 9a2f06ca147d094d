// /api/v1/certificates: buy a gift certificate (for oneself or as a gift),
// see the ones bought, the types on sale, and a code's balance (anyone with
// the code; tries are rate limited per client).
import { Hono } from "hono";
import { requireUser } from "../auth/session.js";
import { IdempotencyKey } from "../contracts/common.js";
import { BuyCertificateBody, CertificateBalance, CertificateList, CertificateSale, CertificateTypeList } from "../contracts/certificates.js";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { doc } from "../http/openapi.js";
import { countRequest } from "../http/rate-limit.js";
import { jsonBody, parseWith } from "../http/validate.js";
import { normaliseCode, formatCode } from "../payments/certificate-codes.js";
import { buyCertificate } from "../payments/certificate-sale.js";
import { certificateView } from "../payments/certificates.js";
import { typeViews } from "../payments/certificate-types.js";
import { certificateByCode, listBought } from "../repo/certificates.js";
import { requestDb } from "../repo/db.js";

export const certificatesRoutes = new Hono<AppEnv>();

certificatesRoutes.get("/types", doc({ tag: "Certificates", summary: "Gift certificate types on sale", access: "anyone", responses: { 200: ["Active types with their price", CertificateTypeList] } }), async (c) => {
  return c.json({ types: await typeViews(requestDb(c), false) });
});

certificatesRoutes.post("/", doc({ tag: "Certificates", summary: "Buy a gift certificate: for oneself, or as a gift", description: "A type (`type_id`) or a free `amount_minor`. With `recipient` it is a gift: the recipient gets the code and a balance link by email or SMS at `send_at` (or as soon as it is paid). Paid through the provider at `payment.confirmation_url`; when the salon issues fiscal receipts the payment carries one in `advance` mode (54-FZ: money for a service not chosen yet). The code is shown (`certificate.code`) once it is paid.", access: "signed_in", idempotencyKey: true, body: BuyCertificateBody, responses: { 201: ["The certificate awaiting its payment", CertificateSale], 404: "`not_found`: no such type on sale", 422: "`receipt_contact_required`, `amount_mismatch`", 502: "`payment_provider_error`" } }), requireUser(), async (c) => {
  const header = c.req.header("idempotency-key");
  if (!header) throw new AppError("idempotency_key_required", "Send an Idempotency-Key header (a fresh UUID per purchase)");
  const key = parseWith(IdempotencyKey, header, "Idempotency-Key");
  const body = await jsonBody(c, BuyCertificateBody);
  const row = await buyCertificate(requestDb(c), c.env, c.get("user"), key, body, new URL(c.req.url).origin, new Date());
  const status = row.status === "active" ? "succeeded" : row.status === "awaiting_payment" ? "pending" : "canceled";
  return c.json({ certificate: certificateView(row), payment: { status, amount: { amount_minor: row.initialMinor, currency: row.currency }, confirmation_url: row.confirmationUrl } }, 201);
});

certificatesRoutes.get("/mine", doc({ tag: "Certificates", summary: "The certificates the signed-in customer bought", access: "signed_in", responses: { 200: ["Newest first", CertificateList] } }), requireUser(), async (c) => {
  return c.json({ certificates: (await listBought(requestDb(c), c.get("user").id)).map(certificateView) });
});

certificatesRoutes.get("/balance/:code", doc({ tag: "Certificates", summary: "A certificate's balance by its code (the link its recipient gets)", description: "Any case, with or without dashes. Shows no names or contacts. Tries are limited per client.", access: "anyone", rateLimited: "certificate_codes", params: { code: "The certificate's code, e.g. ABCD-EFGH-JKMN" }, responses: { 200: ["Balance and expiry", CertificateBalance], 404: "`not_found`: no certificate with this code" } }), async (c) => {
  await countRequest(c, "certificate_codes");
  const code = normaliseCode(c.req.param("code"));
  const row = code ? await certificateByCode(requestDb(c), code) : null;
  if (!row || row.status === "awaiting_payment" || row.status === "canceled") throw new AppError("not_found", "There is no certificate with this code");
  return c.json({
    certificate: {
      code: formatCode(row.code),
      status: row.status,
      balance: { amount_minor: row.balanceMinor, currency: row.currency },
      expires_at: row.expiresAt,
      service_id: row.serviceId,
      expired: Date.parse(row.expiresAt) <= Date.now(),
    },
  });
});
