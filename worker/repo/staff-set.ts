// Which masters a read is about: a list of ids, or everyone who does a
// service. The second form lets a request read schedules and bookings in the
// same round trip as the service itself, before it knows the masters' ids.
import { eq, inArray, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { type Db, schema as s } from "./db.js";

export type StaffSet = number[] | { serviceId: number };

/** `column in (…)` for the set. */
export function inStaffSet(db: Db, column: SQLiteColumn, set: StaffSet): SQL {
  if (Array.isArray(set)) return inArray(column, set);
  return inArray(column, db.select({ id: s.staffServices.staffId }).from(s.staffServices).where(eq(s.staffServices.serviceId, set.serviceId)));
}

export const isEmptySet = (set: StaffSet) => Array.isArray(set) && set.length === 0;
