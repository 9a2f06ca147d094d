// The nearest free times a 409 slot_taken offers instead, the same master's
// first; none when the answer's details do not say (an older server, say).
import * as v from "valibot";
import { type AlternativeSlot, SlotTakenDetails } from "../../../worker/contracts/bookings";

export function offeredTimes(details: unknown): AlternativeSlot[] {
  const parsed = v.safeParse(SlotTakenDetails, details);
  return parsed.success ? [...parsed.output.alternatives.same_staff, ...parsed.output.alternatives.other_staff] : [];
}
