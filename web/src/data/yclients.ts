// Where a YClients-linked service is booked. The API makes the one routing
// decision (worker/yclients/decision.ts) and the PWA follows it: YClients'
// form, our own booking screens (with a notice while YClients is down), or
// the salon's phone.
import { getWidgetUrl, listBookings } from "./endpoints";
import type { Booking } from "../../../worker/contracts/bookings";

export type Route =
  | { kind: "widget"; url: string }
  | { kind: "internal" }
  | { kind: "fallback" }
  | { kind: "phone"; phone: string | null };

export async function resolveYclients(serviceId: number, staffId?: number): Promise<Route> {
  const answer = await getWidgetUrl(serviceId, staffId);
  switch (answer.route) {
    case "widget":
      return answer.url ? { kind: "widget", url: answer.url } : { kind: "phone", phone: answer.phone };
    case "internal":
      return { kind: "internal" };
    case "internal_fallback":
      return { kind: "fallback" };
    case "phone":
      return { kind: "phone", phone: answer.phone };
  }
}

/** `tel:` link for a stored E.164 phone. */
export const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, "")}`;

/** YClients-channel bookings of the signed-in customer created after `since` (ms). */
export async function newYclientsBookings(since: number): Promise<Booking[]> {
  const { bookings } = await listBookings({ limit: 50 });
  return bookings.filter((b) => b.channel === "yclients" && Date.parse(b.created_at) >= since - 60_000);
}
