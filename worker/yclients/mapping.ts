// YClients record → the booking facts we keep. Pure: no I/O, so the rules
// (attendance, time zones, lengths, phones) are unit-tested in Node.
import { log } from "../lib/log.js";
import { normalizePhone } from "../lib/phone.js";
import type { BookingRow } from "../repo/bookings.js";
import type { YcRecord } from "./schemas.js";
import { ycInstant } from "./time.js";

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
  /** YClients resource instances the record takes (mapped to our rooms' units by the admin). */
  resourceInstanceIds: number[];
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

/** Start instant: `datetime` carries the salon offset (or is unix seconds); `date` is salon wall time, never UTC. */
function startOf(record: YcRecord, zone: string): string | null {
  return ycInstant(record.datetime, zone) ?? ycInstant(record.date, zone);
}

/** YClients' record attendance wins; visit_attendance is the fallback. */
function attendanceOf(record: YcRecord): number | null {
  const { attendance, visit_attendance: visit } = record;
  if (attendance !== null && attendance !== undefined && visit !== null && visit !== undefined && attendance !== visit) {
    log("warn", "yclients record: attendance disagrees with visit_attendance", { record: record.id, attendance, visit_attendance: visit });
  }
  return attendance ?? visit ?? null;
}

/** Any YClients phone form (digits, a JSON number, "+7 999 123-45-67") → E.164, or null. */
export function phoneOf(raw: string | null | undefined): string | null {
  const digits = String(raw ?? "").replace(/\D/g, "");
  if (!digits) return null;
  // 11 digits starting 7 or 8 are Russian; other long numbers are international without their "+".
  if (/^[78]\d{10}$/.test(digits) || digits.length === 10) return normalizePhone(digits);
  return normalizePhone(`+${digits}`);
}

/** display_name when present (YClients' samples swap name and surname), else what is there, joined. */
export function clientNameOf(client: YcRecord["client"]): string | null {
  if (!client) return null;
  const display = client.display_name?.trim();
  if (display) return display;
  const joined = [client.name, client.surname].map((x) => x?.trim()).filter(Boolean).join(" ");
  return joined || null;
}

export function mapRecord(record: YcRecord, zone: string, opts: { deleted?: boolean } = {}): MappedRecord | { error: string } {
  const startAt = startOf(record, zone);
  if (!startAt) return { error: `record ${record.id} has no readable datetime` };
  const seconds = record.length || record.seance_length || 0;
  if (seconds <= 0) return { error: `record ${record.id} has no length` };
  const deleted = opts.deleted === true || record.deleted;
  const rawPhone = record.client?.phone;
  const phone = phoneOf(rawPhone);
  const cost = (record.services ?? []).reduce((sum, s) => sum + (s.cost ?? 0), 0);
  return {
    recordId: record.id,
    ycStaffId: record.staff_id ?? record.staff?.id ?? null,
    ycServiceIds: (record.services ?? []).map((s) => s.id),
    startAt,
    endAt: new Date(Date.parse(startAt) + seconds * 1000).toISOString(),
    status: statusOf(attendanceOf(record), deleted),
    deleted,
    client: {
      name: clientNameOf(record.client),
      phone,
      email: record.client?.email?.trim().toLowerCase() || null,
    },
    phoneUnreadable: Boolean(rawPhone) && phone === null,
    notes: record.comment?.trim() || null,
    priceTotalMinor: Math.round(cost * 100),
    resourceInstanceIds: (record.resource_instance_ids ?? []).filter((id): id is number => typeof id === "number"),
    lastChange: ycInstant(record.last_change_date, zone) ?? ycInstant(record.create_date, zone) ?? EPOCH,
  };
}
