import { For, Show, createResource } from "solid-js";
import type { Abonement } from "../../../worker/contracts/abonements";
import { lastValidDay } from "../data/abonements";
import { FALLBACK_TIME_ZONE, loadSalon } from "../data/salon";
import { formatDay, formatPrice, todayIn } from "../format";
import { intlLocale, t, type TranslationKey } from "../i18n";
import { settled } from "../resource";

// The booking statuses' badge colours: usable, waiting, ended.
const BADGE: Record<string, string> = { active: "confirmed", awaiting_payment: "held" };
const salonDay = (date: string) => formatDay(date, intlLocale(), { day: "numeric", month: "long" });

/** The customer's own abonement: visits left of total (or unlimited), expiry, freezes, what it covers. */
export default function AbonementCard(props: { abonement: Abonement }) {
  const a = () => props.abonement;
  const status = () => (a().status === "active" && a().expired ? "expired" : a().status);
  const [salon] = createResource(loadSalon);
  // Freezes are salon dates.
  const today = () => todayIn(settled(salon)?.data.salon.time_zone ?? FALLBACK_TIME_ZONE);
  // Today inside a freeze: the freeze's last day; later ones are listed as planned.
  const frozenUntil = () => (a().frozen ? a().freezes.filter((f) => f.from <= today()).reduce<string | null>((last, f) => (last === null || f.to > last ? f.to : last), null) : null);
  const planned = () => a().freezes.filter((f) => f.from > today());
  return (
    <li class="card abonement" data-testid="my-abonement" data-abonement-id={a().id}>
      <div class="service__head">
        <h3 class="service__name">{a().name}</h3>
        <span class={`badge badge--status badge--${BADGE[status()] ?? "cancelled"}`}>{t(`abon.status.${status()}` as TranslationKey)}</span>
      </div>
      <dl class="facts facts--rows">
        <div>
          <dt>{t("abon.left")}</dt>
          <dd data-testid="abonement-left">
            {a().visits.total === null ? t("abon.unlimitedLeft") : t("abon.leftOf", { left: a().visits.left ?? 0, total: a().visits.total! })}
            <Show when={a().visits.reserved > 0}>
              <span class="muted"> · {t("abon.reserved", { reserved: a().visits.reserved })}</span>
            </Show>
          </dd>
        </div>
        <Show when={a().expires_at}>
          {(until) => (
            <div>
              <dt>{t("abon.until")}</dt>
              <dd data-testid="abonement-until">{lastValidDay(until(), intlLocale())}</dd>
            </div>
          )}
        </Show>
        <Show when={frozenUntil()}>
          {(to) => (
            <div>
              <dt>{t("abon.frozenUntil")}</dt>
              <dd data-testid="abonement-frozen">{salonDay(to())}</dd>
            </div>
          )}
        </Show>
        <For each={planned()}>
          {(f) => (
            <div>
              <dt>{t("abon.freezePlanned")}</dt>
              <dd>{t("abon.freezeRange", { from: salonDay(f.from), to: salonDay(f.to) })}</dd>
            </div>
          )}
        </For>
        <div>
          <dt>{t("abon.services")}</dt>
          <dd data-testid="abonement-services">{a().services.map((s) => s.name).join(", ")}</dd>
        </div>
        <div>
          <dt>{t("abon.masters")}</dt>
          <dd>{a().staff.length ? a().staff.map((s) => s.name).join(", ") : t("abon.anyMaster")}</dd>
        </div>
        <div>
          <dt>{t("abon.price")}</dt>
          <dd>{formatPrice(a().price, intlLocale())}</dd>
        </div>
      </dl>
      <Show when={a().recent_uses.length > 0}>
        <p class="muted">{t("abon.recent")}</p>
        <ul class="plain-list">
          <For each={a().recent_uses}>
            {(u) => (
              <li>
                {salonDay(u.visit_date)}
                {u.service ? ` · ${u.service.name}` : ""} · {t(`abon.use.${u.status}` as TranslationKey)}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </li>
  );
}
