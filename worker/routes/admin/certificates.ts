// /admin/certificates and /admin/certificate-types: the salon's gift
// certificates. Issued at the desk (paid at the salon's till, which issues
// that receipt), found by code or recipient, redeemed at the visit, voided,
// refunded or extended with a reason; every change is in the audit log.
import * as v from "valibot";
import { IdempotencyKey } from "../../contracts/common.js";
import { BookingEnvelope } from "../../contracts/bookings.js";
import {
  CertificateEndBody,
  CertificateEnvelope,
  CertificateExtendBody,
  CertificateList,
  CertificateRedeemBody,
  CertificateStatus,
  CertificateType,
  CertificateTypeBody,
  CertificateTypeList,
  CertificateTypePatch,
  IssueCertificateBody,
} from "../../contracts/certificates.js";
import { Certificate } from "../../contracts/certificates.js";
import { QueryCount } from "../../contracts/common.js";
import { AppError } from "../../errors.js";
import { doc } from "../../http/openapi.js";
import { idParam, jsonBody, parseWith } from "../../http/validate.js";
import { normaliseCode } from "../../payments/certificate-codes.js";
import { refundSale } from "../../payments/certificate-sale.js";
import { createType, patchType, typeViews, typeView } from "../../payments/certificate-types.js";
import { certificateView, endCertificate, extendCertificate, instantIn, issueAtDesk, redeemAtVisit } from "../../payments/certificates.js";
import { writeAudit } from "../../repo/audit.js";
import { findBooking } from "../../repo/bookings.js";
import { certificateByCode, findCertificate, ledgerOf, listCertificates } from "../../repo/certificates.js";
import { requestDb } from "../../repo/db.js";
import { loadSettings } from "../../repo/settings.js";
import { bookingViews } from "../../reservations/views.js";
import { adminApp, ensureFound, IncludeInactive } from "./shared.js";

export const certificateTypesAdminRoutes = adminApp();
export const certificatesAdminRoutes = adminApp();

const TypeEnvelope = v.object({ type: CertificateType });

certificateTypesAdminRoutes.get("/", doc({ tag: "Back office", summary: "Gift certificate types", access: "admin", query: v.object({ include_inactive: IncludeInactive }), responses: { 200: ["Types", CertificateTypeList] } }), async (c) => {
  const q = parseWith(v.object({ include_inactive: IncludeInactive }), c.req.query(), "query");
  return c.json({ types: await typeViews(requestDb(c), q.include_inactive === "true") });
});

certificateTypesAdminRoutes.post("/", doc({ tag: "Back office", summary: "Add a certificate type: a nominal `amount_minor`, or a `service_id` (at its price when sold)", access: "admin", body: CertificateTypeBody, responses: { 201: ["The type", TypeEnvelope], 422: "`invalid_reference`: no such service" } }), async (c) => {
  const body = await jsonBody(c, CertificateTypeBody);
  const db = requestDb(c);
  const type = await createType(db, body, (await loadSettings(db)).currency);
  await writeAudit(db, c.get("user"), { action: "create", entity: "certificate_type", entityId: type.id, after: type });
  return c.json({ type }, 201);
});

certificateTypesAdminRoutes.patch("/:id", doc({ tag: "Back office", summary: "Rename a certificate type, change its validity, or stop selling it", access: "admin", params: { id: "Type id" }, body: CertificateTypePatch, responses: { 200: ["The type", TypeEnvelope], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const patch = await jsonBody(c, CertificateTypePatch);
  const db = requestDb(c);
  const row = ensureFound(await patchType(db, id, patch), `Certificate type ${id}`);
  await writeAudit(db, c.get("user"), { action: "update", entity: "certificate_type", entityId: id, after: patch });
  return c.json({ type: typeView(row, null) });
});

const ListQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
  status: v.optional(CertificateStatus),
  limit: v.optional(v.pipe(QueryCount("limit", 200), v.minValue(1, "limit must be at least 1")), "50"),
  offset: v.optional(QueryCount("offset", 1_000_000), "0"),
});

certificatesAdminRoutes.get("/", doc({ tag: "Back office", summary: "Certificates, newest first; `q` finds a code or a recipient's name, phone or email", access: "admin", query: ListQuery, responses: { 200: ["A page of certificates", CertificateList] } }), async (c) => {
  const q = parseWith(ListQuery, c.req.query(), "query");
  return c.json({ certificates: (await listCertificates(requestDb(c), q)).map(certificateView) });
});

