import { Show, createEffect, onCleanup } from "solid-js";
import { useRegisterSW } from "virtual:pwa-register/solid";
import { t } from "../i18n";

const UPDATE_CHECK_MS = 60 * 60 * 1000;
const OFFLINE_READY_TOAST_MS = 8000;

/**
 * Registers the service worker (registerType "prompt") and asks before
 * switching to a new version, so a booking in progress is never reloaded
 * from under the user.
 */
export default function UpdatePrompt() {
  let timer: ReturnType<typeof setInterval> | undefined;
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    immediate: true,
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      timer = setInterval(() => {
        if (navigator.onLine) registration.update().catch(() => undefined);
      }, UPDATE_CHECK_MS);
    },
    onRegisterError(error: unknown) {
      console.warn("Service worker registration failed", error);
    },
  });
  onCleanup(() => clearInterval(timer));

  createEffect(() => {
    if (!offlineReady()) return;
    const hide = setTimeout(() => setOfflineReady(false), OFFLINE_READY_TOAST_MS);
    onCleanup(() => clearTimeout(hide));
  });

  return (
    <div class="toast-region" aria-live="polite">
      <Show when={needRefresh()}>
        <div class="toast" role="alert">
          <p class="toast__text">{t("pwa.updateAvailable")}</p>
          <div class="toast__actions">
            <button type="button" class="btn btn--primary" onClick={() => void updateServiceWorker(true)}>
              {t("pwa.update")}
            </button>
            <button type="button" class="btn" onClick={() => setNeedRefresh(false)}>
              {t("pwa.later")}
            </button>
          </div>
        </div>
      </Show>
      <Show when={offlineReady() && !needRefresh()}>
        <div class="toast" role="status">
          <p class="toast__text">{t("pwa.offlineReady")}</p>
          <div class="toast__actions">
            <button type="button" class="btn" onClick={() => setOfflineReady(false)}>
              {t("pwa.close")}
            </button>
          </div>
        </div>
      </Show>
    </div>
  );
}
