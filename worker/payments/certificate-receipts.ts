// The closing receipt for a visit paid (partly) by a gift certificate sold
// online: its sale went out as an advance (certificate-sale.ts), so once the
// service is delivered the advance is settled against it: `POST /v3/receipts`
// about the certificate's payment, the visit's lines in `full_payment` mode
// for the certificate's part, with a `prepayment` settlement of that amount.
// A certificate sold at the desk was fiscalised by the salon's own till when
// it was paid; settling it is that till's job, so nothing is sent for it here.
import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Env } from "../env.js";
import { log } from "../lib/log.js";
import type { BookingRow } from "../repo/bookings.js";
import { findBooking } from "../repo/bookings.js";
import { findCertificate } from "../repo/certificates.js";
import { type Db, schema as s } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { ProviderError } from "./provider.js";
import { providerFor } from "./providers.js";
import { bookingReceipt } from "./receipt-data.js";
import { type Receipt, reshapeReceipt } from "./receipt.js";

type SettlementRow = typeof s.certificateSettlements.$inferSelect;

const RETRY_AFTER_MS = 60_000;

/** Right after a booking is completed: writes (once) and sends the receipt its certificate part owes. */
export async function settleCertificatePart(db: Db, env: Env, booking: BookingRow): Promise<SettlementRow["status"] | "not_owed"> {
  if (booking.certificateId === null || booking.certificateMinor <= 0 || booking.status !== "completed") return "not_owed";
  const cert = await findCertificate(db, booking.certificateId);
  if (!cert || cert.soldBy !== "online" || !cert.receipt || !cert.providerPaymentId) return "not_owed";
  await db
    .insert(s.certificateSettlements)
    .values({ bookingId: booking.id, certificateId: cert.id, amountMinor: booking.certificateMinor, idempotenceKey: `cert-settle-${booking.id}-${cert.providerPaymentId}`.slice(0, 64) })
    .onConflictDoNothing();
  const [row] = await db.select().from(s.certificateSettlements).where(eq(s.certificateSettlements.bookingId, booking.id)).limit(1);
  return row!.status === "sent" ? "sent" : send(db, env, row!, booking);
}

/** The visit's lines for the certificate's part, to the customer the advance receipt went to. */
async function settlementReceipt(db: Db, booking: BookingRow, amountMinor: number, advance: Receipt): Promise<Receipt> {
  const settings = await loadSettings(db);
  const lines = await bookingReceipt(db, booking, amountMinor, advance.customer, settings);
  return reshapeReceipt(lines, amountMinor, "full_payment");
}

/** One attempt; never throws, the row records what happened. */
async function send(db: Db, env: Env, row: SettlementRow, booking: BookingRow): Promise<SettlementRow["status"]> {
  const cert = (await findCertificate(db, row.certificateId))!;
  const note = (status: SettlementRow["status"], extra: { providerReceiptId?: string; lastError?: string }) =>
    db.update(s.certificateSettlements).set({ status, ...extra, attempts: sql`${s.certificateSettlements.attempts} + 1`, updatedAt: new Date().toISOString() }).where(and(eq(s.certificateSettlements.id, row.id), sql`${s.certificateSettlements.status} != 'sent'`));
  try {
    const receipt = await settlementReceipt(db, booking, row.amountMinor, JSON.parse(cert.receipt!) as Receipt);
    const answer = await providerFor(env, db, cert.provider!).sendSettlementReceipt({ providerPaymentId: cert.providerPaymentId!, receipt }, row.idempotenceKey);
    await note("sent", { providerReceiptId: answer.id, lastError: undefined });
    log("info", "certificates: closing receipt sent", { booking_id: booking.id, certificate_id: cert.id });
    return "sent";
  } catch (error) {
    const refused = error instanceof ProviderError && (error.kind === "rejected" || error.kind === "not_found");
    const status = refused ? "failed" : "pending";
    const reason = error instanceof ProviderError ? `${error.kind}: ${error.message}` : String(error);
    await note(status, { lastError: reason.slice(0, 500) });
    log(refused ? "error" : "warn", "certificates: closing receipt not sent", { booking_id: booking.id, certificate_id: cert.id, status, error: reason });
    return status;
  }
}

/** From the cron: every certificate settlement the provider has not accepted yet, again. */
export async function retryCertificateSettlements(db: Db, env: Env, now: Date): Promise<{ retried: number; sent: number }> {
  const due = await db
    .select()
    .from(s.certificateSettlements)
    .where(and(inArray(s.certificateSettlements.status, ["pending", "failed"]), lt(s.certificateSettlements.updatedAt, new Date(now.getTime() - RETRY_AFTER_MS).toISOString())))
    .orderBy(asc(s.certificateSettlements.updatedAt))
    .limit(20);
  let sent = 0;
  for (const row of due) {
    const booking = await findBooking(db, row.bookingId);
    if (booking && (await send(db, env, row, booking)) === "sent") sent += 1;
  }
  return { retried: due.length, sent };
}
