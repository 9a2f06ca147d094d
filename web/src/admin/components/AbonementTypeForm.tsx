import { For, Show, createSignal } from "solid-js";
import type { AdminService, AdminStaff } from "../../../../worker/contracts/admin";
import type { AbonementType } from "../../../../worker/contracts/abonements";
import type { NewAbonementType } from "../data/abonements";
import { int, kopecks, text } from "../data/form";
import { at } from "../i18n";
import SaveActions from "./SaveActions";

const ids = (f: FormData, name: string) => f.getAll(name).map(Number);
const roubles = (minor: number) => String(minor / 100);

/**
 * Create or edit an abonement type: kind, visits and days (a package) or a
 * month (a membership), price, services, masters, freeze limit, on sale.
 * The API checks the values and answers in words.
 */
export default function AbonementTypeForm(props: {
  type?: AbonementType;
  services: AdminService[];
  staff: AdminStaff[];
  error: string | null;
  onSave: (body: NewAbonementType) => void;
  onCancel?: () => void;
}) {
  // The form is keyed by the type it edits (the caller re-creates it for another one).
  const [kind, setKind] = createSignal<"visits" | "unlimited">(props.type?.kind ?? "visits");
  const prefix = () => (props.type ? `abt-${props.type.id}` : "abt-new");
  const has = (list: { id: number }[] | undefined, id: number) => list?.some((x) => x.id === id) ?? false;
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const counts = kind() === "visits" ? { visits_count: int(f, "visits_count"), validity_days: int(f, "validity_days") } : { once_per_day: f.get("once_per_day") === "on" };
    props.onSave(
      {
        name: text(f, "name"),
        kind: kind(),
        ...counts,
        price_minor: kopecks(f, "price"),
        service_ids: ids(f, "service"),
        staff_ids: ids(f, "staff"),
        freeze_max_days: int(f, "freeze_max_days") || 0,
        active: f.get("active") === "on",
        sold_online: f.get("sold_online") === "on",
      });
  };
  return (
    <form class="form abonement-type-form" aria-label={props.type ? at("ab.editType", { name: props.type.name }) : at("ab.newType")} onSubmit={submit}>
      <h3 class="section-title">{props.type ? at("ab.editType", { name: props.type.name }) : at("ab.newType")}</h3>
      <div class="form--inline">
        <div class="field">
          <label for={`${prefix()}-name`}>{at("ab.name")}</label>
          <input id={`${prefix()}-name`} name="name" required maxLength={100} value={props.type?.name ?? ""} />
        </div>
        <div class="field">
          <label for={`${prefix()}-kind`}>{at("ab.kind")}</label>
          {/* A sold abonement keeps its type as sold; the kind of an existing type does not change. */}
          <select id={`${prefix()}-kind`} value={kind()} disabled={Boolean(props.type)} onChange={(e) => setKind(e.currentTarget.value as "visits" | "unlimited")}>
            <option value="visits">{at("ab.kind.visits")}</option>
            <option value="unlimited">{at("ab.kind.unlimited")}</option>
          </select>
        </div>
        <Show
          when={kind() === "visits"}
          fallback={
            <label class="check">
              <input type="checkbox" name="once_per_day" checked={props.type?.once_per_day ?? false} /> {at("ab.oncePerDay")}
            </label>
          }
        >
          <div class="field">
            <label for={`${prefix()}-visits`}>{at("ab.visits")}</label>
            <input id={`${prefix()}-visits`} name="visits_count" type="number" min="1" max="200" required value={props.type?.visits_count ?? ""} />
          </div>
          <div class="field">
            <label for={`${prefix()}-days`}>{at("ab.days")}</label>
            <input id={`${prefix()}-days`} name="validity_days" type="number" min="1" max="1000" required value={props.type?.validity_days ?? ""} />
          </div>
        </Show>
        <div class="field">
          <label for={`${prefix()}-price`}>{at("ab.price")}</label>
          <input id={`${prefix()}-price`} name="price" inputmode="decimal" required value={props.type ? roubles(props.type.price.amount_minor) : ""} />
        </div>
        <div class="field">
          <label for={`${prefix()}-freeze`}>{at("ab.freezeMax")}</label>
          <input id={`${prefix()}-freeze`} name="freeze_max_days" type="number" min="0" max="365" value={props.type?.freeze_max_days ?? 0} />
        </div>
      </div>
      <fieldset class="check-group">
        <legend>{at("ab.services")}</legend>
        <For each={props.services}>
          {(s) => (
            <label class="check">
              <input type="checkbox" name="service" value={s.id} checked={has(props.type?.services, s.id)} /> {s.name}
            </label>
          )}
        </For>
      </fieldset>
      <fieldset class="check-group">
        <legend>{at("ab.masters")}</legend>
        <For each={props.staff}>
          {(s) => (
            <label class="check">
              <input type="checkbox" name="staff" value={s.id} checked={has(props.type?.staff, s.id)} /> {s.name}
            </label>
          )}
        </For>
      </fieldset>
      <label class="check">
        <input type="checkbox" name="active" checked={props.type?.active ?? true} /> {at("ab.active")}
      </label>
      <label class="check">
        <input type="checkbox" name="sold_online" checked={props.type?.sold_online ?? true} /> {at("ab.soldOnline")}
      </label>
      <SaveActions error={props.error} label={props.type ? at("ab.saveType") : at("ab.createType")}>
        <Show when={props.onCancel}>
          <button type="button" class="btn" onClick={() => props.onCancel?.()}>
            {at("admin.cancel")}
          </button>
        </Show>
      </SaveActions>
    </form>
  );
}
