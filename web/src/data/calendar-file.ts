// Saves a booking as an .ics file (the booking page and the manage link's
// page). The event ends when the visit does, not after the clean-up buffer.
import type { ManagedVisit } from "../../../worker/contracts/manage";
import { buildIcs, visitEnd } from "./ics";

export function downloadBookingIcs(b: ManagedVisit, summary: string, location?: string, description?: string): void {
  const ics = buildIcs({ uid: `booking-${b.id}@salon`, start: b.start_at, end: visitEnd(b), stamp: b.created_at, summary, location, description });
  const url = URL.createObjectURL(new Blob([ics], { type: "text/calendar;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `booking-${b.id}.ics`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
