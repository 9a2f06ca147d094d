// The customer's booking form. Its address is the form's own host
// (https://n{form_id}.yclients.com), configured or looked up from the company
// (GET /company/{id}?showBookforms=1). Never the admin journal
// (yclients.com/timetable/…), and never a customer's name, phone or email in
// the URL: a third-party URL ends up in logs and referrers.
import type { YcConfig } from "./config.js";

export interface WidgetTarget {
  ycServiceId: number;
  /** null: any master. */
  ycStaffId: number | null;
}

/** The configured form address, if any: an explicit base wins over the form id. */
export function configuredFormBase(config: Pick<YcConfig, "widgetBaseUrl" | "formId">): string | null {
  if (config.widgetBaseUrl) return config.widgetBaseUrl.replace(/\/+$/, "");
  if (config.formId && /^\d{1,12}$/.test(config.formId)) return `https://n${config.formId}.yclients.com`;
  return null;
}

/**
 * The form URL for a service (and master). The deep link into the form's
 * time choice is *unofficial* (seen in third-party code, not in YClients'
 * docs) and may stop working: it is built here only, and the salon can switch
 * it off (salon_settings.yclients_deep_links), which sends customers to the
 * form's start page instead.
 */
export function widgetUrl(base: string, companyId: number, target: WidgetTarget, deepLinks: boolean): string {
  const root = base.replace(/\/+$/, "");
  if (!deepLinks) return `${root}/`;
  const o = `m${target.ycStaffId ?? -1}s${target.ycServiceId}`;
  return `${root}/company/${companyId}/personal/select-time?o=${o}`;
}
