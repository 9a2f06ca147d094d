// From a signed link to the booking it may act on, or the reason it may not:
// 404 for anything we did not sign (or a booking that is gone), 410 for a
// link that was good once (expired, booking cancelled or moved since).
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { type BookingRow, findBooking } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { type LinkPurpose, readLink, sameState } from "./token.js";

const invalid = () => new AppError("not_found", "This link is not valid; check that it was copied in full");

export async function bookingForLink(db: Db, env: Env, token: string, purpose: LinkPurpose, now: Date): Promise<BookingRow> {
  const claims = await readLink(env.JWT_SECRET, token);
  if (!claims || claims.purpose !== purpose) throw invalid();
  const row = await findBooking(db, claims.bookingId);
  if (!row) throw invalid();
  if (row.status === "cancelled") throw new AppError("link_dead", "This booking was cancelled", { reason: "cancelled" });
  if (!sameState(claims, row)) throw new AppError("link_dead", "This booking was moved; the newer message has its link", { reason: "moved" });
  if (now.getTime() > claims.expiresAt.getTime()) throw new AppError("link_expired", "This link has expired", { expired_at: claims.expiresAt.toISOString() });
  return row;
}
