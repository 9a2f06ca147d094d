import { For } from "solid-js";
import type { StaffMember } from "../../../worker/contracts/catalog";
import { t } from "../i18n";

type Props = { staff: StaffMember[]; value: number | "any"; onChange: (value: number | "any") => void };

/** "Any master" or one of the masters, as a radio group (arrow keys move between them). */
export default function MasterPicker(props: Props) {
  const option = (value: number | "any", label: string, hint?: string | null) => (
    <label class="choice">
      <input
        type="radio"
        name="master"
        value={String(value)}
        checked={props.value === value}
        onChange={() => props.onChange(value)}
      />
      <span class="choice__label">
        {label}
        {hint ? <span class="muted"> · {hint}</span> : null}
      </span>
    </label>
  );
  return (
    <fieldset class="fieldset">
      <legend class="section-title">{t("book.master")}</legend>
      <div class="choices">
        {option("any", t("book.anyMaster"))}
        <For each={props.staff}>{(m) => option(m.id, m.name, m.specialization)}</For>
      </div>
    </fieldset>
  );
}
