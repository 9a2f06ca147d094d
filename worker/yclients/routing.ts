// Hybrid routing for services linked to YClients (while the channel is on):
// their free times come from YClients' book_times and they are booked in the
// YClients form. Whether YClients is up is the routing decision's (see
// decision.ts); a book_times call that gets no answer or a 5xx marks it down,
// a 429 or another 4xx answers 503 without falling back to our engine.
import * as v from "valibot";
import type { StaffMember } from "../contracts/catalog.js";
import type { SlotSource } from "../contracts/yclients.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import type { Db } from "../repo/db.js";
import type { BookingContext } from "../reservations/context.js";
import { interactive, YClientsClient, YClientsError } from "./client.js";
import { bookTimes } from "./book-times.js";
import { isOutage, markDown, probeCompany } from "./company.js";
import { bookingRoute, linkedConfig, whenDown } from "./decision.js";
import { BookTime } from "./schemas.js";
import { ycStaffIdsOf } from "./store.js";
import { ycInstant } from "./time.js";
import { log } from "../lib/log.js";

export type Source = v.InferOutput<typeof SlotSource>;

function unavailable(phone: string | null, retryAfterMs: number | null = null): AppError {
  const retryAfter = retryAfterMs === null ? 60 : Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError(
    "yclients_unavailable",
    "Онлайн-запись на эту услугу временно недоступна. Попробуйте позже или позвоните в салон. (Online booking for this service is unavailable right now; try again later or call the salon.)",
    { phone },
    { "retry-after": String(retryAfter) },
  );
}

/** YClients is down: our engine when the salon allows it, else a 503 carrying the salon's phone. */
function fallback(ctx: BookingContext, cause: string): { source: "internal_fallback" } {
  const route = whenDown(ctx.settings, cause);
  log("warn", "yclients unreachable", { service_id: ctx.service.id, route: route.route, error: cause });
  if (route.route !== "internal_fallback") throw unavailable(ctx.settings.phone);
  return { source: "internal_fallback" };
}

export interface DayQuery {
  staff: StaffMember[];
  staffParam: number | "any";
  date: string;
}

/**
 * One day's slots of a linked service from YClients, shaped like ours; or the
 * source the caller's own computation should report.
 */
export async function routeDaySlots(env: Env, db: Db, ctx: BookingContext, q: DayQuery): Promise<{ answer: Record<string, unknown>; source?: never } | { answer?: never; source: Source }> {
  const config = linkedConfig(env, ctx.service);
  if (!config) return { source: "internal" };
  const probe = await probeCompany(config);
  if (!probe.up) return fallback(ctx, probe.error ?? "YClients is not answering");
  const client = new YClientsClient(config, interactive(config));
  const ycStaff = await ycStaffIdsOf(db, q.staff.map((m) => m.id));
  const linked = q.staff.filter((m) => ycStaff.has(m.id));
  let perMaster: { staffId: number; times: BookTime[] }[];
  try {
    perMaster = await Promise.all(
      linked.map(async (m) => ({
        staffId: m.id,
        times: await bookTimes(client, config, ycStaff.get(m.id)!, q.date, ctx.service.yclientsServiceId!),
      })),
    );
  } catch (error) {
    if (!(error instanceof YClientsError)) throw error;
    // A 429 or another 4xx: YClients is up and said no. Our engine must not take over (see isOutage).
    if (!isOutage(error)) throw unavailable(ctx.settings.phone, error.retryAfterMs);
    markDown(config, error.message);
    return fallback(ctx, error.message);
  }
  // YClients lists only the times still free.
  const byTime = new Map<string, { time: string; start_at: string; available: true; duration: number; staff_ids: number[] }>();
  for (const { staffId, times } of perMaster) {
    for (const t of times) {
      const start = ycInstant(t.datetime, ctx.settings.timeZone);
      if (!start) continue;
      const slot = byTime.get(t.time) ?? { time: t.time, start_at: start, available: true, duration: Math.round(t.seance_length / 60), staff_ids: [] };
      slot.staff_ids.push(staffId);
      byTime.set(t.time, slot);
    }
  }
  const slots = [...byTime.values()].sort((a, b) => a.start_at.localeCompare(b.start_at));
  return {
    answer: {
      service_id: ctx.service.id,
      staff_id: q.staffParam,
      duration: ctx.quote.durationMin,
      time_zone: ctx.settings.timeZone,
      source: "yclients" satisfies Source,
      date: q.date,
      status: "open",
      slots: q.staffParam === "any" ? slots : slots.map(({ staff_ids: _ids, ...slot }) => slot),
    },
  };
}

/**
 * POST /bookings for a linked service: the form books it while YClients
 * answers (409 book_via_yclients); when it does not, our engine may take it.
 */
export async function ensureInternalBooking(env: Env, ctx: BookingContext): Promise<void> {
  const route = await bookingRoute(env, ctx.settings, ctx.service);
  if (route.route === "internal") return;
  if (route.route === "internal_fallback") {
    log("warn", "yclients unreachable: internal fallback", { service_id: ctx.service.id, error: route.reason });
    return;
  }
  if (route.route === "phone") throw unavailable(route.phone);
  throw new AppError("book_via_yclients", "This service is booked through YClients; open the booking form", {
    service_id: ctx.service.id,
    widget_url_path: `/api/v1/yclients/widget-url/${ctx.service.id}`,
  });
}
