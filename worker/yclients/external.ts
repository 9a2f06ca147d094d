// What the webhook and reconciliation hand to a master's ledger: a YClients
// record resolved to our ids. Checked again at the Durable Object's door.
import * as v from "valibot";
import { bookingStatuses } from "../../db/schema.js";
import type { BookingRow } from "../repo/bookings.js";

const Id = v.pipe(v.number(), v.integer(), v.minValue(1));
const Instant = v.pipe(v.string(), v.isoTimestamp());

export const ExternalBooking = v.pipe(
  v.object({
    recordId: Id,
    staffId: v.nullable(Id),
    serviceId: v.nullable(Id),
    userId: v.nullable(Id),
    phone: v.string(),
    customerName: v.nullable(v.string()),
    notes: v.nullable(v.string()),
    startAt: Instant,
    endAt: Instant,
    status: v.picklist(bookingStatuses),
    cancelReason: v.nullable(v.string()),
    priceTotalMinor: v.pipe(v.number(), v.integer(), v.minValue(0)),
    currency: v.pipe(v.string(), v.length(3)),
    lastChange: Instant,
    needsAttention: v.nullable(v.string()),
  }),
  v.check((b) => b.startAt < b.endAt, "a record must end after it starts"),
);
export type ExternalBooking = v.InferOutput<typeof ExternalBooking>;

/** Why a row was cancelled by us: a deletion in YClients is final, a missing record is not. */
export const DELETED = "yclients_deleted";
export const MISSING = "yclients_missing";

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
