import { A, useSearchParams } from "@solidjs/router";
import { For, Show, createResource, createSignal } from "solid-js";
import type { AbonementType } from "../../../worker/contracts/abonements";
import AbonementCard from "../components/AbonementCard";
import ListSection from "../components/ListSection";
import Loadable from "../components/Loadable";
import Screen from "../components/Screen";
import { buyAbonement, loadAbonementTypes, loadMyAbonements } from "../data/abonements";
import { errorMessage } from "../data/errors";
import { newKey } from "../data/outbox-client";
import { user } from "../data/session";
import { formatPrice } from "../format";
import { intlLocale, locale, t } from "../i18n";

/** What a type gives: N visits within M days, or unlimited for a month. */
export function abonementTerms(type: Pick<AbonementType, "kind" | "visits_count" | "validity_days" | "once_per_day">): string {
  const terms = type.kind === "visits" ? t("abon.visits", { visits: type.visits_count ?? 0, days: type.validity_days ?? 0 }) : t("abon.unlimited");
  return type.once_per_day ? `${terms}, ${t("abon.oncePerDay")}` : terms;
}

/** The abonements sold online, buying one (then the payment page), and the ones bought. Route: /abonements. */
export default function Abonements() {
  const [search] = useSearchParams<{ paid?: string }>();
  const [types, { refetch: refetchTypes }] = createResource(loadAbonementTypes);
  const [mine, { refetch }] = createResource(() => user()?.id, loadMyAbonements);
  const [error, setError] = createSignal<{ typeId: number; message: string } | null>(null);
  const [busy, setBusy] = createSignal<number | null>(null);
  // One key per type: a retried tap on the same type does not buy twice.
  const keys = new Map<number, string>();

  const buy = async (type: AbonementType) => {
    if (!keys.has(type.id)) keys.set(type.id, newKey());
    setBusy(type.id);
    setError(null);
    try {
      const sale = await buyAbonement(type.id, keys.get(type.id)!);
      if (sale.payment.confirmation_url) location.assign(sale.payment.confirmation_url);
      else void refetch();
    } catch (err) {
      setError({ typeId: type.id, message: errorMessage(err, locale()) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Screen title={t("abon.title")}>
      <Show when={search.paid && search.paid !== "0"}>
        <p class="notice" role="status" data-testid="abonement-paid">
          {t("abon.paid")}
        </p>
      </Show>
      <p class="muted">{t("abon.intro")}</p>
      <Loadable of={types} errorTitle={t("abon.title")} onRetry={() => void refetchTypes()} rows={2}>
        {(loaded) => (
          <Show when={loaded().types.length > 0} fallback={<p class="empty-note">{t("abon.noneOnSale")}</p>}>
            <ul class="service-list" aria-label={t("abon.title")}>
              <For each={loaded().types}>
                {(type) => (
                  <li class="card abonement-type" data-testid="abonement-type" data-type-id={type.id}>
                    <div class="service__head">
                      <h2 class="service__name">{type.name}</h2>
                      <span class="service__price">{formatPrice(type.price, intlLocale())}</span>
                    </div>
                    <p>{abonementTerms(type)}</p>
                    <dl class="facts facts--rows">
                      <div>
                        <dt>{t("abon.services")}</dt>
                        <dd>{type.services.map((s) => s.name).join(", ")}</dd>
                      </div>
                      <div>
                        <dt>{t("abon.masters")}</dt>
                        <dd>{type.staff.length ? type.staff.map((s) => s.name).join(", ") : t("abon.anyMaster")}</dd>
                      </div>
                    </dl>
                    <Show when={type.freeze_max_days > 0}>
                      <p class="muted">{t("abon.freeze", { days: type.freeze_max_days })}</p>
                    </Show>
                    <Show when={error()?.typeId === type.id}>
                      <div class="error-panel" role="alert">
                        <p>{error()!.message}</p>
                      </div>
                    </Show>
                    <div class="actions">
                      <Show when={user()} fallback={<A href="/signin?next=/abonements">{t("abon.signIn")}</A>}>
                        <button type="button" class="btn btn--primary" aria-label={t("abon.buyNamed", { name: type.name })} disabled={busy() !== null} onClick={() => void buy(type)}>
                          {busy() === type.id ? t("abon.paying") : t("abon.buy")}
                        </button>
                      </Show>
                    </div>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Loadable>
      <Show when={user()}>
        <ListSection headingId="my-abonements-title" title={t("abon.mine")}>
          <For each={mine()?.abonements ?? []} fallback={<li class="empty-note">{t("abon.noneMine")}</li>}>
            {(a) => <AbonementCard abonement={a} />}
          </For>
        </ListSection>
      </Show>
    </Screen>
  );
}
