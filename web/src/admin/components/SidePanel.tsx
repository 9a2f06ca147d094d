import { onCleanup, onMount, type JSX } from "solid-js";
import { at } from "../i18n";

type Props = { title: string; onClose: () => void; children: JSX.Element };

/** A panel beside the calendar (a sheet from the bottom on a phone); Escape closes it. */
export default function SidePanel(props: Props) {
  let heading: HTMLHeadingElement | undefined;
  onMount(() => {
    heading?.focus();
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && props.onClose();
    window.addEventListener("keydown", onKey);
    onCleanup(() => window.removeEventListener("keydown", onKey));
  });
  return (
    <aside class="side-panel" role="dialog" aria-label={props.title}>
      <div class="side-panel__head">
        <h2 class="side-panel__title" tabindex="-1" ref={heading}>
          {props.title}
        </h2>
        <button type="button" class="btn btn--small" onClick={() => props.onClose()} aria-label={at("admin.close")}>
          ✕
        </button>
      </div>
      {props.children}
    </aside>
  );
}
