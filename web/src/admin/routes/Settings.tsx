import { createResource, createSignal } from "solid-js";
import type { UpdateSettingsBody } from "../../../../worker/contracts/admin";
import Loadable from "../../components/Loadable";
import Screen from "../../components/Screen";
import { errorMessage } from "../../data/errors";
import { locale } from "../../i18n";
import LegalEditor from "../components/LegalEditor";
import SaveActions from "../components/SaveActions";
import { getSettings, updateSettings } from "../data/api";
import { int, text, textOrNull } from "../data/form";
import { at, type AdminKey } from "../i18n";

const NUMBERS: [keyof UpdateSettingsBody, AdminKey][] = [
  ["slot_step_min", "set.slotStep"],
  ["min_notice_min", "set.minNotice"],
  ["horizon_days", "set.horizon"],
  ["hold_ttl_min", "set.hold"],
  ["waitlist_hold_min", "set.waitlistHold"],
  ["cancellation_window_hours", "set.cancelWindow"],
  ["refund_full_hours", "set.refundFull"],
  ["refund_late_percent", "set.refundLate"],
];

const LIMITS: [keyof UpdateSettingsBody, AdminKey][] = [
  ["sms_hourly_budget", "set.smsBudget"],
  ["max_active_bookings", "set.maxActive"],
  ["max_held_bookings", "set.maxHeld"],
  ["max_waitlist_entries", "set.maxWaitlist"],
];

/** "ru, kz" → ["RU", "KZ"]; the server checks each code against the numbering plans. */
const countries = (f: FormData) => text(f, "phone_countries").split(/[\s,;]+/).filter(Boolean).map((c) => c.toUpperCase());

