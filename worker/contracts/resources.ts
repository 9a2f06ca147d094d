// Rooms, chairs and machines (resources) as the back office edits them:
// /api/v1/admin/resources. A service needs zero or more of them
// (PATCH /admin/services/{id} with resource_ids); a booking holds one unit of each.
import * as v from "valibot";
import { BodyId, CalendarDate, WallTime } from "./common.js";

export const resourceKinds = ["room", "equipment"] as const;
const Name = v.pipe(v.string(), v.trim(), v.minLength(1, "name must not be empty"), v.maxLength(100));
const Units = v.pipe(v.number(), v.integer("units is a whole number"), v.minValue(1, "units is at least 1"), v.maxValue(50, "units is at most 50"));
/** Open hours of one weekday, or null for closed that day. */
const DayHours = v.nullable(
  v.pipe(
    v.array(WallTime),
    v.length(2, 'a day\'s hours are ["from", "to"]'),
    v.check((h) => h[0]! < h[1]!, "a day's hours end after they start"),
    v.transform((h) => [h[0]!, h[1]!] as [string, string]),
  ),
);
/** Seven entries, Monday first; null (the whole list) = usable whenever a master works. */
export const ResourceHours = v.nullable(v.pipe(v.array(DayHours), v.length(7, "hours has seven entries, Monday first")));

export const ResourceClosure = v.object({ id: v.number(), from_date: v.string(), to_date: v.string(), note: v.nullable(v.string()) });
export type ResourceClosure = v.InferOutput<typeof ResourceClosure>;

export const AdminResource = v.object({
  id: v.number(),
  name: v.string(),
  kind: v.picklist(resourceKinds),
  units: v.number(),
  hours: v.nullable(v.array(v.nullable(v.array(v.string())))),
  /** Services that need one unit of it. */
  service_ids: v.array(v.number()),
  closures: v.array(ResourceClosure),
  archived: v.boolean(),
  updated_at: v.string(),
});
export type AdminResource = v.InferOutput<typeof AdminResource>;
export const ResourceEnvelope = v.object({ resource: AdminResource });
export const ResourceList = v.object({ resources: v.array(AdminResource) });

export const CreateResourceBody = v.strictObject({
  name: Name,
  kind: v.picklist(resourceKinds, 'kind is "room" or "equipment"'),
  units: v.optional(Units, 1),
  hours: v.optional(ResourceHours, null),
});
export type CreateResourceBody = v.InferOutput<typeof CreateResourceBody>;

export const UpdateResourceBody = v.strictObject({
  name: v.optional(Name),
  kind: v.optional(v.picklist(resourceKinds, 'kind is "room" or "equipment"')),
  units: v.optional(Units),
  hours: v.optional(ResourceHours),
  /** false brings an archived resource back; DELETE archives. */
  archived: v.optional(v.boolean()),
});

export const CreateClosureBody = v.pipe(
  v.strictObject({ from_date: CalendarDate, to_date: CalendarDate, note: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(200))), null) }),
  v.check((b) => b.from_date <= b.to_date, "to_date must not be before from_date"),
);

/** PATCH /admin/bookings/{id}/units: the unit of one resource the booking should hold instead. */
export const MoveUnitBody = v.strictObject({ resource_id: BodyId, unit: Units });

/** YClients resource instances mapped to one of our resources and a unit (PUT replaces the list). */
export const YclientsInstanceMap = v.object({ instance_id: v.number(), resource_id: v.number(), unit: v.number() });
export const YclientsInstanceBody = v.strictObject({
  instances: v.pipe(v.array(v.strictObject({ instance_id: BodyId, resource_id: BodyId, unit: Units })), v.maxLength(200)),
});
export const YclientsInstanceList = v.object({ instances: v.array(YclientsInstanceMap) });
