import { For, Show, createResource, createSignal } from "solid-js";
import type { AdminResource } from "../../../../worker/contracts/resources";
import FormError from "../../components/FormError";
import Loadable from "../../components/Loadable";
import Screen from "../../components/Screen";
import { errorMessage } from "../../data/errors";
import { locale } from "../../i18n";
import { archiveResource, closeResource, createResource as addResource, getAdminServices, getResources, reopenResource, updateResource, updateService } from "../data/api";
import { at } from "../i18n";

const text = (form: HTMLFormElement, name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? "";

/** Rooms, chairs and machines: units, own hours, closure days, and which services need them. Route: /admin/resources. */
export default function Resources() {
  const [list, { refetch }] = createResource(getResources);
  const [services, { refetch: refetchServices }] = createResource(getAdminServices);
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal<number | null>(null);

  const attempt = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      await Promise.all([refetch(), refetchServices()]);
    } catch (err) {
      setError(errorMessage(err, locale()));
    }
  };

  const create = (form: HTMLFormElement) =>
    attempt(async () => {
      const kind = text(form, "kind") === "equipment" ? "equipment" : "room";
      await addResource({ name: text(form, "name"), kind, units: Number(text(form, "units")) || 1 });
      form.reset();
    });

  /** Saves name, units and hours, then the services whose need of this resource changed. */
  const save = (r: AdminResource, form: HTMLFormElement) =>
    attempt(async () => {
      const own = (form.elements.namedItem("own_hours") as HTMLInputElement).checked;
      const hours = own ? Array.from({ length: 7 }, () => [text(form, "from"), text(form, "to")] as [string, string]) : null;
      await updateResource(r.id, { name: text(form, "name"), units: Number(text(form, "units")), hours });
      const wanted = new Set(Array.from(form.querySelectorAll<HTMLInputElement>("input[name=service]:checked")).map((i) => Number(i.value)));
      for (const s of services()?.services ?? []) {
        const has = s.resource_ids.includes(r.id);
        if (has === wanted.has(s.id)) continue;
        await updateService(s.id, { resource_ids: has ? s.resource_ids.filter((id) => id !== r.id) : [...s.resource_ids, r.id] });
      }
      setSaved(r.id);
    });

  const mainServices = () => (services()?.services ?? []).filter((s) => !s.is_addon && s.active);

  return (
    <Screen title={at("res.title")}>
      <form class="form card form--inline" aria-label={at("res.new")} onSubmit={(e) => (e.preventDefault(), void create(e.currentTarget))}>
        <div class="field">
          <label for="res-new-name">{at("res.name")}</label>
          <input id="res-new-name" name="name" required maxLength={100} />
        </div>
        <div class="field">
          <label for="res-new-kind">{at("res.kind")}</label>
          <select id="res-new-kind" name="kind">
            <option value="room">{at("res.kind.room")}</option>
            <option value="equipment">{at("res.kind.equipment")}</option>
          </select>
        </div>
        <div class="field">
          <label for="res-new-units">{at("res.units")}</label>
          <input id="res-new-units" name="units" type="number" min="1" max="50" value="1" required />
        </div>
        <button type="submit" class="btn btn--primary">
          {at("res.new")}
        </button>
      </form>
      <FormError message={error()} />
      <Loadable of={list} errorTitle={at("admin.loadError")} onRetry={() => void refetch()}>
        {(l) => (
          <Show when={l().resources.length > 0} fallback={<p class="empty-note">{at("res.empty")}</p>}>
            <For each={l().resources}>
              {(r) => (
                <form class="form card res-card" aria-label={r.name} data-resource-id={r.id} onSubmit={(e) => (e.preventDefault(), void save(r, e.currentTarget))}>
                  <div class="form--inline">
                    <div class="field">
                      <label for={`res-${r.id}-name`}>{at("res.name")}</label>
                      <input id={`res-${r.id}-name`} name="name" value={r.name} required maxLength={100} />
                    </div>
                    <div class="field">
                      <label for={`res-${r.id}-units`}>{at("res.units")}</label>
                      <input id={`res-${r.id}-units`} name="units" type="number" min="1" max="50" value={r.units} required />
                    </div>
                    <span class="muted">{at(r.kind === "room" ? "res.kind.room" : "res.kind.equipment")}</span>
                  </div>
                  <fieldset class="res-row">
                    <label class="res-check">
                      <input type="checkbox" name="own_hours" checked={r.hours !== null} /> {at("res.hours")}
                    </label>
                    <label>
                      {at("res.hoursFrom")} <input name="from" type="time" value={r.hours?.find((h) => h)?.[0] ?? "09:00"} />
                    </label>
                    <label>
                      {at("res.hoursTo")} <input name="to" type="time" value={r.hours?.find((h) => h)?.[1] ?? "21:00"} />
                    </label>
                  </fieldset>
                  <fieldset class="res-row">
                    <legend>{at("res.services")}</legend>
                    <For each={mainServices()}>
                      {(s) => (
                        <label class="res-check">
                          <input type="checkbox" name="service" value={s.id} checked={s.resource_ids.includes(r.id)} /> {s.name}
                        </label>
                      )}
                    </For>
                  </fieldset>
                  <fieldset class="res-row">
                    <legend>{at("res.closures")}</legend>
                    <ul>
                      <For each={r.closures}>
                        {(c) => (
                          <li>
                            {c.from_date === c.to_date ? c.from_date : `${c.from_date} — ${c.to_date}`}{" "}
                            <button type="button" class="btn btn--small" onClick={() => void attempt(() => reopenResource(r.id, c.id))}>
                              {at("res.reopen")}
                            </button>
                          </li>
                        )}
                      </For>
                    </ul>
                    <label>
                      {at("res.closeFrom")} <input name="close_from" type="date" />
                    </label>
                    <label>
                      {at("res.closeTo")} <input name="close_to" type="date" />
                    </label>
                    <button
                      type="button"
                      class="btn btn--small"
                      onClick={(e) => {
                        const form = e.currentTarget.form!;
                        const from = text(form, "close_from");
                        if (from) void attempt(() => closeResource(r.id, from, text(form, "close_to") || from));
                      }}
                    >
                      {at("res.close")}
                    </button>
                  </fieldset>
                  <div class="actions">
                    <button type="submit" class="btn btn--primary">
                      {at("res.save")}
                    </button>
                    <button type="button" class="btn" onClick={() => void attempt(() => archiveResource(r.id))}>
                      {at("res.archive")}
                    </button>
                    <Show when={saved() === r.id}>
                      <span class="muted" role="status">
                        {at("res.saved")}
                      </span>
                    </Show>
                  </div>
                </form>
              )}
            </For>
          </Show>
        )}
      </Loadable>
    </Screen>
  );
}
