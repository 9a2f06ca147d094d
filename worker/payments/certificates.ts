// Gift certificates: what one is worth to a booking, its view, and the
// balance changes the salon makes (issue at the desk, give back on a cancel,
// void, refund, extend). Every balance change goes through the guarded
// statements in repo/certificates.ts; the salon's own changes are audited.
import { eq } from "drizzle-orm";
import { log } from "../lib/log.js";
import type { User } from "../contracts/auth.js";
import type { Certificate, IssueCertificateBody } from "../contracts/certificates.js";
import { AppError } from "../errors.js";
import { auditInsert, writeAudit } from "../repo/audit.js";
import { type BookingRow, findBooking } from "../repo/bookings.js";
import { moneyOf } from "../repo/payments.js";
import { bookingMoney } from "./booking-money.js";
import { type Db, schema as s } from "../repo/db.js";
import { changeBalance, type CertificateRow, findCertificate, findType, insertCertificate, isCertificateRefusal, ledgerEntryByKey } from "../repo/certificates.js";
import { activeServiceRow } from "../repo/catalog.js";
import type { SalonSettings } from "../repo/settings.js";
import { formatCode, newCertificateCode } from "./certificate-codes.js";
import { MIN_PROVIDER_AMOUNT_MINOR } from "./loyalty.js";
import { readAppointment } from "../booking/appointment.js";

export function certificateView(row: CertificateRow): Certificate {
  const recipient = row.recipientName || row.recipientPhone || row.recipientEmail;
  return {
    id: row.id,
    code: row.status === "awaiting_payment" || row.status === "canceled" ? null : formatCode(row.code),
    status: row.status,
    balance: { amount_minor: row.balanceMinor, currency: row.currency },
    initial: { amount_minor: row.initialMinor, currency: row.currency },
    expires_at: row.expiresAt,
    sold_by: row.soldBy,
    type_id: row.typeId,
    service_id: row.serviceId,
    recipient: recipient ? { name: row.recipientName, phone: row.recipientPhone, email: row.recipientEmail } : null,
    message: row.message,
    send_at: row.sendAt,
    end_reason: row.endReason,
    created_at: row.createdAt,
  };
}

/** `months` calendar months after `from` (the last day of a shorter month when the day does not exist). */
export function monthsAfter(from: Date, months: number): string {
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString();
}

/**
 * The certificate a booking may be paid with, or the 422 naming why not.
 * `row` is the lookup by code (null: no such code).
 */
export function usableCertificate(row: CertificateRow | null, serviceId: number, now: Date): CertificateRow {
  if (!row || row.status === "awaiting_payment" || row.status === "canceled") {
    throw new AppError("certificate_not_found", "There is no certificate with this code; check it and try again", { field: "certificate_code" });
  }
  if (row.status === "void" || row.status === "refunded") {
    throw new AppError("certificate_void", "This certificate was cancelled by the salon", { field: "certificate_code" });
  }
  if (Date.parse(row.expiresAt) <= now.getTime()) {
    throw new AppError("certificate_expired", `This certificate expired on ${row.expiresAt.slice(0, 10)}`, { field: "certificate_code", expires_at: row.expiresAt });
  }
  if (row.balanceMinor <= 0) throw new AppError("certificate_used_up", "This certificate has been used up", { field: "certificate_code" });
  if (row.serviceId !== null && row.serviceId !== serviceId) {
    throw new AppError("certificate_wrong_service", "This certificate is for another service", { field: "certificate_code", service_id: row.serviceId });
  }
  return row;
}

/**
 * What a certificate does to a booking's money: it pays up to the whole
 * price (after any discount); its part comes off the prepayment first, since
 * the salon already holds that money. A remainder too small for the provider
 * to charge is not asked for.
 */
export function certificatePart(cert: CertificateRow | null | undefined, priced: { totalMinor: number; prepaymentMinor: number }) {
  if (!cert) return { certificateId: null, certificateMinor: 0, prepaymentMinor: priced.prepaymentMinor };
  const part = Math.min(cert.balanceMinor, priced.totalMinor);
  let prepayment = Math.max(0, priced.prepaymentMinor - part);
  if (prepayment > 0 && prepayment < MIN_PROVIDER_AMOUNT_MINOR) prepayment = 0;
  return { certificateId: cert.id, certificateMinor: part, prepaymentMinor: prepayment };
}

