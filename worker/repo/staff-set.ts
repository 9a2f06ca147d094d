// Which masters a read is about: a list of ids, or everyone who does a
// service. The second form lets a request read schedules and bookings in the
// same round trip as the service itself, before it knows the masters' ids.
import { type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { type Db, schema as s } from "./db.js";
import { idList, param, prepared } from "./prepared.js";

/** `serviceIds`: everyone who does any of these services (a visit of several). */
export type StaffSet = number[] | { serviceId: number } | { serviceIds: number[] };

export const isEmptySet = (set: StaffSet) => Array.isArray(set) && set.length === 0;

/**
 * `column in (…)` for a set given as parameters (prepared queries): the ids
 * in `staffIds`, or everyone doing a service in `serviceIds` (JSON arrays).
 */
const inStaffIdsParam = (column: SQLiteColumn): SQL => sql`${column} in (select value from json_each(${param("staffIds")}))`;
const inServiceStaffParam = (column: SQLiteColumn): SQL =>
  sql`${column} in (select ${s.staffServices.staffId} from ${s.staffServices} where ${s.staffServices.serviceId} in (select value from json_each(${param("serviceIds")})))`;

/** One prepared query per way of naming a set, and the parameters that name this set. */
export function preparedOnSet<Q extends object>(build: (db: Db, inSet: (column: SQLiteColumn) => SQL) => Q) {
  const byIds = prepared((db) => build(db, inStaffIdsParam));
  const byServices = prepared((db) => build(db, inServiceStaffParam));
  return (db: Db, set: StaffSet): { query: Q; params: { staffIds: string } | { serviceIds: string } } =>
    Array.isArray(set)
      ? { query: byIds(db), params: { staffIds: idList(set) } }
      : { query: byServices(db), params: { serviceIds: idList("serviceIds" in set ? set.serviceIds : [set.serviceId]) } };
}
