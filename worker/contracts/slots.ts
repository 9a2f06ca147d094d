// Answers of GET /booking/time-slots/{service_id}: one day's slots, or per-day counts.
import * as v from "valibot";
import { SlotSource } from "./yclients.js";

export const Slot = v.object({
  time: v.string(),
  start_at: v.string(),
  available: v.boolean(),
  duration: v.number(),
  reason: v.optional(v.string()),
  staff_ids: v.optional(v.array(v.number())),
});
export type Slot = v.InferOutput<typeof Slot>;

/** Echoes of the request: the service, and the master asked for (an id, or "any"). Optional only so copies the PWA saved before they existed still read. */
const Asked = {
  service_id: v.optional(v.number()),
  staff_id: v.optional(v.union([v.number(), v.literal("any")])),
};

export const DaySlots = v.object({
  ...Asked,
  date: v.string(),
  status: v.string(),
  duration: v.number(),
  time_zone: v.optional(v.string()),
  source: v.optional(SlotSource),
  slots: v.array(Slot),
});
export type DaySlots = v.InferOutput<typeof DaySlots>;

export const DayCounts = v.object({
  ...Asked,
  /** Minutes a visit of this service (with the add-ons asked for) takes. */
  duration: v.optional(v.number()),
  from: v.optional(v.string()),
  time_zone: v.optional(v.string()),
  source: v.optional(SlotSource),
  days: v.array(v.object({ date: v.string(), status: v.string(), available: v.number() })),
});
export type DayCounts = v.InferOutput<typeof DayCounts>;
