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

/**
 * On the day the clocks go back a wall time happens twice: which occurrence
 * this slot is, and its UTC offset, so the two read apart ("02:30 UTC+3" and
 * "02:30 повтор, UTC+2"). Null for a time that happens once.
 */
export function repeatOf(slot: Slot, day: readonly Slot[]): { first: boolean; offset: string } | null {
  const twins = day.filter((s) => s.time === slot.time);
  if (twins.length < 2) return null;
  const first = twins.every((s) => Date.parse(s.start_at) >= Date.parse(slot.start_at));
  return { first, offset: utcOffsetOf(slot) };
}

/** The zone's offset at a slot, from its wall label and its instant: "UTC+3", "UTC−3", "UTC+10:30". */
export function utcOffsetOf(slot: Pick<Slot, "time" | "start_at">): string {
  const [h, m] = slot.time.split(":").map(Number) as [number, number];
  const at = new Date(slot.start_at);
  // Wall minus UTC time of day, folded into the range offsets live in (−12:00…+14:00).
  let minutes = (h * 60 + m - (at.getUTCHours() * 60 + at.getUTCMinutes()) + 2 * 1440) % 1440;
  if (minutes > 14 * 60) minutes -= 1440;
  const abs = Math.abs(minutes);
  const rest = abs % 60 ? `:${String(abs % 60).padStart(2, "0")}` : "";
  return `UTC${minutes < 0 ? "−" : "+"}${Math.floor(abs / 60)}${rest}`;
}

/**
 * For a chosen instant: whether its wall time happens twice in the salon's
 * zone that night (the clocks go back 30 min, 1 h or 2 h) and which occurrence
 * it is; null for a time that happens once. For summaries that only have the
 * draft, not the day's slots.
 */
export function occurrenceOf(startAt: string, time: string, zone: string): "first" | "second" | null {
  const wall = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const at = Date.parse(startAt);
  for (const shift of [30, 60, 120]) {
    if (wall.format(at + shift * 60_000) === time) return "first";
    if (wall.format(at - shift * 60_000) === time) return "second";
  }
  return null;
}
