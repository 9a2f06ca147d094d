import { For, Show, createResource, createSignal } from "solid-js";
import Loadable from "../../components/Loadable";
import Screen from "../../components/Screen";
import { errorMessage } from "../../data/errors";
import { intlLocale, locale } from "../../i18n";
import type { DepositPolicy } from "../../../../worker/contracts/deposit";
import SaveActions from "../components/SaveActions";
import { getAdminServices } from "../data/api";
import { int, kopecks, text } from "../data/form";
import { roublesText } from "../data/money";
import { getDepositPolicy, saveDepositPolicy } from "../data/money-products";
import { at } from "../i18n";

type Kind = DepositPolicy["kind"];
type Rate = { bookings: number; no_show: number; no_show_rate: number | null };

/** No-show protection: who pays a deposit, how much, for which services, and no-show rates before and after. Route: /admin/deposits. */
export default function Deposits() {
  const [answer, { refetch }] = createResource(getDepositPolicy);
  const [services] = createResource(getAdminServices);
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal(false);
  const [kind, setKind] = createSignal<Kind | null>(null);
  const mainServices = () => (services()?.services ?? []).filter((s) => !s.is_addon && s.active);

  const save = async (form: HTMLFormElement, current: DepositPolicy) => {
    const f = new FormData(form);
    const k = kind() ?? current.kind;
    setError(null);
    setSaved(false);
    try {
      await saveDepositPolicy({
        kind: k,
        ...(k === "off" ? {} : { value: k === "percent" ? int(f, "value") : kopecks(f, "value") }),
        new_clients: f.get("new_clients") === "on",
        all_clients: f.get("all_clients") === "on",
        no_show_count: f.get("no_shows_on") === "on" ? int(f, "no_show_count") : null,
        no_show_months: int(f, "no_show_months"),
        service_ids: f.getAll("service").map(Number),
      });
      setSaved(true);
      await refetch();
    } catch (err) {
      setError(errorMessage(err, locale()));
    }
  };

  const rate = (r: Rate) => (r.no_show_rate === null ? "—" : `${(r.no_show_rate * 100).toFixed(1)}%`);

  return (
    <Screen title={at("dep.title")}>
      <Loadable of={answer} errorTitle={at("admin.loadError")} onRetry={() => void refetch()}>
        {(a) => {
          const p = () => a().policy;
          const k = () => kind() ?? p().kind;
          const shown = () => (p().kind === "fixed" ? roublesText(p().value) : p().kind === "percent" ? String(p().value) : "");
          return (
            <>
              <p class="hint">{at("dep.rule", { hours: p().refund_hours })}</p>
              <form
                class="form"
                aria-label={at("dep.title")}
                onSubmit={(e) => {
                  e.preventDefault();
                  void save(e.currentTarget, p());
                }}
              >
                <div class="form--inline">
                  <div class="field">
                    <label for="dep-kind">{at("dep.kind")}</label>
                    <select id="dep-kind" value={k()} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
                      <option value="off">{at("dep.kind.off")}</option>
                      <option value="percent">{at("dep.kind.percent")}</option>
                      <option value="fixed">{at("dep.kind.fixed")}</option>
                    </select>
                  </div>
                  <Show when={k() !== "off"}>
                    <div class="field">
                      <label for="dep-value">{k() === "percent" ? at("promo.percent") : at("promo.amount")}</label>
                      <input id="dep-value" name="value" inputmode="decimal" required value={k() === p().kind ? shown() : ""} />
                    </div>
                  </Show>
                </div>
                <fieldset class="check-group">
                  <legend>{at("dep.who")}</legend>
                  <label class="check">
                    <input type="checkbox" name="new_clients" checked={p().new_clients} /> {at("dep.newClients")}
                  </label>
                  <label class="check">
                    <input type="checkbox" name="all_clients" checked={p().all_clients} /> {at("dep.allClients")}
                  </label>
                  <label class="check">
                    <input type="checkbox" name="no_shows_on" checked={p().no_show_count !== null} /> {at("dep.noShows")}
                  </label>
                </fieldset>
                <div class="form--inline">
                  <div class="field">
                    <label for="dep-count">{at("dep.noShowCount")}</label>
                    <input id="dep-count" name="no_show_count" type="number" min="1" max="100" value={p().no_show_count ?? 1} />
                  </div>
                  <div class="field">
                    <label for="dep-months">{at("dep.noShowMonths")}</label>
                    <input id="dep-months" name="no_show_months" type="number" min="1" max="60" value={p().no_show_months} required />
                  </div>
                </div>
                <fieldset class="check-group">
                  <legend>{at("dep.services")}</legend>
                  <For each={mainServices()}>
                    {(s) => (
                      <label class="check">
                        <input type="checkbox" name="service" value={s.id} checked={p().service_ids.includes(s.id)} /> {s.name}
                      </label>
                    )}
                  </For>
                </fieldset>
                <SaveActions error={error()} saved={saved()} />
              </form>
              <h2 class="section-title">{at("dep.stats")}</h2>
              <p class="hint">
                {a().stats.since ? at("dep.since", { date: new Date(a().stats.since!).toLocaleDateString(intlLocale()), days: a().stats.days }) : at("dep.statsOff", { days: a().stats.days })}
              </p>
              <div class="kpis" data-testid="deposit-stats">
                <div class="kpi">
                  <div class="kpi__value">{rate(a().stats.before)}</div>
                  <div class="kpi__label">{at(a().stats.since ? "dep.before" : "dep.recent", { n: a().stats.before.no_show, total: a().stats.before.bookings })}</div>
                </div>
                <Show when={a().stats.since}>
                  <div class="kpi">
                    <div class="kpi__value">{rate(a().stats.after)}</div>
                    <div class="kpi__label">{at("dep.after", { n: a().stats.after.no_show, total: a().stats.after.bookings })}</div>
                  </div>
                </Show>
              </div>
            </>
          );
        }}
      </Loadable>
    </Screen>
  );
}
