// Hybrid routing for services linked to YClients (while the channel is on):
// their free times come from YClients' book_times and they are booked in the
// YClients widget. When YClients cannot be reached, the salon's fallback
// setting decides: our own engine ("internal_fallback") or a 503.
import * as v from "valibot";
import type { StaffMember } from "../contracts/catalog.js";
import type { SlotSource } from "../contracts/yclients.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import type { Db } from "../repo/db.js";
import type { BookingContext } from "../reservations/context.js";
import { interactive, YClientsClient, YClientsError } from "./client.js";
import { ycConfig } from "./config.js";
import { BookTime } from "./schemas.js";
import { instantOf } from "./mapping.js";
import { ycStaffIdsOf } from "./store.js";
import { log } from "../lib/log.js";

export type Source = v.InferOutput<typeof SlotSource>;

function unavailable(cause: unknown): AppError {
  log("warn", "yclients unreachable", { error: String(cause) });
  return new AppError(
    "yclients_unavailable",
    "Онлайн-запись на эту услугу временно недоступна. Попробуйте позже или позвоните в салон. (Online booking for this service is unavailable right now; try again later or call the salon.)",
    undefined,
    { "retry-after": "60" },
  );
}

/** The fallback decision: our engine when the salon allows it, else the error. */
function fallback(ctx: BookingContext, cause: unknown): { source: "internal_fallback" } {
  if (!ctx.settings.yclientsFallback) throw unavailable(cause);
  log("warn", "yclients unreachable: internal fallback", { service_id: ctx.service.id, error: String(cause) });
  return { source: "internal_fallback" };
}

const linkedClient = (env: Env, ctx: BookingContext) => {
  const config = ycConfig(env);
  return config && ctx.service.yclientsServiceId !== null ? new YClientsClient(config, interactive(config)) : null;
};

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
  const client = linkedClient(env, ctx);
  if (!client) return { source: "internal" };
  const ycStaff = await ycStaffIdsOf(db, q.staff.map((m) => m.id));
  const linked = q.staff.filter((m) => ycStaff.has(m.id));
  let perMaster: { staffId: number; times: BookTime[] }[];
  try {
    perMaster = await Promise.all(
      linked.map(async (m) => ({
        staffId: m.id,
        times: await client.get(`/book_times/${client.config.companyId}/${ycStaff.get(m.id)}/${q.date}`, v.array(BookTime), {
          "service_ids[]": ctx.service.yclientsServiceId!,
        }),
      })),
    );
  } catch (error) {
    if (!(error instanceof YClientsError)) throw error;
    return fallback(ctx, error);
  }
  // YClients lists only the times still free.
  const byTime = new Map<string, { time: string; start_at: string; available: true; duration: number; staff_ids: number[] }>();
  for (const { staffId, times } of perMaster) {
    for (const t of times) {
      const start = instantOf(t.datetime);
      if (start === null) continue;
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
 * POST /bookings for a linked service: the widget books it while YClients
 * answers (409 book_via_yclients); when it does not, our engine may take it.
 */
export async function ensureInternalBooking(env: Env, ctx: BookingContext): Promise<void> {
  const client = linkedClient(env, ctx);
  if (!client) return;
  try {
    await client.get(`/company/${client.config.companyId}`, v.unknown());
  } catch (error) {
    if (!(error instanceof YClientsError)) throw error;
    fallback(ctx, error);
    return;
  }
  throw new AppError("book_via_yclients", "This service is booked through YClients; open the booking widget", {
    service_id: ctx.service.id,
    widget_url_path: `/api/v1/yclients/widget-url/${ctx.service.id}`,
  });
}
