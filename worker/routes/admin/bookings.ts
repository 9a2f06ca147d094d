// /admin/bookings/{id}: the calendar's side panel — the booking with its
// client, payments, refunds, fiscal receipts and history. Changes go through PATCH /bookings/{id}.
import { asc, eq, inArray } from "drizzle-orm";
import { doc } from "../../http/openapi.js";
import { BookingDetail } from "../../contracts/admin.js";
import { idParam } from "../../http/validate.js";
import { receiptViews } from "../../payments/receipt-views.js";
import { paymentView } from "../../payments/views.js";
import { listAudit } from "../../repo/audit.js";
import { findClient } from "../../repo/clients.js";
import { requestDb, schema as s } from "../../repo/db.js";
import { loadSettings } from "../../repo/settings.js";
import { visibleBooking } from "../../reservations/change.js";
import { bookingViews } from "../../reservations/views.js";
import { calendarApp } from "./access.js";

export const bookingDetailRoutes = calendarApp();

bookingDetailRoutes.get("/:id", doc({ tag: "Back office", summary: "A booking's side panel: the booking, its client, payments, refunds, fiscal receipts and change history", description: "The booking's own master may read it too.", access: "staff", params: { id: "Booking id" }, responses: { 200: ["The booking with client, payments, refunds and history", BookingDetail], 404: "`not_found`" } }), async (c) => {
  const db = requestDb(c);
  const row = await visibleBooking(db, c.get("user"), idParam(c));
  const [settings, client, payments, history] = await Promise.all([
    loadSettings(db),
    row.userId === null ? null : findClient(db, row.userId),
    db.select().from(s.payments).where(eq(s.payments.bookingId, row.id)).orderBy(asc(s.payments.id)),
    listAudit(db, { entity: "booking", entityId: row.id, limit: 200, offset: 0 }),
  ]);
  const [refunds, closing] = payments.length
    ? await Promise.all([
        db.select().from(s.refunds).where(inArray(s.refunds.paymentId, payments.map((p) => p.id))).orderBy(asc(s.refunds.id)),
        db.select().from(s.receipts).where(inArray(s.receipts.paymentId, payments.map((p) => p.id))).orderBy(asc(s.receipts.id)),
      ])
    : [[], []];
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
    receipts: receiptViews(payments, refunds, closing),
    history: [...history.entries].reverse(),
  };
  return c.json(answer);
});
