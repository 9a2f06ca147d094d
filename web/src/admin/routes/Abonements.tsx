import { A } from "@solidjs/router";
import { For, Show, createResource, createSignal } from "solid-js";
import type { AbonementType, AdminAbonement } from "../../../../worker/contracts/abonements";
import FormError from "../../components/FormError";
import Loadable from "../../components/Loadable";
import Screen from "../../components/Screen";
import { errorMessage } from "../../data/errors";
import { formatPhone, formatPrice } from "../../format";
import { intlLocale, locale } from "../../i18n";
import { lastValidDay } from "../../data/abonements";
import AbonementDetail from "../components/AbonementDetail";
import AbonementTypeForm from "../components/AbonementTypeForm";
import { getAdminServices, getAdminStaff } from "../data/api";
import { createAbonementType, listAbonementTypes, listAbonements, sellAbonement, updateAbonementType, type NewAbonementType, type SoldFilter } from "../data/abonements";
import { at, type AdminKey } from "../i18n";

/** Abonements: the types (create, edit), a sale at the desk, the sold ones with their usage (/admin/abonements), one with its uses (/admin/abonements/{id}). */
export default function Abonements(props: { id?: string }) {
  return <Show when={Number(props.id) || null} fallback={<AbonementsOverview />}>{(id) => <AbonementDetail id={id()} />}</Show>;
}

/** "3 visits / 30 days" or "unlimited, a month". */
export const typeTerms = (t: Pick<AbonementType, "kind" | "visits_count" | "validity_days">) =>
  t.kind === "visits" ? at("ab.visitsDays", { visits: t.visits_count ?? 0, days: t.validity_days ?? 0 }) : at("ab.unlimitedMonth");

/** Used / booked / left, the left unlimited for a membership. */
export const usage = (a: AdminAbonement) =>
  a.visits.left === null ? at("ab.unlimitedUsage", { used: a.visits.used, reserved: a.visits.reserved }) : at("ab.usageCell", { used: a.visits.used, reserved: a.visits.reserved, left: a.visits.left });

