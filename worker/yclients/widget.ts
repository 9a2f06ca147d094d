// The booking widget URL for a service: YClients' own page with the service
// (and master) chosen and the customer's details filled in.
import type { YcConfig } from "./config.js";

/** encodeURIComponent plus the characters it leaves alone that break out of HTML attributes or get mangled. */
export function encodeParam(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function widgetBase(config: Pick<YcConfig, "widgetBaseUrl" | "formId" | "companyId">): string {
  if (config.widgetBaseUrl) return config.widgetBaseUrl;
  if (config.formId) return `https://n${encodeParam(config.formId)}.yclients.com/`;
  return `https://yclients.com/timetable/${config.companyId}`;
}

export interface WidgetPrefill {
  ycServiceId: number;
  ycStaffId?: number | null;
  name?: string | null;
  email?: string | null;
  /** E.164, e.g. +79991234567. */
  phone?: string | null;
}

export function widgetUrl(config: Pick<YcConfig, "widgetBaseUrl" | "formId" | "companyId">, p: WidgetPrefill): string {
  const pairs: [string, string | number | null | undefined][] = [
    ["services", p.ycServiceId],
    ["staff", p.ycStaffId],
    ["client_name", p.name?.trim()],
    ["client_email", p.email?.trim()],
    ["client_phone", p.phone],
  ];
  const query = pairs
    .filter((pair): pair is [string, string | number] => pair[1] !== null && pair[1] !== undefined && pair[1] !== "")
    .map(([k, v]) => `${k}=${encodeParam(String(v))}`)
    .join("&");
  const url = new URL(widgetBase(config));
  url.search = url.search.length > 1 ? `${url.search.slice(1)}&${query}` : query;
  return url.toString();
}
