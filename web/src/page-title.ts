import { createEffect } from "solid-js";
import { t } from "./i18n";

/** Keeps document.title in sync with the current screen and language. */
export function usePageTitle(title: () => string): void {
  createEffect(() => {
    document.title = `${title()} — ${t("app.title")}`;
  });
}
