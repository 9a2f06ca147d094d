// Typed calls of the API beyond the catalog list. Reads go through getJson
// (ETag-aware); writes through send(). Answers are validated by the shared
// valibot contracts, so a mismatch is an ApiRequestError, never a crash later.
import * as v from "valibot";
import { AuthResult, MeResult, OtpRequestResult } from "../../../worker/contracts/auth";
import { BookingEnvelope, BookingListResult, type BookingOrigin, type CreateBookingBody, type UpdateBookingBody } from "../../../worker/contracts/bookings";
import { ServiceDetail, StaffList } from "../../../worker/contracts/catalog";
import { type BookingQuoteBody, BookingQuoteEnvelope } from "../../../worker/contracts/promo";
import { type BookSeatBody, ClassList } from "../../../worker/contracts/classes";
import { LoyaltyBalance, Payment } from "../../../worker/contracts/payments";
import { DayCounts, DaySlots } from "../../../worker/contracts/slots";
import { WidgetUrl } from "../../../worker/contracts/yclients";
import { type JoinWaitlistBody, WaitlistEntryEnvelope, WaitlistList } from "../../../worker/contracts/waitlist";
import { ApiRequestError, apiFetch, getJson, parseAnswer, type GetOptions } from "./api";
import { authHeader } from "./token";

export { BookingEnvelope, BookingListResult } from "../../../worker/contracts/bookings";
export { DayCounts, DaySlots, Slot } from "../../../worker/contracts/slots";
const PaymentEnvelope = v.object({ payment: Payment });

type SendOptions = { idempotencyKey?: string; token?: string | null; signal?: AbortSignal; headers?: Record<string, string> };

/** A JSON write. Throws ApiRequestError with the API's code, or "network". */
export async function send<S extends v.GenericSchema>(
  method: "POST" | "PATCH" | "DELETE",
  path: string,
  body: unknown,
  schema: S,
  options: SendOptions = {},
): Promise<v.InferOutput<S>> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Content-Type": "application/json",
    ...authHeader(options.token),
    ...options.headers,
  };
  if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
  const { res, body: json } = await apiFetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: options.signal });
  return parseAnswer(path, schema, json, res.status);
}

async function read<S extends v.GenericSchema>(path: string, schema: S, options?: GetOptions): Promise<v.InferOutput<S>> {
  const res = await getJson(path, schema, options);
  if (res.status === 304) throw new ApiRequestError("invalid_response", "unexpected 304", 304);
  return res.data;
}

export const getService = (id: number, o?: GetOptions) => read(`/services/${id}`, ServiceDetail, o);
export const getStaff = (o?: GetOptions) => read("/staff", StaffList, o);

export function getDaySlots(serviceId: number, q: { staffId: number | "any"; date?: string; addons: number[] }, o?: GetOptions) {
  const p = new URLSearchParams({ staff_id: String(q.staffId) });
  if (q.date) p.set("date", q.date);
  if (q.addons.length) p.set("additional_services", q.addons.join(","));
  return read(`/booking/time-slots/${serviceId}?${p}`, DaySlots, o);
}

export function getDayCounts(serviceId: number, q: { staffId: number | "any"; from?: string; days: number; addons: number[] }, o?: GetOptions) {
  const p = new URLSearchParams({ staff_id: String(q.staffId), days: String(q.days) });
  if (q.from) p.set("from", q.from);
  if (q.addons.length) p.set("additional_services", q.addons.join(","));
  return read(`/booking/time-slots/${serviceId}?${p}`, DayCounts, o);
}

export const requestOtp = (phone: string) => send("POST", "/auth/otp/request", { phone }, OtpRequestResult);
export const verifyOtp = (phone: string, code: string, name?: string, consentVersion?: number) =>
  send("POST", "/auth/otp/verify", { phone, code, ...(name ? { name } : {}), ...(consentVersion ? { consent: { version: consentVersion } } : {}) }, AuthResult);
export const getMe = (o?: GetOptions) => read("/me", MeResult, o);
const SignedOut = v.object({ signed_out: v.number() });
export const logout = () => send("POST", "/auth/logout", undefined, SignedOut);
export const logoutEverywhere = () => send("POST", "/auth/logout-all", undefined, SignedOut);

