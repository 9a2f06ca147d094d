// One path for every YClients record, from a webhook or from reconciliation:
// resolve our master, service and customer, then let the master's ledger
// write it. Records of unknown masters are stored without one and block no
// ledger; a record that left a master is dropped from that master's ledger.
import type { Env } from "../env.js";
import { ledgerFor } from "../ledger/staff-ledger.js";
import type { BookingRow } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import type { SalonSettings } from "../repo/settings.js";
import { notifyMasters } from "../reservations/staff-notify.js";
import type { ExternalBooking } from "../ledger/external-booking.js";
import { DELETED, findByRecordId, upsertExternal } from "../repo/external-bookings.js";
import type { MappedRecord } from "./mapping.js";
import { customerFor, localServicesOf, localStaffOf, wasDeletedUnseen } from "./store.js";
import { isErased } from "../account/tombstone.js";
import { applyRecordUnits } from "./units.js";

/** The phone column of a booking whose person deleted their account and came back through YClients. */
export const ERASED_PHONE = "deleted";

export type ApplyOutcome = { booking: BookingRow; applied: boolean; created: boolean };

export class LedgerUnavailable extends Error {}

/** Our ids for a mapped record, and what the salon must look at. */
export async function resolveRecord(db: Db, env: Env, record: MappedRecord, settings: SalonSettings): Promise<ExternalBooking> {
  const notes: string[] = [];
  const staffId = record.ycStaffId === null ? null : await localStaffOf(db, record.ycStaffId);
  if (staffId === null) notes.push(`unknown_yclients_staff:${record.ycStaffId ?? "none"}`);
  const services = await localServicesOf(db, record.ycServiceIds);
  // The first of the record's services we know is the booking's service.
  const service = record.ycServiceIds.map((id) => services.find((s) => s.ycId === id)).find((s) => s !== undefined);
  if (!service) notes.push(`unknown_yclients_service:${record.ycServiceIds.join(",") || "none"}`);
  if (record.phoneUnreadable) notes.push("unreadable_phone");
  // Someone who deleted their account: the record is kept for the salon's ledger, the person is not.
  const erased = await isErased(db, env, [record.client.phone, record.client.email]);
  const userId = erased ? null : await customerFor(db, record.client);
  return {
    recordId: record.recordId,
    staffId,
    serviceId: service?.id ?? null,
    userId,
    phone: erased ? ERASED_PHONE : record.client.phone ?? "",
    customerName: erased ? null : record.client.name,
    notes: erased ? null : record.notes,
    startAt: record.startAt,
    endAt: record.endAt,
    status: record.status,
    cancelReason: record.deleted ? DELETED : null,
    priceTotalMinor: record.priceTotalMinor,
    currency: settings.currency,
    lastChange: record.lastChange,
    needsAttention: notes.length > 0 ? notes.join("; ") : null,
  };
}

async function throughLedger(env: Env, staffId: number, booking: ExternalBooking) {
  const result = await ledgerFor(env, staffId).applyExternal(staffId, booking);
  if (!result.ok) throw new LedgerUnavailable(`ledger of master ${staffId} could not write record ${booking.recordId}`);
  return result;
}

/** Writes a resolved record where it belongs and cleans up the master it left. */
export async function applyExternal(db: Db, env: Env, booking: ExternalBooking, resourceInstanceIds: number[] = []): Promise<ApplyOutcome> {
  const before = await findByRecordId(db, booking.recordId);
  const result = booking.staffId !== null ? await throughLedger(env, booking.staffId, booking) : await upsertExternal(db, booking).then((r) => ({ booking: r.row, applied: r.applied }));
  const now = result.booking;
  if (before?.staffId != null && before.staffId !== now.staffId) {
    // Same record again on the old master: nothing newer to write, so that
    // ledger only brings its interval in line with the row.
    await throughLedger(env, before.staffId, booking);
  }
  // Its rooms and machines follow the record (a unit taken, moved or freed).
  if (result.applied) await applyRecordUnits(db, env, now, resourceInstanceIds, null);
  // Masters hear of YClients records as of any other booking; a replayed event changes nothing and says nothing.
  if (result.applied) await notifyMasters(db, env, before, now, new Date());
  return { booking: now, applied: result.applied, created: before === null };
}

/**
 * A record YClients deleted before we first saw it stays deleted: a create or
 * update arriving after that delete (late, or replayed) lands as a cancelled
 * row, which from then on is final like any deletion.
 */
export async function applyRecord(db: Db, env: Env, record: MappedRecord, settings: SalonSettings): Promise<ApplyOutcome> {
  const gone = !record.deleted && (await wasDeletedUnseen(db, record.recordId));
  const effective: MappedRecord = gone ? { ...record, deleted: true, status: "cancelled" } : record;
  return applyExternal(db, env, await resolveRecord(db, env, effective, settings), record.resourceInstanceIds);
}
