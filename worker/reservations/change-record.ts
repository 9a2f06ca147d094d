// What a booking change leaves behind besides the row: its history entry and
// the masters' messages. Shared by PATCH /bookings/{id}, the manage link and
// account deletion, so every path records a change the same way.
import type { User } from "../contracts/auth.js";
import type { Booking, UpdateBookingBody } from "../contracts/bookings.js";
import type { Env } from "../env.js";
import { auditInsert } from "../repo/audit.js";
import type { Db } from "../repo/db.js";
import type { OnChanged } from "./change.js";
import { masterMessages } from "./staff-notify.js";

/** The parts of a booking its history tracks. */
export function bookingFacts(b: Booking) {
  return { status: b.status, start_at: b.start_at, end_at: b.end_at, staff_id: b.staff?.id ?? null, cancel_reason: b.cancel_reason };
}

export function changeRecorder(db: Db, env: Env, actor: User, id: number, action: UpdateBookingBody["action"], now: Date): OnChanged {
  return (before, after, settings, view) => {
    const was = { status: before.status, start_at: before.startAt, end_at: before.endAt, staff_id: before.staffId, cancel_reason: before.cancelReason };
    return [
      auditInsert(db, actor, { action, entity: "booking", entityId: id, before: was, after: bookingFacts(view) }),
      ...masterMessages(db, env, before, after, view.service?.name ?? null, settings, now),
    ];
  };
}
