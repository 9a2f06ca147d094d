import { createEffect } from "solid-js";
import { salonName } from "./data/salon-name";

/** Keeps document.title in sync with the current screen and language. */
export function usePageTitle(title: () => string): void {
  createEffect(() => {
    document.title = `${title()} — ${salonName()}`;
  });
}
