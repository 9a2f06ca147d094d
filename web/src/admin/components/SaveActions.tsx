import { Show, type JSX } from "solid-js";
import FormError from "../../components/FormError";
import { at } from "../i18n";

/** A form's footer: its error, the save button, and beside it "saved" once it was, or the record's other actions. */
export default function SaveActions(props: { error?: string | null; saved?: boolean; label?: string; children?: JSX.Element }) {
  return (
    <>
      <FormError message={props.error} />
      <div class="actions">
        <button type="submit" class="btn btn--primary">
          {props.label ?? at("admin.save")}
        </button>
        <Show when={props.saved}>
          <span role="status">{at("admin.saved")}</span>
        </Show>
        {props.children}
      </div>
    </>
  );
}