function AbonementsOverview() {
  const [types, { refetch: refetchTypes }] = createResource(listAbonementTypes);
  const [services] = createResource(getAdminServices);
  const [staff] = createResource(getAdminStaff);
  const [editing, setEditing] = createSignal<number | null>(null);
  // A new blank create form after each created type (a form reset would drop the checkboxes' defaults).
  const [blank, setBlank] = createSignal(0);
  const [typeError, setTypeError] = createSignal<string | null>(null);
  const [typeSaved, setTypeSaved] = createSignal<string | null>(null);
  const [filter, setFilter] = createSignal<SoldFilter>({ status: "", phone: "", expiringWithinDays: "" });
  const [sold, { refetch: refetchSold }] = createResource(filter, listAbonements);
  const [saleError, setSaleError] = createSignal<string | null>(null);
  const [saleDone, setSaleDone] = createSignal<number | null>(null);

  const mainServices = () => (services()?.services ?? []).filter((s) => !s.is_addon && s.active);
  const activeStaff = () => (staff()?.staff ?? []).filter((s) => s.active);
  const names = (list: { name: string }[]) => (list.length ? list.map((x) => x.name).join(", ") : at("ab.all"));

  const saveType = async (id: number | null, body: NewAbonementType) => {
    setTypeError(null);
    setTypeSaved(null);
    try {
      if (id === null) {
        const { type } = await createAbonementType(body);
        setTypeSaved(at("ab.typeCreated", { name: type.name }));
        setBlank((n) => n + 1);
      } else {
        // The kind of a sold type does not change; the rest applies to abonements sold from now on.
        const { kind: _kind, ...patch } = body;
        const { type } = await updateAbonementType(id, patch);
        setTypeSaved(at("ab.typeSaved", { name: type.name }));
        setEditing(null);
      }
      await refetchTypes();
    } catch (err) {
      setTypeError(errorMessage(err, locale()));
    }
  };

  // One key per distinct sale: a double click at the desk does not sell twice.
  let saleKey: { body: string; value: string } | null = null;
  const sell = async (event: SubmitEvent) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget as HTMLFormElement);
    const typeId = Number(f.get("type"));
    const phone = String(f.get("phone") ?? "").trim();
    const body = JSON.stringify({ typeId, phone });
    if (saleKey?.body !== body) saleKey = { body, value: crypto.randomUUID() };
    setSaleError(null);
    setSaleDone(null);
    try {
      const { abonement } = await sellAbonement(typeId, phone, saleKey.value);
      setSaleDone(abonement.id);
      await refetchSold();
    } catch (err) {
      setSaleError(errorMessage(err, locale()));
    }
  };

  const applyFilter = (event: SubmitEvent) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => String(f.get(name) ?? "").trim();
    setFilter({ status: field("status"), phone: field("phone"), expiringWithinDays: field("expiring") });
  };

  return (
    <Screen title={at("ab.title")}>
      <h2 class="section-title">{at("ab.types")}</h2>
      <Show when={typeSaved()}>
        {(message) => (
          <p class="notice" role="status">
            {message()}
          </p>
        )}
      </Show>
      <Loadable of={types} errorTitle={at("admin.loadError")} onRetry={() => void refetchTypes()}>
        {(r) => (
          <Show when={r().types.length > 0} fallback={<p class="empty-note">{at("ab.noTypes")}</p>}>
            <div class="table-wrap">
              <table class="data-table">
                <thead>
                  <tr>
                    <th>{at("ab.name")}</th>
                    <th>{at("ab.kind")}</th>
                    <th class="num">{at("ab.price")}</th>
                    <th>{at("ab.services")}</th>
                    <th>{at("ab.masters")}</th>
                    <th class="num">{at("ab.freezeMax")}</th>
                    <th>{at("ab.status")}</th>
                    <th>
                      <span class="sr-only">{at("admin.edit")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={r().types}>
                    {(t) => (
                      <tr data-abonement-type-id={t.id}>
                        <td>
                          <strong>{t.name}</strong>
                        </td>
                        <td>{typeTerms(t)}</td>
                        <td class="num">{formatPrice(t.price, intlLocale())}</td>
                        <td>{names(t.services)}</td>
                        <td>{names(t.staff)}</td>
                        <td class="num">{t.freeze_max_days}</td>
                        <td>
                          {t.active ? at("ab.on") : at("ab.off")}
                          {t.active && !t.sold_online ? ` · ${at("ab.soldBy.desk")}` : ""}
                        </td>
                        <td>
                          <button type="button" class="btn btn--small" aria-label={`${at("admin.edit")}: ${t.name}`} onClick={() => setEditing(t.id)}>
                            {at("admin.edit")}
                          </button>
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
      <Show when={types()?.types.find((t) => t.id === editing())} keyed>
        {(type) => <AbonementTypeForm type={type} services={mainServices()} staff={activeStaff()} error={typeError()} onSave={(body) => void saveType(type.id, body)} onCancel={() => setEditing(null)} />}
      </Show>
      <Show when={editing() === null ? blank() + 1 : null} keyed>
        {(_blank) => <AbonementTypeForm services={mainServices()} staff={activeStaff()} error={typeError()} onSave={(body) => void saveType(null, body)} />}
      </Show>

      <h2 class="section-title">{at("ab.sell")}</h2>
      <form class="form form--inline" aria-label={at("ab.sell")} onSubmit={(e) => void sell(e)}>
        <div class="field">
          <label for="ab-sell-type">{at("ab.sellType")}</label>
          <select id="ab-sell-type" name="type" required>
            <For each={(types()?.types ?? []).filter((t) => t.active)}>
              {(t) => (
                <option value={t.id}>
                  {t.name} — {formatPrice(t.price, intlLocale())}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="ab-sell-phone">{at("ab.sellPhone")}</label>
          <input id="ab-sell-phone" name="phone" type="tel" inputmode="tel" required />
        </div>
        <button type="submit" class="btn btn--primary">
          {at("ab.sellButton")}
        </button>
        <p class="hint">{at("ab.sellHint")}</p>
      </form>
      <FormError message={saleError()} />
      <Show when={saleDone()}>
        {(id) => (
          <p class="notice" role="status" data-testid="abonement-sold">
            <A href={`/admin/abonements/${id()}`}>{at("ab.sold", { id: id() })}</A>
          </p>
        )}
      </Show>

      <h2 class="section-title">{at("ab.soldList")}</h2>
      <form class="form form--inline" aria-label={at("ab.soldList")} onSubmit={applyFilter}>
        <div class="field">
          <label for="ab-filter-status">{at("ab.filterStatus")}</label>
          <select id="ab-filter-status" name="status">
            <option value="">{at("ab.filterAll")}</option>
            <For each={["active", "awaiting_payment", "void", "refunded", "canceled"]}>{(s) => <option value={s}>{at(`ab.status.${s}` as AdminKey)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="ab-filter-phone">{at("ab.filterPhone")}</label>
          <input id="ab-filter-phone" name="phone" type="tel" inputmode="tel" />
        </div>
        <div class="field">
          <label for="ab-filter-expiring">{at("ab.expiringWithin")}</label>
          <input id="ab-filter-expiring" name="expiring" type="number" min="1" max="3650" />
        </div>
        <button type="submit" class="btn">
          {at("admin.search")}
        </button>
      </form>
      <Loadable of={sold} errorTitle={at("admin.loadError")} onRetry={() => void refetchSold()}>
        {(r) => (
          <Show when={r().abonements.length > 0} fallback={<p class="empty-note">{at("ab.noSold")}</p>}>
            <div class="table-wrap">
              <table class="data-table">
                <thead>
                  <tr>
                    <th>№</th>
                    <th>{at("ab.holder")}</th>
                    <th>{at("ab.name")}</th>
                    <th>{at("ab.usage")}</th>
                    <th>{at("ab.until")}</th>
                    <th>{at("ab.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={r().abonements}>
                    {(a) => (
                      <tr data-abonement-id={a.id}>
                        <td>
                          <A href={`/admin/abonements/${a.id}`}>{a.id}</A>
                        </td>
                        <td>
                          {a.holder.name ?? "—"}
                          <Show when={a.holder.phone}>{(p) => <span class="muted"> {formatPhone(p())}</span>}</Show>
                        </td>
                        <td>{a.name}</td>
                        <td data-testid="abonement-usage">{usage(a)}</td>
                        <td>{a.expires_at ? lastValidDay(a.expires_at, intlLocale()) : "—"}</td>
                        <td>
                          {at(`ab.status.${a.status}` as AdminKey)} · {at(`ab.soldBy.${a.sold_by}` as AdminKey)}
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
