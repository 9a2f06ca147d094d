// /admin/bookings/{id}: the calendar's side panel — the booking with its
// client, payments, refunds, fiscal receipts, money summary and history. Changes go through PATCH /bookings/{id}.
import { doc } from "../../http/openapi.js";
import { BookingDetail } from "../../contracts/admin.js";
import { idParam } from "../../http/validate.js";
import { loadMoney, moneySummary, receiptsOf } from "../../payments/money-summary.js";
import { paymentView } from "../../payments/views.js";
import { listAudit } from "../../repo/audit.js";
import { findClient } from "../../repo/clients.js";
import { type Db, requestDb } from "../../repo/db.js";
import type { BookingRow } from "../../repo/bookings.js";
import { loadSettings } from "../../repo/settings.js";
import { visibleBooking } from "../../reservations/change.js";
import { bookingViews } from "../../reservations/views.js";
import { calendarApp } from "./access.js";

export const bookingDetailRoutes = calendarApp();

bookingDetailRoutes.get("/:id", doc({ tag: "Back office", summary: "A booking's side panel: the booking, its client, payments, refunds, fiscal receipts, the money summary and change history", description: "The booking's own master may read it too. `money_summary` adds up price, discounts, certificate, abonement, points, paid online, left to pay at the desk and refunds; a booking paid with its visit shows its share, and `payments` includes the visit's one payment.", access: "staff", params: { id: "Booking id" }, responses: { 200: ["The booking with client, payments, refunds and history", BookingDetail], 404: "`not_found`" } }), async (c) => {
  const db = requestDb(c);
  return c.json(await bookingDetail(db, await visibleBooking(db, c.get("user"), idParam(c))));
});

/** The side panel's answer for a booking the caller may see. */
export async function bookingDetail(db: Db, row: BookingRow): Promise<BookingDetail> {
  // onepay: its payments include its visit's one payment (through payment_items).
  const [settings, client, loaded, history] = await Promise.all([
    loadSettings(db),
    row.userId === null ? null : findClient(db, row.userId),
    loadMoney(db, row.id),
    listAudit(db, { entity: "booking", entityId: row.id, limit: 200, offset: 0 }),
  ]);
  const { payments, refunds } = loaded;
  const answer: BookingDetail = {
    booking: (await bookingViews(db, [row], settings.timeZone))[0]!,
    client: client && { id: client.id, name: client.name, phone: client.phone, notes: client.notes },
    payments: payments.map((p) => paymentView(p, row.status)),
    refunds: refunds.map((r) => ({
      id: r.id,
      payment_id: r.paymentId,
      amount: { amount_minor: r.amountMinor, currency: r.currency },
      status: r.status,
      reason: r.reason,
      created_at: r.createdAt,
    })),
    receipts: receiptsOf(loaded),
    money_summary: moneySummary(row, loaded),
    history: [...history.entries].reverse(),
  };
  return answer;
}