export async function issueAtDesk(db: Db, actor: User, body: IssueCertificateBody, settings: Pick<SalonSettings, "currency">, now: Date): Promise<CertificateRow> {
  const priced = await priceOf(db, body.type_id, body.amount_minor);
  const months = body.validity_months ?? priced.validityMonths;
  const row = await insertCertificate(db, {
    code: newCertificateCode(),
    typeId: body.type_id ?? null,
    serviceId: priced.serviceId,
    initialMinor: priced.amountMinor,
    balanceMinor: priced.amountMinor,
    currency: settings.currency,
    status: "active",
    expiresAt: monthsAfter(now, months),
    recipientName: body.recipient?.name ?? null,
    recipientPhone: body.recipient?.phone ?? null,
    recipientEmail: body.recipient?.email ?? null,
    message: body.message ?? null,
    soldBy: "desk",
    issuedById: actor.id,
  });
  // The code is the certificate's money: the audit log keeps the rest, not the code.
  await writeAudit(db, actor, { action: "issue", entity: "certificate", entityId: row.id, after: { amount_minor: row.initialMinor, expires_at: row.expiresAt, sold_by: "desk" } });
  return row;
}

/** The amount, service and validity a sale is for: a type, or a free amount. */
export async function priceOf(db: Db, typeId: number | undefined, amountMinor: number | undefined): Promise<{ amountMinor: number; serviceId: number | null; validityMonths: number; name: string }> {
  if (typeId === undefined) {
    if (amountMinor === undefined) throw new AppError("validation_failed", "Give amount_minor or type_id", { fields: ["amount_minor", "type_id"] });
    return { amountMinor, serviceId: null, validityMonths: 12, name: "Подарочный сертификат" };
  }
  const type = await findType(db, typeId);
  if (!type || !type.active) throw new AppError("not_found", `Certificate type ${typeId} does not exist or is not sold`);
  if (type.kind === "amount") return { amountMinor: type.amountMinor!, serviceId: null, validityMonths: type.validityMonths, name: type.name };
  const service = await activeServiceRow(db, type.serviceId!);
  if (!service) throw new AppError("not_found", `The service of certificate type ${typeId} is not offered any more`);
  return { amountMinor: service.priceMinor, serviceId: service.id, validityMonths: type.validityMonths, name: type.name };
}

/** A cancel gives back the certificate's part in the same share as the policy refunds money (once per booking). */
export async function returnOnCancel(db: Db, booking: BookingRow, percent: number, now: Date): Promise<void> {
  const back = Math.floor((booking.certificateMinor * percent) / 100);
  if (booking.certificateId === null || back <= 0) return;
  await changeBalance(db, { certificateId: booking.certificateId, deltaMinor: back, kind: "return", dedupeKey: `return:booking:${booking.id}`, bookingId: booking.id, now: now.toISOString() });
}

const lapseKey = (bookingId: number) => `lapse:booking:${bookingId}`;

/**
 * An unpaid hold that ran out gives its certificate part back, once, and only
 * while the booking is still cancelled: a late payment may have brought it
 * back meanwhile, and then the part stays spent.
 */
export async function returnOnLapse(db: Db, booking: BookingRow, now: Date): Promise<void> {
  if (booking.certificateId === null || booking.certificateMinor <= 0) return;
  await changeBalance(db, {
    certificateId: booking.certificateId,
    deltaMinor: booking.certificateMinor,
    kind: "return",
    dedupeKey: lapseKey(booking.id),
    bookingId: booking.id,
    now: now.toISOString(),
    onlyIf: { sql: "exists (select 1 from bookings where id = ? and status = 'cancelled')", args: [booking.id] },
  });
}

/**
 * A booking a late payment brought back takes its certificate part again if
 * the lapse gave it back. When the certificate can no longer pay it (spent
 * elsewhere, ended, expired), the part is left to pay at the salon instead:
 * the booking's certificate share goes to zero. Returns the row as it is now.
 */
export async function respendOnReinstate(db: Db, booking: BookingRow, now: Date): Promise<BookingRow> {
  if (booking.certificateId === null || booking.certificateMinor <= 0) return booking;
  try {
    await changeBalance(db, {
      certificateId: booking.certificateId,
      deltaMinor: -booking.certificateMinor,
      kind: "spend",
      dedupeKey: `respend:booking:${booking.id}`,
      bookingId: booking.id,
      now: now.toISOString(),
      onlyIf: { sql: "exists (select 1 from certificate_ledger where dedupe_key = ?)", args: [lapseKey(booking.id)] },
    });
    return booking;
  } catch (error) {
    if (!isCertificateRefusal(error)) throw error;
    await db.update(s.bookings).set({ certificateMinor: 0, certificateId: null }).where(eq(s.bookings.id, booking.id));
    log("warn", "certificates: a reinstated booking's certificate could not pay its part again", { booking_id: booking.id });
    return { ...booking, certificateMinor: 0, certificateId: null };
  }
}

/**
 * Ends a certificate: `void` (a mistake, a fraud) or `refund` (the money
 * went back: at the till for a desk sale, through the provider for an online
 * one, by the caller). Its balance goes to zero in the guarded way; audited.
 */
