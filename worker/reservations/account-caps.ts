// Per-account caps (salon settings): a customer may hold only so many future
// bookings, held bookings and waitlist entries, so "book and cancel" in a loop
// can neither block the calendar nor make the salon send message after
// message. Staff booking for a client are not capped. Checked against the
// read made with the request, so two requests racing may both pass once; the
// booking rate limit bounds how often that can happen.
import type { User } from "../contracts/auth.js";
import { AppError } from "../errors.js";
import type { AccountLoad } from "../repo/account-load.js";
import type { SalonSettings } from "../repo/settings.js";

type Caps = Pick<SalonSettings, "maxActiveBookings" | "maxHeldBookings" | "maxWaitlistEntries">;

export function ensureMayAddBookings(caller: User, load: AccountLoad, caps: Caps, adding: { bookings: number; held: number }): void {
  if (caller.role !== "customer") return;
  if (load.active + adding.bookings > caps.maxActiveBookings) {
    throw new AppError("too_many_active_bookings", `You already have ${load.active} upcoming bookings; the salon allows ${caps.maxActiveBookings} at a time`, {
      active: load.active,
      limit: caps.maxActiveBookings,
    });
  }
  if (adding.held > 0 && load.held + adding.held > caps.maxHeldBookings) {
    throw new AppError("too_many_held_bookings", `You already have ${load.held} bookings waiting for payment; pay or cancel one first`, {
      held: load.held,
      limit: caps.maxHeldBookings,
    });
  }
}

export function ensureMayJoinWaitlist(caller: User, load: AccountLoad, caps: Caps): void {
  if (caller.role !== "customer") return;
  if (load.waiting >= caps.maxWaitlistEntries) {
    throw new AppError("too_many_waitlist_entries", `You are already waiting for ${load.waiting} times; the salon allows ${caps.maxWaitlistEntries}`, {
      waiting: load.waiting,
      limit: caps.maxWaitlistEntries,
    });
  }
}
