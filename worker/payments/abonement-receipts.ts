// The closing receipt for a visit paid by an abonement sold online: the sale
// went out as an advance (abonement-sale.ts), so once the visit is delivered
// its share of the advance (the use's value) is settled against the service:
// `POST /v3/receipts` about the abonement's payment, the service's line in
// `full_payment` mode with a `prepayment` settlement of that amount. One row
// per booking, sent at once and retried by the cron until the provider takes
// it. A desk sale was fiscalised by the salon's own till: nothing is sent.
import { eq } from "drizzle-orm";
import type { Env } from "../env.js";
import type { BookingRow } from "../repo/bookings.js";
import { findAbonement, useOfBooking } from "../repo/abonements.js";
import { type Db, schema as s } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { type AdvanceProduct, retrySettlements, sendOnce, type SettlementStatus } from "./advance-settlements.js";
import { paymentReceipt } from "./receipt.js";

const abonements: AdvanceProduct = {
  name: "abonements",
  table: s.abonementSettlements,
  advanceOf: async (db, row) => (await findAbonement(db, (row as typeof s.abonementSettlements.$inferSelect).abonementId))!,
  // The service's line for the visit's share.
  async receipt(db, booking, amountMinor, advance) {
    const [settings, [service]] = await Promise.all([
      loadSettings(db),
      booking.serviceId === null ? Promise.resolve([]) : db.select({ name: s.services.name }).from(s.services).where(eq(s.services.id, booking.serviceId)).limit(1),
    ]);
    const line = { description: service?.name ?? `Запись №${booking.id}`, priceMinor: amountMinor };
    return paymentReceipt([line], amountMinor, "full_payment", advance.customer, booking.currency, { vatCode: settings.receiptVatCode, taxSystemCode: settings.receiptTaxSystemCode });
  },
};

/** Right after a booking is completed: writes (once) and sends the receipt its abonement visit owes. */
export async function settleAbonementPart(db: Db, env: Env, booking: BookingRow): Promise<SettlementStatus | "not_owed"> {
  if (booking.abonementId === null || booking.status !== "completed") return "not_owed";
  const [abonement, use] = await Promise.all([findAbonement(db, booking.abonementId), useOfBooking(db, booking.id)]);
  if (!abonement || abonement.soldBy !== "online" || !abonement.receipt || !abonement.providerPaymentId) return "not_owed";
  if (!use || use.status !== "spent" || use.valueMinor <= 0) return "not_owed";
  await db
    .insert(s.abonementSettlements)
    .values({ bookingId: booking.id, abonementId: abonement.id, amountMinor: use.valueMinor, idempotenceKey: `abon-settle-${booking.id}-${abonement.providerPaymentId}`.slice(0, 64) })
    .onConflictDoNothing();
  return sendOnce(db, env, abonements, booking);
}

/** From the cron: every abonement settlement the provider has not accepted yet, again. */
export const retryAbonementSettlements = (db: Db, env: Env, now: Date) => retrySettlements(db, env, abonements, now);
