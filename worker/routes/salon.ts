import { Hono } from "hono";
import * as v from "valibot";
import { Salon } from "../contracts/catalog.js";
import type { AppEnv } from "../env.js";
import { revalidate } from "../http/revalidate.js";
import { requestDb } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { doc } from "../http/openapi.js";
import { contactFieldFor } from "../payments/receipt.js";

export const salonRoutes = new Hono<AppEnv>();
salonRoutes.use(revalidate);

salonRoutes.get("/", doc({ tag: "Catalog", summary: "The salon: name, address, time zone, currency, slot step and grid, cancellation and refund policy, booking horizon, opening hours, map link and the contact a payment's receipt needs", access: "anyone", responses: { 200: ["The salon", v.object({ salon: Salon })], 304: "Not modified" } }), async (c) => {
  const s = await loadSettings(requestDb(c));
  return c.json({
    salon: {
      name: s.name,
      address: s.address,
      phone: s.phone,
      time_zone: s.timeZone,
      currency: s.currency,
      slot_step_min: s.slotStepMin,
      slot_grid: s.slotGrid,
      cancellation_window_hours: s.cancellationWindowHours,
      refund_full_hours: s.refundFullHours,
      refund_late_percent: s.refundLatePercent,
      horizon_days: s.horizonDays,
      opening_hours: s.openingHours,
      map_url: s.mapUrl,
      receipt_contact: s.receiptsEnabled ? contactFieldFor(s.receiptsIssuer) : null,
    } satisfies Salon,
  });
});
