// The salon's own name for the app's chrome: header, footer, page titles and
// the name a phone gives the app when it is added to the home screen. It
// comes from GET /salon through the same offline-first read as the rest of the
// salon (IndexedDB when offline); the last name seen is also kept in
// localStorage, so the first paint already shows it instead of "Салон".
import { createSignal } from "solid-js";
import { t } from "../i18n";
import { loadSalon } from "./salon";

const KEY = "salon-name";

const remembered = (): string | null => {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
};

const [name, setName] = createSignal<string | null>(typeof localStorage === "undefined" ? null : remembered());

/** The salon's name, or the generic "Салон" until the salon (or its saved copy) has answered. */
export const salonName = (): string => name() ?? t("app.title");

/** What a home-screen shortcut and the browser call the app (iOS reads these metas when it is added). */
function nameTheShortcut(value: string) {
  for (const meta of ["application-name", "apple-mobile-web-app-title"]) {
    let el = document.head.querySelector<HTMLMetaElement>(`meta[name="${meta}"]`);
    if (!el) {
      el = document.createElement("meta");
      el.name = meta;
      document.head.append(el);
    }
    el.content = value;
  }
}

let started = false;
/** Reads the salon once per page load; safe to call from every screen. */
export function loadSalonName(): void {
  if (started) return;
  started = true;
  loadSalon()
    .then(({ data }) => {
      setName(data.salon.name);
      nameTheShortcut(data.salon.name);
      try {
        localStorage.setItem(KEY, data.salon.name);
      } catch {
        // Private mode without storage: the name is still shown for this visit.
      }
    })
    .catch(() => {
      // Neither the salon nor a saved copy: the generic name stays.
    });
}
