// Where a YClients-linked service is booked: the widget, or our own engine
// when YClients is down and the salon lets the service fall back.
import { ApiRequestError } from "./api";
import { getDaySlots, getWidgetUrl, listBookings } from "./endpoints";
import type { Booking } from "../../../worker/contracts/bookings";

export type Route = { kind: "widget"; url: string } | { kind: "internal" } | { kind: "unavailable"; code: string };

export async function resolveYclients(serviceId: number, staffId?: number): Promise<Route> {
  try {
    const { url } = await getWidgetUrl(serviceId, staffId);
    return { kind: "widget", url };
  } catch (err) {
    if (!(err instanceof ApiRequestError)) throw err;
    if (err.code === "service_not_linked") return { kind: "internal" };
    if (err.status === 503) {
      // Only the API knows whether this service may fall back: it says so
      // with source "internal_fallback" on the slots answer.
      try {
        const slots = await getDaySlots(serviceId, { staffId: staffId ?? "any", addons: [] });
        if (slots.source === "internal_fallback") return { kind: "internal" };
      } catch {
        // fall through
      }
      return { kind: "unavailable", code: err.code };
    }
    throw err;
  }
}

/** YClients-channel bookings of the signed-in customer created after `since` (ms). */
export async function newYclientsBookings(since: number): Promise<Booking[]> {
  const { bookings } = await listBookings({ limit: 50 });
  return bookings.filter((b) => b.channel === "yclients" && Date.parse(b.created_at) >= since - 60_000);
}
