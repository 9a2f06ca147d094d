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

export const DaySlots = v.object({
  date: v.string(),
  status: v.string(),
  duration: v.number(),
  time_zone: v.optional(v.string()),
  source: v.optional(SlotSource),
  slots: v.array(Slot),
});
export type DaySlots = v.InferOutput<typeof DaySlots>;

export const DayCounts = v.object({
  from: v.optional(v.string()),
  time_zone: v.optional(v.string()),
  source: v.optional(SlotSource),
  days: v.array(v.object({ date: v.string(), status: v.string(), available: v.number() })),
});
export type DayCounts = v.InferOutput<typeof DayCounts>;
