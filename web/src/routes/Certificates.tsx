import { A, useSearchParams } from "@solidjs/router";
import { For, Show, createResource, createSignal } from "solid-js";
import type { BuyCertificateBody } from "../../../worker/contracts/certificates";
import Screen from "../components/Screen";
import { buyCertificate, loadCertificateTypes, loadMyCertificates } from "../data/certificates";
import { errorMessage } from "../data/errors";
import { newKey } from "../data/outbox-client";
import { user } from "../data/session";
import { formatPrice } from "../format";
import { intlLocale, locale, t, type TranslationKey } from "../i18n";

/** Buy a gift certificate (for oneself or as a gift) and see the ones bought. Route: /certificates. */
export default function Certificates() {
  const [search] = useSearchParams<{ paid?: string }>();
  const [types] = createResource(loadCertificateTypes);
  const [mine, { refetch }] = createResource(() => user()?.id, loadMyCertificates);
  const [gift, setGift] = createSignal(true);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  // One key per distinct request: a retried tap does not buy twice.
  let key: { body: string; value: string } | null = null;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => String(form.get(name) ?? "").trim();
    const choice = field("amount");
    const custom = Math.round(Number(field("custom").replace(",", ".")) * 100);
    const body: BuyCertificateBody = choice && choice !== "custom" ? { type_id: Number(choice) } : { amount_minor: custom };
    if (gift()) {
      if (!field("recipient_phone") && !field("recipient_email")) return setError(t("cert.needContact"));
      body.recipient = { name: field("recipient_name"), ...(field("recipient_phone") ? { phone: field("recipient_phone") } : {}), ...(field("recipient_email") ? { email: field("recipient_email") } : {}) };
      if (field("message")) body.message = field("message");
      if (field("send_on")) body.send_at = `${field("send_on")}T10:00`;
    }
    const serialized = JSON.stringify(body);
    if (key?.body !== serialized) key = { body: serialized, value: newKey() };
    setBusy(true);
    setError(null);
    try {
      const sale = await buyCertificate(body, key.value);
      if (sale.payment.confirmation_url) location.assign(sale.payment.confirmation_url);
      else void refetch();
    } catch (err) {
      setError(errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title={t("cert.title")}>
      <Show when={search.paid && search.paid !== "0"}>
        <p class="notice" role="status" data-testid="certificate-paid">
          {t("cert.paid")}
        </p>
      </Show>
      <Show when={user()} fallback={<p><A href="/signin?next=/certificates">{t("cert.signIn")}</A></p>}>
        <form class="card" aria-label={t("cert.buyTitle")} onSubmit={(e) => void submit(e)}>
          <h2>{t("cert.buyTitle")}</h2>
          <fieldset class="field">
            <legend>{t("cert.amount")}</legend>
            <For each={types()?.types ?? []}>
              {(type, i) => (
                <label class="choice">
                  <input type="radio" name="amount" value={type.id} checked={i() === 0} />
                  {type.name}
                  <Show when={type.price}>{(price) => <> — {formatPrice(price(), intlLocale())}</>}</Show>
                </label>
              )}
            </For>
            <label class="choice">
              <input type="radio" name="amount" value="custom" checked={(types()?.types.length ?? 0) === 0} />
              {t("cert.custom")}
            </label>
            <input name="custom" inputmode="decimal" aria-label={t("cert.custom")} />
          </fieldset>
          <fieldset class="field">
            <legend>{t("cert.forWhom")}</legend>
            <label class="choice">
              <input type="radio" name="for" checked={!gift()} onChange={() => setGift(false)} />
              {t("cert.forMe")}
            </label>
            <label class="choice">
              <input type="radio" name="for" checked={gift()} onChange={() => setGift(true)} />
              {t("cert.asGift")}
            </label>
          </fieldset>
          <Show when={gift()}>
            <div class="field">
              <label for="recipient-name">{t("cert.recipientName")}</label>
              <input id="recipient-name" name="recipient_name" required maxLength={100} />
            </div>
            <div class="field">
              <label for="recipient-phone">{t("cert.recipientPhone")}</label>
              <input id="recipient-phone" name="recipient_phone" type="tel" inputmode="tel" />
            </div>
            <div class="field">
              <label for="recipient-email">{t("cert.recipientEmail")}</label>
              <input id="recipient-email" name="recipient_email" type="email" aria-describedby="recipient-hint" />
              <p id="recipient-hint" class="muted">
                {t("cert.contactHint")}
              </p>
            </div>
            <div class="field">
              <label for="gift-message">{t("cert.message")}</label>
              <textarea id="gift-message" name="message" rows="2" maxLength={500} />
            </div>
            <div class="field">
              <label for="send-on">{t("cert.sendOn")}</label>
              <input id="send-on" name="send_on" type="date" />
            </div>
          </Show>
          <Show when={error()}>
            {(message) => (
              <div class="error-panel" role="alert">
                <p>{message()}</p>
              </div>
            )}
          </Show>
          <div class="actions">
            <button type="submit" class="btn btn--primary btn--wide" disabled={busy()}>
              {busy() ? t("cert.paying") : t("cert.pay")}
            </button>
          </div>
        </form>
        <section aria-label={t("cert.mine")}>
          <h2>{t("cert.mine")}</h2>
          <Show when={(mine()?.certificates.length ?? 0) > 0} fallback={<p class="muted">{t("cert.none")}</p>}>
            <ul class="list">
              <For each={mine()!.certificates}>
                {(c) => (
                  <li class="card" data-testid="my-certificate">
                    <dl class="facts facts--rows">
                      <Show when={c.code}>
                        {(code) => (
                          <div>
                            <dt>{t("cert.code")}</dt>
                            <dd data-testid="certificate-code">
                              <A href={`/certificate/${code()}`}>{code()}</A>
                            </dd>
                          </div>
                        )}
                      </Show>
                      <div>
                        <dt>{t("cert.balance")}</dt>
                        <dd>{formatPrice(c.balance, intlLocale())}</dd>
                      </div>
                      <Show when={c.recipient?.name}>
                        <div>
                          <dt>{t("cert.for")}</dt>
                          <dd>{c.recipient!.name}</dd>
                        </div>
                      </Show>
                      <div>
                        <dt>{t("cert.until")}</dt>
                        <dd>{new Date(c.expires_at).toLocaleDateString(intlLocale())}</dd>
                      </div>
                    </dl>
                    <p class="muted">{t(`cert.status.${c.status}` as TranslationKey)}</p>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
      </Show>
    </Screen>
  );
}
