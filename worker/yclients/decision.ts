// The one routing decision for a service, used by time-slots, POST /bookings,
// widget-url and (through widget-url) the PWA:
//   not linked, or the channel off → our engine ("internal");
//   YClients answering            → its booking form ("widget");
//   down, salon allows fallback   → our engine with a notice ("internal_fallback");
//   down, no fallback             → the salon's phone ("phone").
// A 429 or another 4xx is not "down" (company.ts: isOutage): the form stays.
// Reachability is probed (cheap, cached briefly), never assumed.
import type { Env } from "../env.js";
import type { SalonSettings } from "../repo/settings.js";
import { probeCompany } from "./company.js";
import { type YcConfig, ycConfig } from "./config.js";
import { widgetUrl } from "./widget.js";

export type BookingRoute =
  | { route: "internal" }
  | { route: "widget"; url: string }
  | { route: "internal_fallback"; reason: string }
  | { route: "phone"; phone: string | null; reason: string };

/** What to do while YClients cannot take the booking. */
export function whenDown(settings: Pick<SalonSettings, "yclientsFallback" | "phone">, reason: string): BookingRoute {
  return settings.yclientsFallback ? { route: "internal_fallback", reason } : { route: "phone", phone: settings.phone, reason };
}

/** The channel config when this service is booked through YClients, else null. */
export function linkedConfig(env: Env, service: { yclientsServiceId: number | null }): YcConfig | null {
  const config = ycConfig(env);
  return config && service.yclientsServiceId !== null ? config : null;
}

export async function bookingRoute(
  env: Env,
  settings: Pick<SalonSettings, "yclientsFallback" | "phone" | "yclientsDeepLinks">,
  service: { yclientsServiceId: number | null },
  ycStaffId: number | null = null,
): Promise<BookingRoute> {
  const config = linkedConfig(env, service);
  if (!config) return { route: "internal" };
  const probe = await probeCompany(config);
  if (!probe.up) return whenDown(settings, probe.error ?? "YClients is not answering");
  // YClients refused (rate limit, 4xx) before saying where its form is: not down, so not our engine either.
  if (!probe.formBase && probe.refused) return { route: "phone", phone: settings.phone, reason: probe.error ?? "YClients refused the call" };
  if (!probe.formBase) return whenDown(settings, "no YClients booking form is configured");
  return { route: "widget", url: widgetUrl(probe.formBase, config.companyId, { ycServiceId: service.yclientsServiceId!, ycStaffId }, settings.yclientsDeepLinks) };
}
