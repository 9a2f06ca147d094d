// YClients record → the booking facts we keep. Pure: no I/O, so the rules
// (attendance, time zones, lengths, phones) are unit-tested in Node.
import { instantOfParts, parseDateTime, wallTimeToInstant } from "../booking/zoned-time.js";
import { normalizePhone } from "../lib/phone.js";
import type { BookingRow } from "../repo/bookings.js";
import type { YcRecord } from "./schemas.js";

export type BookingStatus = BookingRow["status"];

export interface MappedRecord {
  recordId: number;
  ycStaffId: number | null;
  ycServiceIds: number[];
  startAt: string;
  endAt: string;
  status: BookingStatus;
  deleted: boolean;
  client: { name: string | null; phone: string | null; email: string | null };
  /** YClients sent a phone we cannot read (e.g. "🙂"): kept as none, flagged for the salon. */
  phoneUnreadable: boolean;
  notes: string | null;
  /** Sum of the services' costs, in minor units. */
  priceTotalMinor: number;
  /** YClients' last change as a UTC ISO instant: what orders events. */
  lastChange: string;
}

/** Used when YClients omits both change and creation times: older than anything dated. */
export const EPOCH = "1970-01-01T00:00:00.000Z";

/** Attendance: 2 client confirmed, 1 came, 0 waiting, -1 did not come; deletion wins. */
export function statusOf(attendance: number | null | undefined, deleted: boolean): BookingStatus {
  if (deleted) return "cancelled";
  switch (attendance) {
    case 1:
      return "completed";
    case -1:
      return "no_show";
    case 2:
      return "confirmed";
    default:
      return "pending";
  }
}

/** YClients' "2025-01-15 10:00:00" and "+0300" spellings, read by the API's one strict parser. */
function readYcDateTime(value: string | null | undefined) {
  if (!value) return null;
  return parseDateTime(value.trim().replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
}

/** An ISO time with an offset → UTC ISO; null when it carries no offset or is not a real date and time. */
export function instantOf(value: string | null | undefined): string | null {
  const parts = readYcDateTime(value);
  if (!parts || parts.offsetMin === null) return null;
  return instantOfParts({ ...parts, offsetMin: parts.offsetMin }).toISOString();
}

/** Start instant: `datetime` carries the salon offset; `date` is salon wall time, never UTC. */
function startOf(record: YcRecord, zone: string): string | null {
  const exact = instantOf(record.datetime);
  if (exact) return exact;
  const wall = readYcDateTime(record.date ?? record.datetime);
  if (!wall) return null;
  const time = `${String(wall.hour).padStart(2, "0")}:${String(wall.minute).padStart(2, "0")}`;
  return wallTimeToInstant(wall.date, time, zone)?.toISOString() ?? null;
}

export function mapRecord(record: YcRecord, zone: string, opts: { deleted?: boolean } = {}): MappedRecord | { error: string } {
  const startAt = startOf(record, zone);
  if (!startAt) return { error: `record ${record.id} has no readable datetime` };
  const seconds = record.length || record.seance_length || 0;
  if (seconds <= 0) return { error: `record ${record.id} has no length` };
  const deleted = opts.deleted === true || record.deleted;
  const rawPhone = record.client?.phone?.trim();
  // YClients sends digits without "+"; an 11-digit 7… is a Russian number.
  const phone = rawPhone ? normalizePhone(/^\d{11,15}$/.test(rawPhone) && !/^[78]\d{10}$/.test(rawPhone) ? `+${rawPhone}` : rawPhone) : null;
  const cost = (record.services ?? []).reduce((sum, s) => sum + (s.cost ?? 0), 0);
  return {
    recordId: record.id,
    ycStaffId: record.staff_id ?? record.staff?.id ?? null,
    ycServiceIds: (record.services ?? []).map((s) => s.id),
    startAt,
    endAt: new Date(Date.parse(startAt) + seconds * 1000).toISOString(),
    status: statusOf(record.attendance ?? record.visit_attendance, deleted),
    deleted,
    client: {
      name: record.client?.name?.trim() || null,
      phone,
      email: record.client?.email?.trim().toLowerCase() || null,
    },
    phoneUnreadable: Boolean(rawPhone) && phone === null,
    notes: record.comment?.trim() || null,
    priceTotalMinor: Math.round(cost * 100),
    lastChange: instantOf(record.last_change_date) ?? instantOf(record.create_date) ?? EPOCH,
  };
}
