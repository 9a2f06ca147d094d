import { For, Show, createSignal } from "solid-js";
import SaveActions from "./SaveActions";
import type { AdminService, AdminStaff } from "../../../../worker/contracts/admin";
import type { PromoCode } from "../../../../worker/contracts/promo";
import { intOrNull, kopecks, text, textOrNull } from "../data/form";
import type { NewPromo } from "../data/money-products";
import { at } from "../i18n";

const ids = (f: FormData, name: string) => f.getAll(name).map(Number);
/** Of the code's ids, those the form has no box for (a service or master switched off since): an edit keeps them. */
const unlisted = (chosen: number[] | undefined, listed: { id: number }[]) => (chosen ?? []).filter((id) => !listed.some((x) => x.id === id));

type Props = {
  services: AdminService[];
  staff: AdminStaff[];
  error: string | null;
  /** The code to edit: the form starts from its values and its text cannot change. Absent: a new code. */
  promo?: PromoCode;
  onSubmit: (body: NewPromo, form: HTMLFormElement) => void;
  onCancel?: () => void;
};

/** A promo code's form, to create one or edit one; the API checks the values and answers in words. */
export default function PromoForm(props: Props) {
  // Read once: the screen mounts a fresh form for each code it edits.
  const initial = props.promo;
  const [kind, setKind] = createSignal<"percent" | "amount">(initial?.amount_off ? "amount" : "percent");
  const initialValue = initial ? (initial.percent_off !== null ? String(initial.percent_off) : initial.amount_off ? String(initial.amount_off.amount_minor / 100) : "") : "";
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    const discount = kind() === "percent" ? { percent_off: Number(text(f, "value")) } : { amount_off_minor: kopecks(f, "value") };
    props.onSubmit(
      {
        code: text(f, "code"),
        ...discount,
        service_ids: [...ids(f, "service"), ...unlisted(initial?.service_ids, props.services)],
        staff_ids: [...ids(f, "staff"), ...unlisted(initial?.staff_ids, props.staff)],
        valid_from: textOrNull(f, "valid_from"),
        valid_to: textOrNull(f, "valid_to"),
        first_visit_only: f.get("first_visit_only") === "on",
        total_limit: intOrNull(f, "total_limit"),
        per_customer_limit: intOrNull(f, "per_customer_limit"),
      },
      form,
    );
  };
  return (
    <form class="form promo-form" aria-label={initial ? at("promo.edit", { code: initial.code }) : at("promo.create")} onSubmit={submit}>
      <h2 class="section-title">{initial ? at("promo.edit", { code: initial.code }) : at("promo.create")}</h2>
      <div class="form--inline">
        <div class="field">
          <label for="promo-code">{at("promo.code")}</label>
          <input id="promo-code" name="code" required minLength={3} maxLength={32} autocapitalize="characters" value={initial?.code ?? ""} readOnly={initial !== undefined} />
        </div>
        <div class="field">
          <label for="promo-kind">{at("promo.kind")}</label>
          <select id="promo-kind" value={kind()} onChange={(e) => setKind(e.currentTarget.value as "percent" | "amount")}>
            <option value="percent">{at("promo.kind.percent")}</option>
            <option value="amount">{at("promo.kind.amount")}</option>
          </select>
        </div>
        <div class="field">
          <label for="promo-value">{kind() === "percent" ? at("promo.percent") : at("promo.amount")}</label>
          <input id="promo-value" name="value" inputmode="decimal" required value={initialValue} />
        </div>
      </div>
      <Show when={initial && initial.uses > 0}>
        <p class="hint">{at("promo.editHistory")}</p>
      </Show>
      <div class="form--inline">
        <div class="field">
          <label for="promo-from">{at("promo.validFrom")}</label>
          <input id="promo-from" name="valid_from" type="date" value={initial?.valid_from ?? ""} />
        </div>
        <div class="field">
          <label for="promo-to">{at("promo.validTo")}</label>
          <input id="promo-to" name="valid_to" type="date" value={initial?.valid_to ?? ""} />
        </div>
        <div class="field">
          <label for="promo-total">{at("promo.totalLimit")}</label>
          <input id="promo-total" name="total_limit" type="number" min="1" value={initial?.total_limit ?? ""} />
        </div>
        <div class="field">
          <label for="promo-per-customer">{at("promo.perCustomer")}</label>
          <input id="promo-per-customer" name="per_customer_limit" type="number" min="1" value={initial?.per_customer_limit ?? ""} />
        </div>
      </div>
      <label class="check">
        <input type="checkbox" name="first_visit_only" checked={initial?.first_visit_only ?? false} /> {at("promo.firstVisit")}
      </label>
      <fieldset class="check-group">
        <legend>{at("promo.services")}</legend>
        <For each={props.services}>
          {(s) => (
            <label class="check">
              <input type="checkbox" name="service" value={s.id} checked={initial?.service_ids.includes(s.id) ?? false} /> {s.name}
            </label>
          )}
        </For>
      </fieldset>
      <fieldset class="check-group">
        <legend>{at("promo.masters")}</legend>
        <For each={props.staff}>
          {(s) => (
            <label class="check">
              <input type="checkbox" name="staff" value={s.id} checked={initial?.staff_ids.includes(s.id) ?? false} /> {s.name}
            </label>
          )}
        </For>
      </fieldset>
      <SaveActions error={props.error} label={initial ? at("admin.save") : at("promo.createButton")}>
        <Show when={props.onCancel}>
          {(cancel) => (
            <button type="button" class="btn" onClick={() => cancel()()}>
              {at("promo.cancelEdit")}
            </button>
          )}
        </Show>
      </SaveActions>
    </form>
  );
}
