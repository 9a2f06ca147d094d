import { For, Show, createResource, createSignal } from "solid-js";
import FormError from "../../components/FormError";
import Loadable from "../../components/Loadable";
import Screen from "../../components/Screen";
import { errorMessage } from "../../data/errors";
import { formatPrice } from "../../format";
import { intlLocale, locale } from "../../i18n";
import { endCertificate, issueCertificate, listCertificates } from "../data/certificates";
import { at } from "../i18n";

/** Gift certificates: issue one at the desk, find one by code or recipient, void it with a reason. Route: /admin/certificates. */
export default function Certificates() {
  const [query, setQuery] = createSignal("");
  const [list, { refetch }] = createResource(query, listCertificates);
  const [error, setError] = createSignal<string | null>(null);
  const [issued, setIssued] = createSignal<string | null>(null);

  const issue = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const amount = Math.round(Number(String(form.get("amount") ?? "").replace(",", ".")) * 100);
    setError(null);
    try {
      const { certificate } = await issueCertificate(amount, String(form.get("recipient") ?? "").trim());
      setIssued(certificate.code);
      await refetch();
    } catch (err) {
      setError(errorMessage(err, locale()));
    }
  };

  const end = async (id: number) => {
    const reason = prompt(at("cert.reason"))?.trim();
    if (!reason) return;
    setError(null);
    try {
      await endCertificate(id, "void", reason);
      await refetch();
    } catch (err) {
      setError(errorMessage(err, locale()));
    }
  };

  return (
    <Screen title={at("cert.title")}>
      <form class="form" aria-label={at("cert.issue")} onSubmit={(e) => void issue(e)}>
        <div class="field">
          <label for="cert-amount">{at("cert.amount")}</label>
          <input id="cert-amount" name="amount" inputmode="decimal" required />
        </div>
        <div class="field">
          <label for="cert-recipient">{at("cert.recipient")}</label>
          <input id="cert-recipient" name="recipient" maxLength={100} />
        </div>
        <button type="submit" class="btn btn--primary">
          {at("cert.issue")}
        </button>
        <p class="hint">{at("cert.deskHint")}</p>
      </form>
      <Show when={issued()}>
        {(code) => (
          <p class="notice" role="status" data-testid="issued-code">
            {at("cert.issued", { code: code() })}
          </p>
        )}
      </Show>
      <FormError message={error()} />
      <div class="field">
        <label for="cert-search">{at("cert.search")}</label>
        <input id="cert-search" type="search" value={query()} onChange={(e) => setQuery(e.currentTarget.value.trim())} />
      </div>
      <Loadable of={list} errorTitle={at("admin.loadError")} onRetry={() => void refetch()}>
        {(r) => (
          <Show when={r().certificates.length > 0} fallback={<p class="empty-note">{at("cert.empty")}</p>}>
            <table class="table">
              <thead>
                <tr>
                  <th>{at("cert.code")}</th>
                  <th>{at("cert.balance")}</th>
                  <th>{at("cert.until")}</th>
                  <th>{at("cert.recipient")}</th>
                  <th>{at("cert.status")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                <For each={r().certificates}>
                  {(c) => (
                    <tr data-certificate-id={c.id}>
                      <td>{c.code ?? "—"}</td>
                      <td>
                        {formatPrice(c.balance, intlLocale())} / {formatPrice(c.initial, intlLocale())}
                      </td>
                      <td>{new Date(c.expires_at).toLocaleDateString(intlLocale())}</td>
                      <td>{c.recipient?.name ?? "—"}</td>
                      <td>
                        {c.status} · {c.sold_by}
                      </td>
                      <td>
                        <Show when={c.status === "active"}>
                          <button type="button" class="btn btn--small btn--danger" onClick={() => void end(c.id)}>
                            {at("cert.void")}
                          </button>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Loadable>
    </Screen>
  );
}
