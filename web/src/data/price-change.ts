// 409 price_changed: a move to a master whose own price is higher waits for
// the customer to accept that price (worker/reservations/change.ts).
import * as v from "valibot";
import { PriceChangedDetails } from "../../../worker/contracts/bookings";

export type PriceChange = v.InferOutput<typeof PriceChangedDetails>;

/** The prices from the error's details, or null when they are not there (an older server). */
export function priceChangeOf(details: unknown): PriceChange | null {
  const parsed = v.safeParse(PriceChangedDetails, details);
  return parsed.success ? parsed.output : null;
}
