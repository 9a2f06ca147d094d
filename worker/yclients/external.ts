// The cancellation of a YClients record we hold, as the ledger takes it.
import type { ExternalBooking } from "../ledger/external-booking.js";
import type { BookingRow } from "../repo/bookings.js";
import type { DELETED, MISSING } from "../repo/external-bookings.js";

/** The cancellation of a record we hold, as the ledger takes it. */
export function cancellationOf(row: BookingRow, reason: typeof DELETED | typeof MISSING, lastChange: string): ExternalBooking {
  return {
    recordId: row.yclientsRecordId!,
    staffId: row.staffId,
    serviceId: row.serviceId,
    userId: row.userId,
    phone: row.phone,
    customerName: row.customerName,
    notes: row.notes,
    startAt: row.startAt,
    endAt: row.endAt,
    status: "cancelled",
    cancelReason: reason,
    priceTotalMinor: row.priceTotalMinor,
    currency: row.currency,
    lastChange,
    needsAttention: row.needsAttention,
  };
}