/** promo: the server's price for a booking before it is made (the master's own price, a code's discount, the deposit). */
export const quoteBooking = (body: BookingQuoteBody) => send("POST", "/bookings/quote", body, BookingQuoteEnvelope, {});

/** `origin` "offline" tells the salon the offline outbox is replaying it (the back office colours such bookings). */
export const createBooking = (body: CreateBookingBody, idempotencyKey: string, token?: string | null, origin: BookingOrigin = "online") =>
  send("POST", "/bookings", body, BookingEnvelope, { idempotencyKey, token, headers: origin === "offline" ? { "X-Booking-Origin": origin } : {} });
export const updateBooking = (id: number, body: UpdateBookingBody, token?: string | null, idempotencyKey?: string) =>
  send("PATCH", `/bookings/${id}`, body, BookingEnvelope, { token, idempotencyKey });
export const getBooking = (id: number, o?: GetOptions) => read(`/bookings/${id}`, BookingEnvelope, o);

export function listBookings(q: { from?: string; to?: string; limit?: number } = {}, o?: GetOptions) {
  const p = new URLSearchParams();
  if (q.from) p.set("from", q.from);
  if (q.to) p.set("to", q.to);
  p.set("limit", String(q.limit ?? 200));
  return read(`/bookings?${p}`, BookingListResult, o);
}

/** `usePoints`: spend loyalty points on part of the prepayment (the salon caps the share). */
export const createPayment = (bookingId: number, idempotencyKey: string, usePoints = false) =>
  send("POST", "/payments", { booking_id: bookingId, ...(usePoints ? { use_loyalty_points: true } : {}) }, PaymentEnvelope, { idempotencyKey });
export const getPayment = (id: number, o?: GetOptions) => read(`/payments/${id}`, PaymentEnvelope, o);
export const getLoyalty = (o?: GetOptions) => read("/loyalty", LoyaltyBalance, o);

export function getWidgetUrl(serviceId: number, staffId?: number, o?: GetOptions) {
  const q = staffId ? `?staff_id=${staffId}` : "";
  return read(`/yclients/widget-url/${serviceId}${q}`, WidgetUrl, o);
}

// classes
export function listClasses(q: { from: string; to: string; serviceId?: number }, o?: GetOptions) {
  const p = new URLSearchParams({ from: q.from, to: q.to });
  if (q.serviceId) p.set("service_id", String(q.serviceId));
  return read(`/classes?${p}`, ClassList, o);
}
/** `origin` "offline": the outbox replays the seat request. */
export const bookSeat = (classId: number, body: BookSeatBody, idempotencyKey: string, token?: string | null, origin: BookingOrigin = "online") =>
  send("POST", `/classes/${classId}/seats`, body, BookingEnvelope, { idempotencyKey, token, headers: origin === "offline" ? { "X-Booking-Origin": origin } : {} });
export const joinClassWaitlist = (classId: number) => send("POST", `/classes/${classId}/waitlist`, {}, WaitlistEntryEnvelope);

// waitlist
const PushKey = v.object({ public_key: v.nullable(v.string()) });
const Saved = v.object({ id: v.number() });
export const joinWaitlist = (body: JoinWaitlistBody) => send("POST", "/waitlist", body, WaitlistEntryEnvelope);
export const listWaitlist = (o?: GetOptions) => read("/waitlist", WaitlistList, o);
export const getWaitlistEntry = (id: number, o?: GetOptions) => read(`/waitlist/${id}`, WaitlistEntryEnvelope, o);
export const leaveWaitlist = (id: number) => send("DELETE", `/waitlist/${id}`, undefined, WaitlistEntryEnvelope);
export const confirmOffer = (id: number) => send("POST", `/waitlist/${id}/confirm`, {}, BookingEnvelope);
export const declineOffer = (id: number) => send("POST", `/waitlist/${id}/decline`, {}, WaitlistEntryEnvelope);
export const getPushKey = () => read("/push/vapid-key", PushKey);
export const savePushSubscription = (sub: unknown) => send("POST", "/push/subscriptions", sub, Saved);
