import { Show } from "solid-js";
import { t } from "../i18n";

/** "Cancel the booking" with its confirm step; the page owns whether the step is open. */
export default function CancelConfirm(props: { confirming: boolean; busy: boolean; onAsk: () => void; onKeep: () => void; onConfirm: () => void }) {
  return (
    <Show
      when={props.confirming}
      fallback={
        <button type="button" class="btn btn--danger" onClick={() => props.onAsk()}>
          {t("booking.cancel")}
        </button>
      }
    >
      <div class="confirm-box" role="group" aria-label={t("booking.cancelConfirm")}>
        <p>{t("booking.cancelConfirm")}</p>
        <button type="button" class="btn btn--danger" disabled={props.busy} onClick={() => props.onConfirm()}>
          {t("booking.cancelYes")}
        </button>
        <button type="button" class="btn" onClick={() => props.onKeep()}>
          {t("booking.cancelNo")}
        </button>
      </div>
    </Show>
  );
}
