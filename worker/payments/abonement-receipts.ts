// The closing receipt for a visit paid by an abonement sold online: the sale
// went out as an advance (abonement-sale.ts), so once the visit is delivered
// its share of the advance (the use's value) is settled against the service:
// `POST /v3/receipts` about the abonement's payment, the service's line in
// `full_payment` mode with a `prepayment` settlement of that amount. One row
// per booking, sent at once and retried by the cron until the provider takes
// it. A desk sale was fiscalised by the salon's own till: nothing is sent.
import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Env } from "../env.js";
import { log } from "../lib/log.js";
import { type BookingRow, findBooking } from "../repo/bookings.js";
import { findAbonement, useOfBooking } from "../repo/abonements.js";
import { type Db, schema as s } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { ProviderError } from "./provider.js";
import { providerFor } from "./providers.js";
import { paymentReceipt, type Receipt } from "./receipt.js";

type SettlementRow = typeof s.abonementSettlements.$inferSelect;

const RETRY_AFTER_MS = 60_000;

/** Right after a booking is completed: writes (once) and sends the receipt its abonement visit owes. */
export async function settleAbonementPart(db: Db, env: Env, booking: BookingRow): Promise<SettlementRow["status"] | "not_owed"> {
  if (booking.abonementId === null || booking.status !== "completed") return "not_owed";
  const [abonement, use] = await Promise.all([findAbonement(db, booking.abonementId), useOfBooking(db, booking.id)]);
  if (!abonement || abonement.soldBy !== "online" || !abonement.receipt || !abonement.providerPaymentId) return "not_owed";
  if (!use || use.status !== "spent" || use.valueMinor <= 0) return "not_owed";
  await db
    .insert(s.abonementSettlements)
    .values({ bookingId: booking.id, abonementId: abonement.id, amountMinor: use.valueMinor, idempotenceKey: `abon-settle-${booking.id}-${abonement.providerPaymentId}`.slice(0, 64) })
    .onConflictDoNothing();
  const [row] = await db.select().from(s.abonementSettlements).where(eq(s.abonementSettlements.bookingId, booking.id)).limit(1);
  return row!.status === "sent" ? "sent" : send(db, env, row!, booking);
}

/** The service's line for the visit's share, to the customer the advance receipt went to. */
async function settlementReceipt(db: Db, booking: BookingRow, amountMinor: number, advance: Receipt): Promise<Receipt> {
  const [settings, [service]] = await Promise.all([
    loadSettings(db),
    booking.serviceId === null ? Promise.resolve([]) : db.select({ name: s.services.name }).from(s.services).where(eq(s.services.id, booking.serviceId)).limit(1),
  ]);
  const line = { description: service?.name ?? `Запись №${booking.id}`, priceMinor: amountMinor };
  return paymentReceipt([line], amountMinor, "full_payment", advance.customer, booking.currency, { vatCode: settings.receiptVatCode, taxSystemCode: settings.receiptTaxSystemCode });
}

/** One attempt; never throws, the row records what happened. */
async function send(db: Db, env: Env, row: SettlementRow, booking: BookingRow): Promise<SettlementRow["status"]> {
  const abonement = (await findAbonement(db, row.abonementId))!;
  const note = (status: SettlementRow["status"], extra: { providerReceiptId?: string; lastError?: string }) =>
    db.update(s.abonementSettlements).set({ status, ...extra, attempts: sql`${s.abonementSettlements.attempts} + 1`, updatedAt: new Date().toISOString() }).where(and(eq(s.abonementSettlements.id, row.id), sql`${s.abonementSettlements.status} != 'sent'`));
  try {
    const receipt = await settlementReceipt(db, booking, row.amountMinor, JSON.parse(abonement.receipt!) as Receipt);
    const answer = await providerFor(env, db, abonement.provider!).sendSettlementReceipt({ providerPaymentId: abonement.providerPaymentId!, receipt }, row.idempotenceKey);
    await note("sent", { providerReceiptId: answer.id, lastError: undefined });
    log("info", "abonements: closing receipt sent", { booking_id: booking.id, abonement_id: abonement.id });
    return "sent";
  } catch (error) {
    const refused = error instanceof ProviderError && (error.kind === "rejected" || error.kind === "not_found");
    const status = refused ? "failed" : "pending";
    const reason = error instanceof ProviderError ? `${error.kind}: ${error.message}` : String(error);
    await note(status, { lastError: reason.slice(0, 500) });
    log(refused ? "error" : "warn", "abonements: closing receipt not sent", { booking_id: booking.id, abonement_id: abonement.id, status, error: reason });
    return status;
  }
}

/** From the cron: every abonement settlement the provider has not accepted yet, again. */
export async function retryAbonementSettlements(db: Db, env: Env, now: Date): Promise<{ retried: number; sent: number }> {
  const due = await db
    .select()
    .from(s.abonementSettlements)
    .where(and(inArray(s.abonementSettlements.status, ["pending", "failed"]), lt(s.abonementSettlements.updatedAt, new Date(now.getTime() - RETRY_AFTER_MS).toISOString())))
    .orderBy(asc(s.abonementSettlements.updatedAt))
    .limit(20);
  let sent = 0;
  for (const row of due) {
    const booking = await findBooking(db, row.bookingId);
    if (booking && (await send(db, env, row, booking)) === "sent") sent += 1;
  }
  return { retried: due.length, sent };
}
