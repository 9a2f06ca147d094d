// The closing receipt that settles an advance (a gift certificate or an
// abonement sold online) against a delivered visit: `POST /v3/receipts` about
// the advance's payment, with a `prepayment` settlement of the visit's share.
// One row per booking in the product's own settlements table, sent at once
// and retried by the cron until the provider takes it. What differs per
// product (which advance, which receipt lines) is the caller's; one attempt
// and the retries are here.
import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Env } from "../env.js";
import { log } from "../lib/log.js";
import { type BookingRow, findBooking } from "../repo/bookings.js";
import { type Db, schema as s } from "../repo/db.js";
import { ProviderError } from "./provider.js";
import { providerFor } from "./providers.js";
import type { Receipt } from "./receipt.js";

export type SettlementRow = typeof s.certificateSettlements.$inferSelect | typeof s.abonementSettlements.$inferSelect;
export type SettlementStatus = SettlementRow["status"];

/** The advance sale a settlement settles: its receipt and its payment at the provider. */
export interface Advance {
  id: number;
  receipt: string | null;
  provider: string | null;
  providerPaymentId: string | null;
}

export interface AdvanceProduct {
  /** For the logs: "certificates" or "abonements". */
  name: string;
  table: typeof s.certificateSettlements | typeof s.abonementSettlements;
  advanceOf(db: Db, row: SettlementRow): Promise<Advance>;
  /** The receipt's lines for the visit's share, to the customer the advance receipt went to. */
  receipt(db: Db, booking: BookingRow, amountMinor: number, advance: Receipt): Promise<Receipt>;
}

const RETRY_AFTER_MS = 60_000;

// The two settlements tables share every column used here.
const tableOf = (product: AdvanceProduct) => product.table as typeof s.certificateSettlements;

/** One attempt; never throws, the row records what happened. */
export async function sendSettlement(db: Db, env: Env, product: AdvanceProduct, row: SettlementRow, booking: BookingRow): Promise<SettlementStatus> {
  const t = tableOf(product);
  const advance = await product.advanceOf(db, row);
  const note = (status: SettlementStatus, extra: { providerReceiptId?: string; lastError?: string }) =>
    db.update(t).set({ status, ...extra, attempts: sql`${t.attempts} + 1`, updatedAt: new Date().toISOString() }).where(and(eq(t.id, row.id), sql`${t.status} != 'sent'`));
  const facts = { booking_id: booking.id, advance_id: advance.id };
  try {
    const receipt = await product.receipt(db, booking, row.amountMinor, JSON.parse(advance.receipt!) as Receipt);
    const answer = await providerFor(env, db, advance.provider!).sendSettlementReceipt({ providerPaymentId: advance.providerPaymentId!, receipt }, row.idempotenceKey);
    await note("sent", { providerReceiptId: answer.id, lastError: undefined });
    log("info", `${product.name}: closing receipt sent`, facts);
    return "sent";
  } catch (error) {
    const refused = error instanceof ProviderError && (error.kind === "rejected" || error.kind === "not_found");
    const status = refused ? "failed" : "pending";
    const reason = error instanceof ProviderError ? `${error.kind}: ${error.message}` : String(error);
    await note(status, { lastError: reason.slice(0, 500) });
    log(refused ? "error" : "warn", `${product.name}: closing receipt not sent`, { ...facts, status, error: reason });
    return status;
  }
}

/** The booking's settlement row once written (insert it with onConflictDoNothing first), sent unless it already went. */
export async function sendOnce(db: Db, env: Env, product: AdvanceProduct, booking: BookingRow): Promise<SettlementStatus> {
  const t = tableOf(product);
  const [row] = await db.select().from(t).where(eq(t.bookingId, booking.id)).limit(1);
  return row!.status === "sent" ? "sent" : sendSettlement(db, env, product, row!, booking);
}

/** From the cron: every settlement the provider has not accepted yet, again. */
export async function retrySettlements(db: Db, env: Env, product: AdvanceProduct, now: Date): Promise<{ retried: number; sent: number }> {
  const t = tableOf(product);
  const due = await db
    .select()
    .from(t)
    .where(and(inArray(t.status, ["pending", "failed"]), lt(t.updatedAt, new Date(now.getTime() - RETRY_AFTER_MS).toISOString())))
    .orderBy(asc(t.updatedAt))
    .limit(20);
  let sent = 0;
  for (const row of due) {
    const booking = await findBooking(db, row.bookingId);
    if (booking && (await sendSettlement(db, env, product, row, booking)) === "sent") sent += 1;
  }
  return { retried: due.length, sent };
}
