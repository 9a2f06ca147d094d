import { useSearchParams } from "@solidjs/router";
import { For, Show, createResource } from "solid-js";
import type { AdminService, CreateServiceBody } from "../../../../worker/contracts/admin";
import Loadable from "../../components/Loadable";
import Screen from "../../components/Screen";
import { formatPrice } from "../../format";
import { intlLocale } from "../../i18n";
import { settled } from "../../resource";
import ActiveToggle from "../components/ActiveToggle";
import SaveActions from "../components/SaveActions";
import SaveOutcome from "../components/SaveOutcome";
import { createCategory, createService, deactivateService, getAdminServices, getCategories, reorderCategories, reorderServices, setCategoryActive, updateService } from "../data/api";
import { createAttempt } from "../data/attempt";
import { int, intOrNull, kopecks, text, textOrNull } from "../data/form";
import { roublesText } from "../data/money";
import { moved } from "../data/order";
import { at } from "../i18n";

/** Services, add-ons and categories: create, edit, deactivate, reorder. Route: /admin/services. */
export default function Services() {
  const [params, setParams] = useSearchParams<{ id?: string }>();
  const [services, { refetch }] = createResource(getAdminServices);
  const [categories, { refetch: refetchCategories }] = createResource(getCategories);
  const list = () => settled(services)?.services ?? [];
  const selected = (): AdminService | "new" | undefined => (params.id === "new" ? "new" : list().find((s) => s.id === Number(params.id)));

  const { error, notice, attempt } = createAttempt(refetch);

  const bodyOf = (f: FormData, addonIds: number[]): CreateServiceBody => {
    const kind = text(f, "prepayment_kind") as CreateServiceBody["prepayment"]["kind"];
    const value = kind === "deposit_fixed" ? kopecks(f, "prepayment_value") : kind === "deposit_percent" ? int(f, "prepayment_value") : 0;
    return {
      name: text(f, "name"),
      description: textOrNull(f, "description"),
      category_id: intOrNull(f, "category_id"),
      duration_min: int(f, "duration_min"),
      buffer_after_min: int(f, "buffer_after_min") || 0,
      price_minor: kopecks(f, "price"),
      prepayment: { kind, value },
      yclients_service_id: intOrNull(f, "yclients_service_id"),
      is_addon: f.get("is_addon") === "on",
      is_class: f.get("is_class") === "on",
      default_seats: intOrNull(f, "default_seats"),
      addon_ids: addonIds,
    };
  };

  const save = (form: HTMLFormElement, current: AdminService | "new") => {
    const f = new FormData(form);
    const addonIds = f.getAll("addon_ids").map(Number);
    const body = bodyOf(f, addonIds);
    if (current === "new") {
      void attempt(() => createService(body).then(({ service }) => setParams({ id: String(service.id) })));
    } else {
      const { is_addon: _fixed, ...changes } = body;
      void attempt(() => updateService(current.id, changes));
    }
  };

  const move = (id: number, by: -1 | 1) => void attempt(() => reorderServices(moved(list().map((s) => s.id), id, by)));
  const moveCategory = (id: number, by: -1 | 1) =>
    void attempt(() => reorderCategories(moved((settled(categories)?.categories ?? []).map((c) => c.id), id, by)), () => void refetchCategories());

  return (
    <Screen title={at("svc.title")}>
      <SaveOutcome error={error()} notice={notice()} />
      <div class="panel-grid">
        <div>
          <div class="actions">
            <button type="button" class="btn btn--primary" onClick={() => setParams({ id: "new" })}>
              {at("svc.new")}
            </button>
          </div>
          <Loadable of={services} errorTitle={at("admin.loadError")} onRetry={() => void refetch()}>
            {() => (
              <ul class="pick-list" aria-label={at("svc.title")}>
                <For each={list()}>
                  {(s) => (
                    <li class="input-row" data-service-id={s.id}>
                      <button type="button" aria-pressed={selected() === s} onClick={() => setParams({ id: String(s.id) })}>
                        {s.name}
                        <span class="muted">
                          {" "}
                          · {formatPrice(s.price, intlLocale())} · {s.duration_min}′{s.is_addon ? ` · ${at("svc.addon")}` : ""}
                          {s.active ? "" : ` · ${at("admin.inactive")}`}
                        </span>
                      </button>
                      <button type="button" class="btn btn--small" aria-label={`${at("svc.up")}: ${s.name}`} onClick={() => move(s.id, -1)}>
                        ↑
                      </button>
                      <button type="button" class="btn btn--small" aria-label={`${at("svc.down")}: ${s.name}`} onClick={() => move(s.id, 1)}>
                        ↓
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            )}
          </Loadable>
          <h2 class="section-title">{at("svc.categories")}</h2>
          <ul class="pick-list" aria-label={at("svc.categories")}>
            <For each={settled(categories)?.categories ?? []}>
              {(c) => (
                <li class="input-row" data-category-id={c.id}>
                  <span class="pick-list__text">
                    {c.name}
                    <Show when={!c.active}>
                      <span class="muted"> · {at("admin.inactive")}</span>
                    </Show>
                  </span>
                  <button type="button" class="btn btn--small" aria-label={`${at("svc.up")}: ${c.name}`} onClick={() => moveCategory(c.id, -1)}>
                    ↑
                  </button>
                  <button type="button" class="btn btn--small" aria-label={`${at("svc.down")}: ${c.name}`} onClick={() => moveCategory(c.id, 1)}>
                    ↓
                  </button>
                  <button type="button" class="btn btn--small" onClick={() => void attempt(() => setCategoryActive(c.id, !c.active), () => void refetchCategories())}>
                    {c.active ? at("admin.deactivate") : at("admin.activate")}
                  </button>
                </li>
              )}
            </For>
          </ul>
          <form
            class="input-row"
            onSubmit={(e) => {
              e.preventDefault();
              const input = e.currentTarget.elements.namedItem("category") as HTMLInputElement;
              void attempt(() => createCategory(input.value.trim()), () => ((input.value = ""), void refetchCategories()));
            }}
          >
            <input name="category" required aria-label={at("svc.newCategory")} placeholder={at("svc.newCategory")} maxLength={100} />
            <button type="submit" class="btn btn--small">
              {at("admin.add")}
            </button>
          </form>
        </div>
        <Show when={selected()}>
          {(current) => {
            const s = () => (current() === "new" ? null : (current() as AdminService));
            return (
              <form class="form card" aria-label={s()?.name ?? at("svc.new")} onSubmit={(e) => (e.preventDefault(), save(e.currentTarget, current()))}>
                <div class="field">
                  <label for="svc-name">{at("svc.name")}</label>
                  <input id="svc-name" name="name" required maxLength={100} value={s()?.name ?? ""} />
                </div>
                <div class="field">
                  <label for="svc-desc">{at("svc.description")}</label>
                  <textarea id="svc-desc" name="description" rows={2} maxLength={2000} value={s()?.description ?? ""} />
                </div>
                <div class="form--inline">
                  <div class="field">
                    <label for="svc-cat">{at("svc.category")}</label>
                    <select id="svc-cat" name="category_id">
                      <option value="">—</option>
                      <For each={settled(categories)?.categories ?? []}>
                        {(c) => (
                          <option value={c.id} selected={c.id === s()?.category_id}>
                            {c.name}
                          </option>
                        )}
                      </For>
                    </select>
                  </div>
                  <div class="field">
                    <label for="svc-price">{at("svc.price")}</label>
                    <input id="svc-price" name="price" inputmode="decimal" required value={s() ? roublesText(s()!.price.amount_minor) : ""} />
                  </div>
                  <div class="field">
                    <label for="svc-dur">{at("svc.duration")}</label>
                    <input id="svc-dur" name="duration_min" type="number" min="5" max="1440" step="5" required value={s()?.duration_min ?? 60} />
                  </div>
                  <div class="field">
                    <label for="svc-buf">{at("svc.buffer")}</label>
                    <input id="svc-buf" name="buffer_after_min" type="number" min="0" max="240" step="5" value={s()?.buffer_after_min ?? 0} />
                  </div>
                </div>
                <div class="form--inline">
                  <div class="field">
                    <label for="svc-pk">{at("svc.prepayment")}</label>
                    <select id="svc-pk" name="prepayment_kind">
                      <For each={["none", "deposit_fixed", "deposit_percent", "full"] as const}>
                        {(k) => (
                          <option value={k} selected={(s()?.prepayment.kind ?? "none") === k}>
                            {at(`svc.prepayment.${k}`)}
                          </option>
                        )}
                      </For>
                    </select>
                  </div>
                  <div class="field">
                    <label for="svc-pv">{at("svc.prepaymentValue")}</label>
                    <input
                      id="svc-pv"
                      name="prepayment_value"
                      inputmode="decimal"
                      value={s()?.prepayment.kind === "deposit_fixed" ? roublesText(s()!.prepayment.value) : s()?.prepayment.kind === "deposit_percent" ? String(s()!.prepayment.value) : ""}
                    />
                  </div>
                  <div class="field">
                    <label for="svc-yc">{at("svc.ycId")}</label>
                    <input id="svc-yc" name="yclients_service_id" type="number" min="1" value={s()?.yclients_service_id ?? ""} />
                  </div>
                </div>
                <Show when={current() === "new"}>
                  <label class="choice">
                    <input type="checkbox" name="is_addon" /> {at("svc.addon")}
                  </label>
                </Show>
                <Show when={!s()?.is_addon}>
                  <div class="row">
                    <label class="choice">
                      <input type="checkbox" name="is_class" checked={s()?.is_class ?? false} /> {at("svc.isClass")}
                    </label>
                    <div class="field">
                      <label for="svc-seats">{at("svc.defaultSeats")}</label>
                      <input id="svc-seats" name="default_seats" type="number" min="1" max="500" value={s()?.default_seats ?? ""} />
                    </div>
                  </div>
                  <fieldset class="fieldset">
                    <legend>{at("svc.addons")}</legend>
                    <For each={list().filter((a) => a.is_addon)}>
                      {(a) => (
                        <label class="choice">
                          <input type="checkbox" name="addon_ids" value={a.id} checked={s()?.addon_ids.includes(a.id) ?? false} /> {a.name}
                        </label>
                      )}
                    </For>
                  </fieldset>
                </Show>
                <SaveActions>
                  <ActiveToggle of={s()} onActivate={(svc) => void attempt(() => updateService(svc.id, { active: true }))} onDeactivate={(svc) => void attempt(() => deactivateService(svc.id))} />
                </SaveActions>
              </form>
            );
          }}
        </Show>
      </div>
    </Screen>
  );
}