export async function endCertificate(db: Db, actor: User, row: CertificateRow, how: "void" | "refund", reason: string, now: Date): Promise<CertificateRow> {
  if (row.status !== "active") throw new AppError("certificate_not_active", `A ${row.status} certificate cannot be ended again`, { status: row.status });
  const status = how === "void" ? "void" : "refunded";
  const at = now.toISOString();
  const left = row.balanceMinor;
  // Balance to zero and the status in one batch; the ledger row records what was taken off.
  await db.$client.batch(
    [
      { sql: `insert into certificate_ledger (certificate_id, amount_minor, kind, dedupe_key, actor_id) select id, -balance_minor, ?, ?, ? from certificates where id = ? and status = 'active'`, args: [how, `${how}:certificate:${row.id}`, actor.id, row.id] },
      { sql: `update certificates set balance_minor = 0, status = ?, end_reason = ?, updated_at = ? where id = ? and status = 'active'`, args: [status, reason, at, row.id] },
    ],
    "write",
  );
  await writeAudit(db, actor, { action: how, entity: "certificate", entityId: row.id, before: { status: row.status, balance_minor: left }, after: { status, balance_minor: 0, reason } });
  return { ...row, status, balanceMinor: 0, endReason: reason, updatedAt: at };
}

export async function extendCertificate(db: Db, actor: User, row: CertificateRow, expiresAt: string, reason: string): Promise<CertificateRow> {
  if (row.status !== "active") throw new AppError("certificate_not_active", `A ${row.status} certificate cannot be extended`, { status: row.status });
  if (expiresAt <= row.expiresAt) throw new AppError("validation_failed", "expires_at must be later than the certificate's current expiry", { expires_at: row.expiresAt });
  await db.batch([
    db.update(s.certificates).set({ expiresAt, updatedAt: new Date().toISOString() }).where(eq(s.certificates.id, row.id)),
    auditInsert(db, actor, { action: "extend", entity: "certificate", entityId: row.id, before: { expires_at: row.expiresAt }, after: { expires_at: expiresAt, reason } }),
  ]);
  return { ...row, expiresAt };
}

/**
 * The admin takes (part of) what is left to pay of a booking from a
 * certificate at the visit: one guarded spend, keyed by the request, with the
 * booking's share in the same batch; audited.
 */
export async function redeemAtVisit(db: Db, actor: User, booking: BookingRow, cert: CertificateRow | null, asked: number | undefined, key: string, now: Date): Promise<{ booking: BookingRow; certificate: CertificateRow; spent: number }> {
  const dedupeKey = `visit:${booking.id}:${key}`;
  // A retry of a redemption that went through answers what it did.
  const done = await ledgerEntryByKey(db, dedupeKey);
  if (done && cert?.id === done.certificateId) return { booking, certificate: cert, spent: -done.amountMinor };
  if (booking.serviceId === null || !["pending", "confirmed", "completed"].includes(booking.status)) {
    throw new AppError("booking_not_active", `A ${booking.status} booking is not paid at the desk`);
  }
  const usable = usableCertificate(cert, booking.serviceId, now);
  if (booking.certificateId !== null && booking.certificateId !== usable.id) {
    throw new AppError("already_paid", "Another certificate already pays this booking", { certificate_id: booking.certificateId });
  }
  const money = bookingMoney(booking, await moneyOf(db, [booking.id]));
  const spend = Math.min(asked ?? money.left_to_pay.amount_minor, money.left_to_pay.amount_minor, usable.balanceMinor);
  if (spend <= 0) throw new AppError("already_paid", "Nothing is left to pay for this booking");
  let outcome;
  try {
    outcome = await changeBalance(db, { certificateId: usable.id, deltaMinor: -spend, kind: "spend", dedupeKey, bookingId: booking.id, actorId: actor.id, now: now.toISOString() }, [
      // Only when the spend above applied (the ledger row just went in).
      { sql: `update bookings set certificate_id = ?, certificate_minor = certificate_minor + ?, updated_at = ? where id = ? and changes() = 1`, args: [usable.id, spend, now.toISOString(), booking.id] },
    ]);
  } catch (error) {
    if (isCertificateRefusal(error)) throw new AppError("certificate_used_up", "The certificate's balance changed meanwhile; check it and try again", { field: "certificate_code" });
    throw error;
  }
  if (outcome === "applied") {
    await writeAudit(db, actor, { action: "redeem", entity: "certificate", entityId: usable.id, before: { balance_minor: usable.balanceMinor }, after: { balance_minor: usable.balanceMinor - spend, booking_id: booking.id, amount_minor: spend } });
  }
  const [fresh, freshCert] = await Promise.all([findBooking(db, booking.id), findCertificate(db, usable.id)]);
  return { booking: fresh!, certificate: freshCert!, spent: outcome === "not_active" ? 0 : spend };
}

/** A date-time a client sent (salon wall time, or an instant with an offset) as a UTC instant; 400 when it does not exist. */
export function instantIn(value: string, zone: string, field: string): string {
  const read = readAppointment(value, zone);
  if (typeof read === "string") throw new AppError("validation_failed", `${field} is not a real local time`, { field });
  return read.instant.toISOString();
}
