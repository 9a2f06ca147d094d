import { Show } from "solid-js";
import { at } from "../i18n";

/** "Deactivate" for an active record, "activate" for an inactive one, nothing for one not yet created. */
export default function ActiveToggle<T extends { active: boolean }>(props: { of: T | null; onActivate: (record: T) => void; onDeactivate: (record: T) => void }) {
  return (
    <Show when={props.of}>
      {(record) => (
        <Show
          when={record().active}
          fallback={
            <button type="button" class="btn" onClick={() => props.onActivate(record())}>
              {at("admin.activate")}
            </button>
          }
        >
          <button type="button" class="btn btn--danger" onClick={() => props.onDeactivate(record())}>
            {at("admin.deactivate")}
          </button>
        </Show>
      )}
    </Show>
  );
}
