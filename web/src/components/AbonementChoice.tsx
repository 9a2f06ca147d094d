import { For, Show, createEffect, createResource } from "solid-js";
import { lastValidDay, loadMyAbonements } from "../data/abonements";
import { settleChoice, usableAbonements, usableForAnyItem, type Visit } from "../data/abonement-choice";
import { user } from "../data/session";
import { intlLocale, t } from "../i18n";
import { settled } from "../resource";

type Props = {
  /** A single booking, or a visit's items (usable when it can pay any of them). */
  visit: Visit | readonly Visit[];
  /** The draft's choice: undefined (not decided), null (no), an abonement's id. */
  chosen: number | null | undefined;
  onChoose: (id: number | null | undefined) => void;
  /** The server's refusal of the chosen abonement, shown at the field. */
  error: string | null;
};

/** «Оплатить абонементом» on the details step: shown when one of the customer's abonements can pay for this visit. */
export default function AbonementChoice(props: Props) {
  const [mine] = createResource(() => user()?.id, loadMyAbonements);
  // Unknown until the list is in (offline: the draft's choice stands as it was).
  const usable = () => {
    const loaded = settled(mine);
    if (!loaded) return null;
    const visit = props.visit;
    return Array.isArray(visit) ? usableForAnyItem(loaded.abonements, visit) : usableAbonements(loaded.abonements, visit as Visit);
  };
  createEffect(() => {
    const list = usable();
    if (!list) return;
    const settledId = settleChoice(props.chosen, list);
    // Not decided and none to default to stays "not decided": a later master or date may have one.
    if (settledId !== (props.chosen ?? null)) props.onChoose(settledId ?? undefined);
  });
  const on = () => typeof props.chosen === "number";
  const until = (iso: string | null) => (iso ? lastValidDay(iso, intlLocale()) : "—");
  const describe = (id: number) => {
    const a = settled(mine)?.abonements.find((x) => x.id === id);
    if (!a) return "";
    return a.visits.total === null
      ? t("abonPay.unlimited", { name: a.name, until: until(a.expires_at) })
      : t("abonPay.visitsLeft", { name: a.name, left: a.visits.left ?? 0, total: a.visits.total, until: until(a.expires_at) });
  };

  return (
    <Show when={(usable()?.length ?? 0) > 0 || on()}>
      <div class="field abonement-choice" data-testid="abonement-choice">
        <label class="check">
          <input
            type="checkbox"
            checked={on()}
            aria-describedby={props.error ? "abonement-error" : undefined}
            onChange={(e) => props.onChoose(e.currentTarget.checked ? (usable()?.[0]?.id ?? null) : null)}
          />{" "}
          {t("abonPay.pay")}
        </label>
        <Show when={on() && (usable()?.length ?? 0) > 1}>
          <label for="abonement-id">{t("abonPay.which")}</label>
          <select id="abonement-id" value={String(props.chosen)} onChange={(e) => props.onChoose(Number(e.currentTarget.value))}>
            <For each={usable()!}>{(a) => <option value={a.id}>{describe(a.id)}</option>}</For>
          </select>
        </Show>
        <Show when={on() && (usable()?.length ?? 0) <= 1}>
          <p class="muted" data-testid="abonement-chosen">
            {describe(props.chosen!)}
          </p>
        </Show>
        <Show when={on() && Array.isArray(props.visit)}>
          <p class="muted">{t("abonPay.visitHint")}</p>
        </Show>
        <Show when={on()}>
          <p class="muted">{t("abonPay.noCombine")}</p>
        </Show>
        <Show when={props.error}>
          {(message) => (
            <p id="abonement-error" class="form-error" role="alert" data-testid="abonement-error">
              {message()}
            </p>
          )}
        </Show>
      </div>
    </Show>
  );
}
