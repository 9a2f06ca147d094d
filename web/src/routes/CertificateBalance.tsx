import { A, useParams } from "@solidjs/router";
import { Show, createResource } from "solid-js";
import Screen from "../components/Screen";
import { loadBalance } from "../data/certificates";
import { formatPrice } from "../format";
import { intlLocale, t, type TranslationKey } from "../i18n";

/** A certificate's balance by its code: the link its recipient gets. Route: /certificate/:code. */
export default function CertificateBalance() {
  const params = useParams<{ code: string }>();
  const [balance] = createResource(() => params.code, loadBalance);
  return (
    <Screen title={t("cert.balanceTitle")}>
      <Show when={!balance.error} fallback={<p role="alert">{t("cert.notFound")}</p>}>
        <Show when={balance()?.certificate}>
          {(c) => (
            <section class="card" data-testid="certificate-balance">
              <p class="summary__service">{c().code}</p>
              <dl class="facts facts--rows">
                <div>
                  <dt>{t("cert.balance")}</dt>
                  <dd data-testid="balance-amount">{formatPrice(c().balance, intlLocale())}</dd>
                </div>
                <div>
                  <dt>{t("cert.until")}</dt>
                  <dd>{new Date(c().expires_at).toLocaleDateString(intlLocale())}</dd>
                </div>
              </dl>
              <p class="muted">{c().expired ? t("cert.expired") : t(`cert.status.${c().status}` as TranslationKey)}</p>
              <Show when={c().status === "active" && !c().expired && c().balance.amount_minor > 0}>
                <A class="btn btn--primary" href="/">
                  {t("cert.book")}
                </A>
              </Show>
            </section>
          )}
        </Show>
      </Show>
    </Screen>
  );
}
