// Which masters a read is about: a list of ids, or everyone who does a
// service. The second form lets a request read schedules and bookings in the
// same round trip as the service itself, before it knows the masters' ids.
import { eq, inArray, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { type Db, schema as s } from "./db.js";

/** `serviceIds`: everyone who does any of these services (a visit of several). */
export type StaffSet = number[] | { serviceId: number } | { serviceIds: number[] };

/** `column in (…)` for the set. */
export function inStaffSet(db: Db, column: SQLiteColumn, set: StaffSet): SQL {
  if (Array.isArray(set)) return inArray(column, set);
  const services = "serviceIds" in set ? inArray(s.staffServices.serviceId, set.serviceIds) : eq(s.staffServices.serviceId, set.serviceId);
  return inArray(column, db.select({ id: s.staffServices.staffId }).from(s.staffServices).where(services));
}

export const isEmptySet = (set: StaffSet) => Array.isArray(set) && set.length === 0;
