// The closing receipt for a visit paid (partly) by a gift certificate sold
// online: its sale went out as an advance (certificate-sale.ts), so once the
// service is delivered the advance is settled against it: `POST /v3/receipts`
// about the certificate's payment, the visit's lines in `full_payment` mode
// for the certificate's part, with a `prepayment` settlement of that amount.
// A certificate sold at the desk was fiscalised by the salon's own till when
// it was paid; settling it is that till's job, so nothing is sent for it here.
import type { Env } from "../env.js";
import type { BookingRow } from "../repo/bookings.js";
import { findCertificate } from "../repo/certificates.js";
import { type Db, schema as s } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { type AdvanceProduct, retrySettlements, sendOnce, type SettlementStatus } from "./advance-settlements.js";
import { bookingReceipt } from "./receipt-data.js";
import { reshapeReceipt } from "./receipt.js";

const certificates: AdvanceProduct = {
  name: "certificates",
  table: s.certificateSettlements,
  advanceOf: async (db, row) => (await findCertificate(db, (row as typeof s.certificateSettlements.$inferSelect).certificateId))!,
  // The visit's lines for the certificate's part.
  async receipt(db, booking, amountMinor, advance) {
    const settings = await loadSettings(db);
    const lines = await bookingReceipt(db, booking, amountMinor, advance.customer, settings);
    return reshapeReceipt(lines, amountMinor, "full_payment");
  },
};

/** Right after a booking is completed: writes (once) and sends the receipt its certificate part owes. */
export async function settleCertificatePart(db: Db, env: Env, booking: BookingRow): Promise<SettlementStatus | "not_owed"> {
  if (booking.certificateId === null || booking.certificateMinor <= 0 || booking.status !== "completed") return "not_owed";
  const cert = await findCertificate(db, booking.certificateId);
  if (!cert || cert.soldBy !== "online" || !cert.receipt || !cert.providerPaymentId) return "not_owed";
  await db
    .insert(s.certificateSettlements)
    .values({ bookingId: booking.id, certificateId: cert.id, amountMinor: booking.certificateMinor, idempotenceKey: `cert-settle-${booking.id}-${cert.providerPaymentId}`.slice(0, 64) })
    .onConflictDoNothing();
  return sendOnce(db, env, certificates, booking);
}

/** From the cron: every certificate settlement the provider has not accepted yet, again. */
export const retryCertificateSettlements = (db: Db, env: Env, now: Date) => retrySettlements(db, env, certificates, now);
