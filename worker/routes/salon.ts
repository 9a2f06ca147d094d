import { Hono } from "hono";
import type { Salon } from "../contracts/catalog.js";
import type { AppEnv } from "../env.js";
import { revalidate } from "../http/revalidate.js";
import { requestDb } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";

export const salonRoutes = new Hono<AppEnv>();
salonRoutes.use(revalidate);

salonRoutes.get("/", async (c) => {
  const s = await loadSettings(requestDb(c));
  return c.json({
    salon: {
      name: s.name,
      address: s.address,
      phone: s.phone,
      time_zone: s.timeZone,
      currency: s.currency,
      slot_step_min: s.slotStepMin,
      cancellation_window_hours: s.cancellationWindowHours,
      refund_full_hours: s.refundFullHours,
      refund_late_percent: s.refundLatePercent,
    } satisfies Salon,
  });
});