certificatesAdminRoutes.post("/", doc({ tag: "Back office", summary: "Issue a gift certificate at the desk", description: "`amount_minor` or a `type_id`. Paid at the salon's till, which fiscalises the sale: no online receipt is sent. Valid for `validity_months` (the type's, else 12).", access: "admin", body: IssueCertificateBody, responses: { 201: ["The certificate with its code", CertificateEnvelope], 404: "`not_found`: no such type on sale" } }), async (c) => {
  const body = await jsonBody(c, IssueCertificateBody);
  const db = requestDb(c);
  const row = await issueAtDesk(db, c.get("user"), body, await loadSettings(db), new Date());
  return c.json({ certificate: certificateView(row) }, 201);
});

const LedgerEntry = v.object({ id: v.number(), kind: v.string(), amount_minor: v.number(), booking_id: v.nullable(v.number()), at: v.string() });
const CertificateDetail = v.object({ certificate: Certificate, ledger: v.array(LedgerEntry) });

certificatesAdminRoutes.get("/:id", doc({ tag: "Back office", summary: "A certificate with every change of its balance", access: "admin", params: { id: "Certificate id" }, responses: { 200: ["The certificate and its ledger", CertificateDetail], 404: "`not_found`" } }), async (c) => {
  const db = requestDb(c);
  const id = idParam(c);
  const row = ensureFound(await findCertificate(db, id), `Certificate ${id}`);
  const ledger = (await ledgerOf(db, id)).map((e) => ({ id: e.id, kind: e.kind, amount_minor: e.amountMinor, booking_id: e.bookingId, at: e.createdAt }));
  return c.json({ certificate: certificateView(row), ledger });
});

for (const how of ["void", "refund"] as const) {
  const summary = how === "void" ? "Void a certificate (its balance goes to zero), with a reason" : "Refund a certificate: its unspent balance goes back (through the provider for an online sale; at the till for a desk sale), with a reason";
  certificatesAdminRoutes.post(`/:id/${how}`, doc({ tag: "Back office", summary, access: "admin", params: { id: "Certificate id" }, body: CertificateEndBody, responses: { 200: ["The ended certificate", CertificateEnvelope], 404: "`not_found`", 409: "`certificate_not_active`", 502: "`payment_provider_error`" } }), async (c) => {
    const id = idParam(c);
    const { reason } = await jsonBody(c, CertificateEndBody);
    const db = requestDb(c);
    const row = ensureFound(await findCertificate(db, id), `Certificate ${id}`);
    if (row.status !== "active") throw new AppError("certificate_not_active", `A ${row.status} certificate cannot be ended again`, { status: row.status });
    if (how === "refund") await refundSale(db, c.env, row);
    return c.json({ certificate: certificateView(await endCertificate(db, c.get("user"), row, how, reason, new Date())) });
  });
}

certificatesAdminRoutes.post("/:id/extend", doc({ tag: "Back office", summary: "Extend a certificate's validity, with a reason", access: "admin", params: { id: "Certificate id" }, body: CertificateExtendBody, responses: { 200: ["The certificate", CertificateEnvelope], 404: "`not_found`", 409: "`certificate_not_active`" } }), async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, CertificateExtendBody);
  const db = requestDb(c);
  const row = ensureFound(await findCertificate(db, id), `Certificate ${id}`);
  const settings = await loadSettings(db);
  const until = instantIn(body.expires_at, settings.timeZone, "expires_at");
  return c.json({ certificate: certificateView(await extendCertificate(db, c.get("user"), row, until, body.reason)) });
});

certificatesAdminRoutes.post("/redeem", doc({ tag: "Back office", summary: "Pay (part of) what is left of a booking with a certificate at the visit", description: "Takes `amount_minor` (default: all that is left to pay, at most the balance) from the certificate in one guarded statement keyed by the Idempotency-Key, so a retry spends nothing twice.", access: "admin", idempotencyKey: true, body: CertificateRedeemBody, responses: { 200: ["The booking with its money after the certificate", BookingEnvelope], 404: "`not_found`: no such booking", 409: "`booking_not_active`, `already_paid`", 422: "`certificate_not_found`, `certificate_expired`, `certificate_used_up`, `certificate_void`, `certificate_wrong_service`" } }), async (c) => {
  const header = c.req.header("idempotency-key");
  if (!header) throw new AppError("idempotency_key_required", "Send an Idempotency-Key header (a fresh UUID per redemption)");
  const key = parseWith(IdempotencyKey, header, "Idempotency-Key");
  const body = await jsonBody(c, CertificateRedeemBody);
  const db = requestDb(c);
  const booking = ensureFound(await findBooking(db, body.booking_id), `Booking ${body.booking_id}`);
  const code = normaliseCode(body.certificate_code);
  const cert = code ? await certificateByCode(db, code) : null;
  const done = await redeemAtVisit(db, c.get("user"), booking, cert, body.amount_minor, key, new Date());
  const settings = await loadSettings(db);
  return c.json({ booking: (await bookingViews(db, [done.booking], settings.timeZone))[0]! });
});
