// /admin/settings: the salon's name, contacts, zone and booking policies.
// GET /salon and the slot engine read the same row, so changes apply at once.
import { eq } from "drizzle-orm";
import { doc } from "../../http/openapi.js";
import { type AdminSettings, SettingsEnvelope, UpdateSettingsBody } from "../../contracts/admin.js";
import { AppError } from "../../errors.js";
import { jsonBody } from "../../http/validate.js";
import { auditInsert } from "../../repo/audit.js";
import { batchAll } from "../../repo/batch.js";
import { requestDb, schema as s } from "../../repo/db.js";
import { isSupportedCountry } from "../../lib/phone-country.js";
import { loadSettings, type SalonSettings } from "../../repo/settings.js";
import { contactFieldFor } from "../../payments/receipt.js";
import { adminApp } from "./shared.js";

export const settingsRoutes = adminApp();

export const settingsView = (r: SalonSettings): AdminSettings => ({
  name: r.name,
  address: r.address,
  phone: r.phone,
  time_zone: r.timeZone,
  currency: r.currency,
  slot_step_min: r.slotStepMin,
  slot_grid: r.slotGrid,
  min_notice_min: r.minNoticeMin,
  horizon_days: r.horizonDays,
  hold_ttl_min: r.holdTtlMin,
  waitlist_hold_min: r.waitlistHoldMin,
  cancellation_window_hours: r.cancellationWindowHours,
  refund_full_hours: r.refundFullHours,
  refund_late_percent: r.refundLatePercent,
  yclients_fallback: r.yclientsFallback,
  loyalty_earn_percent: r.loyaltyEarnPercent,
  loyalty_max_spend_percent: r.loyaltyMaxSpendPercent,
  opening_hours: r.openingHours,
  map_url: r.mapUrl,
  reminder_24h: r.reminder24h,
  reminder_2h: r.reminder2h,
  operator_legal_name: r.operatorLegalName,
  operator_inn: r.operatorInn,
  operator_ogrn: r.operatorOgrn,
  operator_address: r.operatorAddress,
  operator_email: r.operatorEmail,
  receipt_contact: r.receiptsEnabled ? contactFieldFor(r.receiptsIssuer) : null,
  receipts_enabled: r.receiptsEnabled,
  receipts_issuer: r.receiptsIssuer,
  receipt_vat_code: r.receiptVatCode,
  receipt_tax_system_code: r.receiptTaxSystemCode,
  phone_countries: r.phoneCountries,
  sms_hourly_budget: r.smsHourlyBudget,
  max_active_bookings: r.maxActiveBookings,
  max_held_bookings: r.maxHeldBookings,
  max_waitlist_entries: r.maxWaitlistEntries,
  abonement_no_show_spends: r.abonementNoShowSpends,
  updated_at: r.updatedAt,
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}

settingsRoutes.get("/", doc({ tag: "Back office", summary: "The salon's settings", access: "admin", responses: { 200: ["The settings", SettingsEnvelope] } }), async (c) => c.json({ settings: settingsView(await loadSettings(requestDb(c))) }));

settingsRoutes.patch("/", doc({ tag: "Back office", summary: "Change the salon's settings (address, time zone, booking rules, refunds, fiscal receipts, abuse limits…)", access: "admin", body: UpdateSettingsBody, responses: { 200: ["The settings", SettingsEnvelope] } }), async (c) => {
  const body = await jsonBody(c, UpdateSettingsBody);
  if (body.time_zone !== undefined && !isTimeZone(body.time_zone)) {
    throw new AppError("validation_failed", "time_zone must be an IANA zone such as Europe/Moscow", { field: "time_zone" });
  }
  const unknown = body.phone_countries?.filter((code) => !isSupportedCountry(code));
  if (unknown?.length) {
    throw new AppError("validation_failed", `No numbering plan is known for ${unknown.join(", ")}; use ISO 3166 codes such as RU`, { field: "phone_countries" });
  }
  const db = requestDb(c);
  const before = settingsView(await loadSettings(db));
  const update = db
    .update(s.salonSettings)
    .set({
      name: body.name,
      address: body.address,
      phone: body.phone,
      timeZone: body.time_zone,
      slotStepMin: body.slot_step_min,
      slotGrid: body.slot_grid,
      minNoticeMin: body.min_notice_min,
      horizonDays: body.horizon_days,
      holdTtlMin: body.hold_ttl_min,
      waitlistHoldMin: body.waitlist_hold_min,
      cancellationWindowHours: body.cancellation_window_hours,
      refundFullHours: body.refund_full_hours,
      refundLatePercent: body.refund_late_percent,
      yclientsFallback: body.yclients_fallback,
      loyaltyEarnPercent: body.loyalty_earn_percent,
      loyaltyMaxSpendPercent: body.loyalty_max_spend_percent,
      openingHours: body.opening_hours,
      mapUrl: body.map_url,
      reminder24h: body.reminder_24h,
      reminder2h: body.reminder_2h,
      operatorLegalName: body.operator_legal_name,
      operatorInn: body.operator_inn,
      operatorOgrn: body.operator_ogrn,
      operatorAddress: body.operator_address,
      operatorEmail: body.operator_email,
      receiptsEnabled: body.receipts_enabled,
      receiptsIssuer: body.receipts_issuer,
      receiptVatCode: body.receipt_vat_code,
      receiptTaxSystemCode: body.receipt_tax_system_code,
      phoneCountries: body.phone_countries && [...new Set(body.phone_countries)],
      smsHourlyBudget: body.sms_hourly_budget,
      maxActiveBookings: body.max_active_bookings,
      maxHeldBookings: body.max_held_bookings,
      maxWaitlistEntries: body.max_waitlist_entries,
      abonementNoShowSpends: body.abonement_no_show_spends,
      updatedAt: new Date().toISOString(),
    })
    .where(eq(s.salonSettings.id, 1));
  await batchAll(db, [update]);
  const settings = settingsView(await loadSettings(db));
  await auditInsert(db, c.get("user"), { action: "update", entity: "settings", entityId: 1, before, after: settings });
  return c.json({ settings });
});
