import { For, Show, createResource, createSignal } from "solid-js";
import Loadable from "../../components/Loadable";
import Screen from "../../components/Screen";
import { errorMessage } from "../../data/errors";
import { FALLBACK_TIME_ZONE, loadSalon } from "../../data/salon";
import { addDays, formatPrice, todayIn } from "../../format";
import { intlLocale, locale } from "../../i18n";
import { settled } from "../../resource";
import type { PromoCode } from "../../../../worker/contracts/promo";
import FormError from "../../components/FormError";
import PromoForm from "../components/PromoForm";
import { getAdminServices, getAdminStaff } from "../data/api";
import { createPromo, listPromos, type NewPromo, promoStats, setPromoActive, updatePromo } from "../data/money-products";
import { at } from "../i18n";

/** Promo codes: create one, edit one, see each code's uses and the revenue given away, switch one off. Route: /admin/promo-codes. */
export default function PromoCodes() {
  const [list, { refetch }] = createResource(listPromos);
  const [services] = createResource(getAdminServices);
  const [staff] = createResource(getAdminStaff);
  const [salon] = createResource(loadSalon);
  const [range, setRange] = createSignal<{ from: string; to: string } | null>(null);
  const today = () => todayIn(settled(salon)?.data.salon.time_zone ?? FALLBACK_TIME_ZONE);
  // Codes are spent by visits booked ahead: the default period looks 30 days back and 30 forward.
  const period = () => range() ?? { from: addDays(today(), -29), to: addDays(today(), 30) };
  const [stats, { refetch: refetchStats }] = createResource(period, promoStats);
  const [error, setError] = createSignal<string | null>(null);
  const [listError, setListError] = createSignal<string | null>(null);
  const [created, setCreated] = createSignal<string | null>(null);
  const [editing, setEditing] = createSignal<PromoCode | null>(null);

  const mainServices = () => (services()?.services ?? []).filter((s) => !s.is_addon && s.active);
  const activeStaff = () => (staff()?.staff ?? []).filter((s) => s.active);
  const serviceName = (id: number) => services()?.services.find((s) => s.id === id)?.name ?? `#${id}`;
  const staffName = (id: number) => staff()?.staff.find((s) => s.id === id)?.name ?? `#${id}`;
  const money = (m: { amount_minor: number; currency: string }) => formatPrice(m, intlLocale());

  const create = async (body: NewPromo, form: HTMLFormElement) => {
    setError(null);
    setCreated(null);
    try {
      const { promo_code } = await createPromo(body);
      setCreated(at("promo.created", { code: promo_code.code }));
      form.reset();
      await refetch();
    } catch (err) {
      setError(errorMessage(err, locale()));
    }
  };

  const save = async (p: PromoCode, { code: _, ...body }: NewPromo) => {
    setError(null);
    setCreated(null);
    try {
      const { promo_code } = await updatePromo(p.id, body);
      // The list first, so "saved" never stands beside the old values.
      await refetch();
      setEditing(null);
      setCreated(at("promo.saved", { code: promo_code.code }));
    } catch (err) {
      setError(errorMessage(err, locale()));
    }
  };

  const edit = (p: PromoCode) => {
    setError(null);
    setCreated(null);
    setEditing(p);
    document.querySelector(".promo-form")?.scrollIntoView({ block: "start" });
  };

  const toggle = async (p: PromoCode) => {
    setListError(null);
    try {
      await setPromoActive(p.id, !p.active);
      await refetch();
    } catch (err) {
      setListError(errorMessage(err, locale()));
    }
  };

  const discount = (p: PromoCode) => (p.percent_off !== null ? `−${p.percent_off}%` : p.amount_off ? `−${money(p.amount_off)}` : "—");
  const scope = (p: PromoCode) =>
    [
      p.service_ids.length ? p.service_ids.map(serviceName).join(", ") : at("promo.allServices"),
      p.staff_ids.length ? p.staff_ids.map(staffName).join(", ") : at("promo.allMasters"),
      ...(p.first_visit_only ? [at("promo.firstVisitShort")] : []),
    ].join(" · ");
  const dates = (p: PromoCode) => (p.valid_from || p.valid_to ? `${p.valid_from ?? "…"} — ${p.valid_to ?? "…"}` : at("promo.always"));
  const limits = (p: PromoCode) => `${p.total_limit ?? "∞"} / ${p.per_customer_limit ?? "∞"}`;
  const periodUses = (id: number) => stats()?.codes.find((c) => c.id === id);

  return (
    <Screen title={at("promo.title")}>
      {/* One form at a time, so its fields' ids stay unique: a fresh one for each code edited. */}
      <Show when={editing()} keyed fallback={<PromoForm services={mainServices()} staff={activeStaff()} error={error()} onSubmit={(body, form) => void create(body, form)} />}>
        {(p) => <PromoForm promo={p} services={mainServices()} staff={activeStaff()} error={error()} onSubmit={(body) => void save(p, body)} onCancel={() => setEditing(null)} />}
      </Show>
      <Show when={created()}>
        {(message) => (
          <p class="notice" role="status">
            {message()}
          </p>
        )}
      </Show>
      <h2 class="section-title">{at("promo.stats")}</h2>
      <form class="form form--inline" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="promo-st-from">{at("stats.from")}</label>
          <input id="promo-st-from" type="date" value={period().from} onChange={(e) => e.currentTarget.value && setRange({ ...period(), from: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="promo-st-to">{at("stats.to")}</label>
          <input id="promo-st-to" type="date" value={period().to} onChange={(e) => e.currentTarget.value && setRange({ ...period(), to: e.currentTarget.value })} />
        </div>
      </form>
      <Loadable of={stats} errorTitle={at("admin.loadError")} onRetry={() => void refetchStats()}>
        {(s) => (
          <div class="kpis" data-testid="promo-stats">
            <div class="kpi">
              <div class="kpi__value">{s().uses}</div>
              <div class="kpi__label">{at("promo.periodUses")}</div>
            </div>
            <div class="kpi">
              <div class="kpi__value">{money(s().given_away)}</div>
              <div class="kpi__label">{at("promo.periodGiven")}</div>
            </div>
          </div>
        )}
      </Loadable>
      <h2 class="section-title">{at("promo.list")}</h2>
      <FormError message={listError()} />
      <Loadable of={list} errorTitle={at("admin.loadError")} onRetry={() => void refetch()}>
        {(r) => (
          <Show when={r().promo_codes.length > 0} fallback={<p class="empty-note">{at("promo.empty")}</p>}>
            <div class="table-wrap">
              <table class="data-table">
                <thead>
                  <tr>
                    <th>{at("promo.code")}</th>
                    <th>{at("promo.discount")}</th>
                    <th>{at("promo.scope")}</th>
                    <th>{at("promo.dates")}</th>
                    <th>{at("promo.limits")}</th>
                    <th class="num">{at("promo.uses")}</th>
                    <th class="num">{at("promo.given")}</th>
                    <th class="num">{at("promo.inPeriod")}</th>
                    <th>{at("cert.status")}</th>
                    <th>
                      <span class="sr-only">{at("promo.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={r().promo_codes}>
                    {(p) => (
                      <tr data-promo-id={p.id} data-promo-code={p.code}>
                        <td>
                          <strong>{p.code}</strong>
                        </td>
                        <td>{discount(p)}</td>
                        <td>{scope(p)}</td>
                        <td>{dates(p)}</td>
                        <td>{limits(p)}</td>
                        <td class="num">{p.uses}</td>
                        <td class="num">{money(p.given_away)}</td>
                        <td class="num">{periodUses(p.id) ? `${periodUses(p.id)!.uses} · ${money(periodUses(p.id)!.given_away)}` : "0"}</td>
                        <td>{p.active ? at("promo.on") : at("promo.off")}</td>
                        <td>
                          <div class="actions">
                            <button type="button" class="btn btn--small" aria-label={`${at("promo.editButton")} ${p.code}`} onClick={() => edit(p)}>
                              {at("promo.editButton")}
                            </button>
                            <button type="button" class={`btn btn--small${p.active ? " btn--danger" : ""}`} onClick={() => void toggle(p)}>
                              {p.active ? at("promo.switchOff") : at("promo.switchOn")}
                            </button>
                          </div>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        )}
      </Loadable>
    </Screen>
  );
}
