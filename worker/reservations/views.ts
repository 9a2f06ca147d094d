// Booking rows as the API shows them: names of service and master, add-ons,
// salon-local date and time next to the UTC instants.
import { inArray } from "drizzle-orm";
import { instantToWall } from "../booking/zoned-time.js";
import type { Booking } from "../contracts/bookings.js";
import { addonsOf, type BookingRow } from "../repo/bookings.js";
import { type Db, schema as s } from "../repo/db.js";

export async function bookingViews(db: Db, rows: BookingRow[], zone: string): Promise<Booking[]> {
  if (rows.length === 0) return [];
  const serviceIds = [...new Set(rows.map((r) => r.serviceId).filter((id): id is number => id !== null))];
  const staffIds = [...new Set(rows.map((r) => r.staffId).filter((id): id is number => id !== null))];
  const [services, staff, addons] = await Promise.all([
    serviceIds.length
      ? db.select({ id: s.services.id, name: s.services.name, durationMin: s.services.durationMin, bufferAfterMin: s.services.bufferAfterMin, prepaymentKind: s.services.prepaymentKind }).from(s.services).where(inArray(s.services.id, serviceIds))
      : [],
    staffIds.length ? db.select({ id: s.staff.id, name: s.staff.name }).from(s.staff).where(inArray(s.staff.id, staffIds)) : [],
    addonsOf(db, rows.map((r) => r.id)),
  ]);
  return rows.map((row) => {
    const service = services.find((x) => x.id === row.serviceId) ?? null;
    const member = staff.find((x) => x.id === row.staffId) ?? null;
    const mine = addons.filter((a) => a.bookingId === row.id);
    const wall = instantToWall(new Date(row.startAt), zone);
    return {
      id: row.id,
      status: row.status,
      channel: row.channel,
      service: service && { id: service.id, name: service.name },
      staff: member && { id: member.id, name: member.name },
      start_at: row.startAt,
      end_at: row.endAt,
      local_date: wall.date,
      local_time: wall.time,
      // Our bookings occupy duration + buffer, and the master's own duration may differ from the service's.
      duration_min:
        row.channel === "internal" && service
          ? Math.round((Date.parse(row.endAt) - Date.parse(row.startAt)) / 60_000) - service.bufferAfterMin
          : (service?.durationMin ?? 0) + mine.reduce((sum, a) => sum + a.durationMin, 0),
      addons: mine.map((a) => ({ id: a.id, name: a.name, duration_min: a.durationMin, price: { amount_minor: a.priceMinor, currency: a.currency } })),
      price: { amount_minor: row.priceTotalMinor, currency: row.currency },
      prepayment: row.prepaymentMinor > 0 ? { amount_minor: row.prepaymentMinor, currency: row.currency } : null,
      hold_expires_at: row.holdExpiresAt,
      phone: row.phone,
      customer_name: row.customerName,
      notes: row.notes,
      cancel_reason: row.cancelReason,
      needs_attention: row.needsAttention,
      created_at: row.createdAt,
    };
  });
}