/** The salon's name, contacts, zone, booking policies and abuse limits. Route: /admin/settings. */
export default function Settings() {
  const [settings, { refetch }] = createResource(getSettings);
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal(false);

  const save = async (form: HTMLFormElement) => {
    const f = new FormData(form);
    const body: UpdateSettingsBody = {
      name: text(f, "name"),
      address: textOrNull(f, "address"),
      opening_hours: textOrNull(f, "opening_hours"),
      map_url: textOrNull(f, "map_url"),
      phone: textOrNull(f, "phone"),
      time_zone: text(f, "time_zone"),
      yclients_fallback: f.get("yclients_fallback") === "on",
      abonement_no_show_spends: f.get("abonement_no_show_spends") === "on",
      reminder_24h: f.get("reminder_24h") === "on",
      reminder_2h: f.get("reminder_2h") === "on",
      operator_legal_name: textOrNull(f, "operator_legal_name"),
      operator_inn: textOrNull(f, "operator_inn"),
      operator_ogrn: textOrNull(f, "operator_ogrn"),
      operator_address: textOrNull(f, "operator_address"),
      operator_email: textOrNull(f, "operator_email"),
      receipts_enabled: f.get("receipts_enabled") === "on",
      receipts_issuer: f.get("receipts_issuer") === "own_till" ? "own_till" : "yookassa",
      receipt_vat_code: int(f, "receipt_vat_code"),
      receipt_tax_system_code: f.get("receipt_tax_system_code") ? int(f, "receipt_tax_system_code") : null,
      phone_countries: countries(f),
      slot_grid: f.get("slot_grid") === "clock" ? "clock" : "period_start",
    };
    for (const [key] of [...NUMBERS, ...LIMITS]) Object.assign(body, { [key]: int(f, key) });
    setError(null);
    setSaved(false);
    try {
      await updateSettings(body);
      setSaved(true);
      await refetch();
    } catch (err) {
      setError(errorMessage(err, locale()));
    }
  };

  return (
    <Screen title={at("set.title")}>
      <Loadable of={settings} errorTitle={at("admin.loadError")} onRetry={() => void refetch()}>
        {(r) => {
          const s = () => r().settings;
          return (
            <form class="form card" onSubmit={(e) => (e.preventDefault(), void save(e.currentTarget))}>
              <div class="field">
                <label for="set-name">{at("set.name")}</label>
                <input id="set-name" name="name" required maxLength={100} value={s().name} />
              </div>
              <div class="field">
                <label for="set-address">{at("set.address")}</label>
                <input id="set-address" name="address" maxLength={300} value={s().address ?? ""} />
              </div>
              <div class="field">
                <label for="set-hours">{at("set.hours")}</label>
                <input id="set-hours" name="opening_hours" maxLength={200} value={s().opening_hours ?? ""} />
              </div>
              <div class="field">
                <label for="set-map">{at("set.mapUrl")}</label>
                <input id="set-map" name="map_url" type="url" maxLength={500} value={s().map_url ?? ""} />
              </div>
              <div class="form--inline">
                <div class="field">
                  <label for="set-phone">{at("set.phone")}</label>
                  <input id="set-phone" name="phone" type="tel" value={s().phone ?? ""} />
                </div>
                <div class="field">
                  <label for="set-tz">{at("set.timeZone")}</label>
                  <input id="set-tz" name="time_zone" required value={s().time_zone} />
                </div>
              </div>
              <div class="form--inline">
                {NUMBERS.map(([key, label]) => (
                  <div class="field">
                    <label for={`set-${key}`}>{at(label)}</label>
                    <input id={`set-${key}`} name={key} type="number" min="0" required value={String(s()[key as keyof typeof s] ?? "")} />
                  </div>
                ))}
              </div>
              <fieldset class="fieldset">
                <legend>{at("set.slotGrid")}</legend>
                <label class="choice">
                  <input type="radio" name="slot_grid" value="period_start" checked={s().slot_grid === "period_start"} /> {at("set.gridPeriodStart")}
                </label>
                <label class="choice">
                  <input type="radio" name="slot_grid" value="clock" checked={s().slot_grid === "clock"} /> {at("set.gridClock")}
                </label>
              </fieldset>
              <label class="choice">
                <input type="checkbox" name="yclients_fallback" checked={s().yclients_fallback} /> {at("set.fallback")}
              </label>
              <label class="choice">
                <input type="checkbox" name="abonement_no_show_spends" checked={s().abonement_no_show_spends} /> {at("set.abonementNoShowSpends")}
              </label>
              <fieldset class="fieldset">
                <legend>{at("set.reminders")}</legend>
                <label class="choice">
                  <input type="checkbox" name="reminder_24h" checked={s().reminder_24h} /> {at("set.reminder24h")}
                </label>
                <label class="choice">
                  <input type="checkbox" name="reminder_2h" checked={s().reminder_2h} /> {at("set.reminder2h")}
                </label>
              </fieldset>
              <fieldset class="fieldset">
                <legend>{at("set.operator")}</legend>
                <p class="hint">{at("set.operatorHint")}</p>
                <div class="field">
                  <label for="set-op-name">{at("set.operatorName")}</label>
                  <input id="set-op-name" name="operator_legal_name" maxLength={300} value={s().operator_legal_name ?? ""} />
                </div>
                <div class="form--inline">
                  <div class="field">
                    <label for="set-op-inn">{at("set.operatorInn")}</label>
                    <input id="set-op-inn" name="operator_inn" inputmode="numeric" maxLength={12} value={s().operator_inn ?? ""} />
                  </div>
                  <div class="field">
                    <label for="set-op-ogrn">{at("set.operatorOgrn")}</label>
                    <input id="set-op-ogrn" name="operator_ogrn" inputmode="numeric" maxLength={15} value={s().operator_ogrn ?? ""} />
                  </div>
                </div>
                <div class="field">
                  <label for="set-op-address">{at("set.operatorAddress")}</label>
                  <input id="set-op-address" name="operator_address" maxLength={300} value={s().operator_address ?? ""} />
                </div>
                <div class="field">
                  <label for="set-op-email">{at("set.operatorEmail")}</label>
                  <input id="set-op-email" name="operator_email" type="email" maxLength={254} value={s().operator_email ?? ""} />
                </div>
              </fieldset>
              <fieldset class="fieldset receipts-settings">
                <legend>{at("set.receipts")}</legend>
                <label class="choice">
                  <input type="checkbox" name="receipts_enabled" checked={s().receipts_enabled} /> {at("set.receiptsEnabled")}
                </label>
                <fieldset class="fieldset">
                  <legend>{at("set.receiptsIssuer")}</legend>
                  <label class="choice">
                    <input type="radio" name="receipts_issuer" value="yookassa" checked={s().receipts_issuer === "yookassa"} /> {at("set.issuerYookassa")}
                  </label>
                  <label class="choice">
                    <input type="radio" name="receipts_issuer" value="own_till" checked={s().receipts_issuer === "own_till"} /> {at("set.issuerOwnTill")}
                  </label>
                </fieldset>
                <div class="form--inline">
                  <div class="field">
                    <label for="set-vat">{at("set.vatCode")}</label>
                    <input id="set-vat" name="receipt_vat_code" type="number" min="1" max="12" required value={String(s().receipt_vat_code)} />
                  </div>
                  <div class="field">
                    <label for="set-tax">{at("set.taxSystem")}</label>
                    <select id="set-tax" name="receipt_tax_system_code">
                      <option value="" selected={s().receipt_tax_system_code === null}>
                        {at("set.taxSystemNone")}
                      </option>
                      {([1, 2, 3, 4, 5, 6] as const).map((code) => (
                        <option value={code} selected={s().receipt_tax_system_code === code}>
                          {at(`set.tax${code}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
                <p class="muted">{at("set.receiptsHint")}</p>
              </fieldset>
              <fieldset class="fieldset">
                <legend>{at("set.limits")}</legend>
                <div class="field">
                  <label for="set-phone_countries">{at("set.phoneCountries")}</label>
                  <input id="set-phone_countries" name="phone_countries" required maxLength={200} value={s().phone_countries.join(", ")} />
                </div>
                <div class="form--inline">
                  {LIMITS.map(([key, label]) => (
                    <div class="field">
                      <label for={`set-${key}`}>{at(label)}</label>
                      <input id={`set-${key}`} name={key} type="number" min="1" required value={String(s()[key as keyof typeof s] ?? "")} />
                    </div>
                  ))}
                </div>
              </fieldset>
              <SaveActions error={error()} saved={saved()} />
            </form>
          );
        }}
      </Loadable>
      <LegalEditor />
    </Screen>
  );
}
