// When a customer may still cancel or move a booking online. Mirrors the
// worker's rule (worker/reservations/change.ts): until `window` hours before
// the start; the salon's staff are not bound by it. The worker stays the
// judge: its 422 cancellation_window_passed is still handled by the screen.
import type { Booking } from "../../../worker/contracts/bookings";

const ACTIVE: readonly Booking["status"][] = ["held", "pending", "confirmed"];

/** The last moment (ms since epoch) a customer may change the booking online. */
export function changeDeadline(startAt: string, windowHours: number): number {
  return Date.parse(startAt) - windowHours * 3_600_000;
}

export type ChangeRule =
  /** not active, or already started: nothing to change */
  | { kind: "none" }
  /** may be cancelled or moved; `until` is null when no deadline applies */
  | { kind: "open"; until: number | null }
  /** the online window has closed: the salon must be called */
  | { kind: "closed" };

/** What a viewer may do with `booking` at `now`. `windowHours` is null while the salon is not known yet. */
export function changeRule(
  booking: Pick<Booking, "status" | "start_at">,
  role: "customer" | "staff" | "admin" | undefined,
  windowHours: number | null,
  now: number,
): ChangeRule {
  if (!ACTIVE.includes(booking.status) || Date.parse(booking.start_at) <= now) return { kind: "none" };
  if (role === "staff" || role === "admin" || windowHours === null) return { kind: "open", until: null };
  const until = changeDeadline(booking.start_at, windowHours);
  return now <= until ? { kind: "open", until } : { kind: "closed" };
}
