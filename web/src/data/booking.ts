// Reads for the booking screens, each cached for offline reading where that
// makes sense (service detail with its masters, bookings lists; the salon
// itself is in salon.ts; time slots, with their own rules, in slots.ts).
import * as v from "valibot";
import { ServiceDetail, StaffList, type ServiceList } from "../../../worker/contracts/catalog";
import { ApiRequestError } from "./api";
import { readCatalog } from "./cache";
import { cachedRead, type Loaded } from "./cached";
import { readSnapshot } from "./db";
import { BookingEnvelope, BookingListResult, getBooking, getService, listBookings } from "./endpoints";
import { lastBookedMaster } from "./slot-cache-logic";
import { rememberMaster } from "./slots";

/**
 * A service page from the saved catalog and masters, for a service never
 * opened online (masters' own prices and durations are not in the catalog).
 */
export function serviceFromCatalog(list: ServiceList, staff: StaffList | undefined, id: number): ServiceDetail | undefined {
  const service = list.services.find((s) => s.id === id);
  if (!service) return undefined;
  return { service, staff: (staff?.staff ?? []).filter((m) => m.service_ids.includes(id)) };
}

export async function loadService(id: number): Promise<Loaded<ServiceDetail>> {
  try {
    return await cachedRead(`service:${id}`, ServiceDetail, () => getService(id));
  } catch (err) {
    if (!(err instanceof ApiRequestError && (err.isNetwork || err.isServerError))) throw err;
    const catalog = await readCatalog();
    const staff = v.safeParse(StaffList, (await readSnapshot("staff"))?.data);
    const detail = catalog && serviceFromCatalog(catalog.data, staff.success ? staff.output : undefined, id);
    if (!detail) throw err;
    return { data: detail, fetchedAt: catalog.fetchedAt, source: err.isNetwork ? "offline" : "server_error" };
  }
}

/** A customer's bookings; the master of the last one made becomes the favourite (slots.ts prefetches theirs). */
export async function loadMyBookings(userId: number) {
  const loaded = await cachedRead(`bookings:${userId}`, BookingListResult, () => listBookings({ limit: 200 }));
  if (loaded.source === "network") await rememberMaster(lastBookedMaster(loaded.data.bookings));
  return loaded;
}

let warmed: number | null = null;

/**
 * Once per page and customer, while online: their bookings saved for offline
 * reading, and the master of the last one known as the favourite before the
 * booking screens fetch that master's days ahead. (Called from the lazy
 * booking screens, not the app shell: the first render must not carry it.)
 */
export async function warmMyBookings(user: { id: number; role: string } | null): Promise<void> {
  if (!user || user.role !== "customer" || warmed === user.id || !navigator.onLine) return;
  warmed = user.id;
  try {
    await loadMyBookings(user.id);
  } catch {
    warmed = null;
  }
}

export const loadBooking = (id: number) => cachedRead(`booking:${id}`, BookingEnvelope, () => getBooking(id));

/** A master's schedule for [from, to] (inclusive dates). */
export const loadSchedule = (userId: number, from: string, to: string) =>
  cachedRead(`schedule:${userId}:${from}:${to}`, BookingListResult, () => listBookings({ from, to, limit: 200 }));

export const PaymentRef = v.object({ paymentId: v.number(), bookingId: v.number() });

/** The payment started for a booking, so the return page can poll it. */
export function rememberPayment(bookingId: number, paymentId: number): void {
  try {
    sessionStorage.setItem(`payment:${bookingId}`, JSON.stringify({ paymentId, bookingId }));
    localStorage.setItem(`payment:${bookingId}`, JSON.stringify({ paymentId, bookingId }));
  } catch {
    // the return page falls back to polling the booking
  }
}

export function recallPayment(bookingId: number): number | null {
  try {
    const raw = sessionStorage.getItem(`payment:${bookingId}`) ?? localStorage.getItem(`payment:${bookingId}`);
    const parsed = v.safeParse(PaymentRef, raw ? JSON.parse(raw) : null);
    return parsed.success ? parsed.output.paymentId : null;
  } catch {
    return null;
  }
}
