// Which of a day's slots the time step shows, and which one is chosen.
import type { Slot } from "../../../worker/contracts/slots";

/**
 * Times that have passed or are too soon (the salon's minimum notice) or past
 * the horizon can never be booked: they are left out rather than shown as
 * "taken". Taken times (booked, break) stay, greyed, so the day reads true.
 */
const NEVER_BOOKABLE = new Set(["past", "notice", "horizon"]);

export const visibleSlots = (slots: readonly Slot[]): Slot[] => slots.filter((s) => s.available || !NEVER_BOOKABLE.has(s.reason ?? ""));

/**
 * Whether `slot` is the chosen one. By instant: on the day the clocks go back
 * two slots share a wall time; a draft from before instants were kept matches by time.
 */
export const isChosen = (slot: Slot, chosen: { time: string | null; startAt?: string | null }): boolean =>
  chosen.startAt ? slot.start_at === chosen.startAt : chosen.time !== null && slot.time === chosen.time;
