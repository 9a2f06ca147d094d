// A customer's booking as the API lists it, for the PWA's pure list logic:
// a pending haircut with Анна at `start`, changed by `extra`.
import type { Booking } from "../../worker/contracts/bookings";

export const listedBooking = (id: number, start: string, extra: Partial<Booking> = {}): Booking => ({
  id,
  status: "pending",
  channel: "internal",
  origin: "online",
  service: { id: 3, name: "Стрижка" },
  staff: { id: 1, name: "Анна" },
  start_at: start,
  end_at: start,
  local_date: start.slice(0, 10),
  local_time: start.slice(11, 16),
  duration_min: 45,
  addons: [],
  price: { amount_minor: 150000, currency: "RUB" },
  prepayment: null,
  hold_expires_at: null,
  phone: "+79990000100",
  customer_name: null,
  notes: null,
  cancel_reason: null,
  needs_attention: null,
  created_at: start,
  visit_id: null,
  series: null,
  ...extra,
});
