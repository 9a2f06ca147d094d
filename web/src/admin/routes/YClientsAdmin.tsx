import { For, Show, createResource, createSignal } from "solid-js";
import FormError from "../../components/FormError";
import Loadable from "../../components/Loadable";
import Screen from "../../components/Screen";
import { errorMessage } from "../../data/errors";
import { intlLocale, locale } from "../../i18n";
import { getYcStatus, syncBookingsNow, syncCatalog, type CatalogDiff, type DiffKind } from "../data/yclients";
import { at } from "../i18n";

const KINDS: DiffKind[] = ["linked", "created", "missing_locally", "missing_remotely", "unchanged"];

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(intlLocale(), { dateStyle: "short", timeStyle: "medium" }) : "—");

/** The YClients channel: status, last sync and error, sync now, and the catalog link diff with apply. Route: /admin/yclients. */
export default function YClientsAdmin() {
  const [status, { refetch }] = createResource(getYcStatus);
  const [diff, setDiff] = createSignal<CatalogDiff | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [applied, setApplied] = createSignal(false);

  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    setBusy(true);
    try {
      await work();
    } catch (err) {
      setError(errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title={at("yc.title")}>
      <FormError message={error()} />
      <Loadable of={status} errorTitle={at("admin.loadError")} onRetry={() => void refetch()}>
        {(s) => (
          <div class="card">
            <dl class="facts facts--rows">
              <dt>{at("yc.enabled")}</dt>
              <dd data-testid="yc-enabled">{s().enabled ? at("admin.yes") : at("admin.no")}</dd>
              <dt>{at("yc.company")}</dt>
              <dd>{s().company_id ?? "—"}</dd>
              <dt>{at("yc.lastRun")}</dt>
              <dd>{when(s().reconcile.last_run_at)}</dd>
              <dt>{at("yc.lastSuccess")}</dt>
              <dd>{when(s().reconcile.last_success_at)}</dd>
              <dt>{at("yc.lastError")}</dt>
              <dd>
                {s().reconcile.last_error ? `${when(s().reconcile.last_error_at)}: ${s().reconcile.last_error}` : "—"}
              </dd>
              <dt>{at("yc.counts")}</dt>
              <dd>
                {s().reconcile.counts
                  ? Object.entries(s().reconcile.counts!)
                      .map(([k, n]) => `${k} ${n}`)
                      .join(", ")
                  : "—"}
              </dd>
            </dl>
            <div class="actions">
              <button type="button" class="btn btn--primary" disabled={busy() || !s().enabled} onClick={() => void run(async () => (await syncBookingsNow(), await refetch()))}>
                {at("yc.syncNow")}
              </button>
              <button type="button" class="btn" disabled={busy() || !s().enabled} onClick={() => void run(async () => (setApplied(false), setDiff(await syncCatalog(true))))}>
                {at("yc.diff")}
              </button>
            </div>
          </div>
        )}
      </Loadable>
      <Show when={diff()}>
        {(d) => (
          <section class="card" aria-label={at("yc.diff")}>
            <For each={["services", "staff"] as const}>
              {(what) => (
                <div class="table-wrap">
                  <table class="data-table">
                    <caption class="section-title">{what === "services" ? at("nav.services") : at("nav.masters")}</caption>
                    <thead>
                      <tr>
                        <th />
                        <th>YClients id</th>
                        <th>{at("svc.name")}</th>
                        <th>id</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={KINDS.flatMap((k) => d()[what][k].map((e) => ({ k, e })))}>
                        {({ k, e }) => (
                          <tr>
                            <td>{at(`yc.kind.${k}`)}</td>
                            <td>{e.yclients_id}</td>
                            <td>{e.name}</td>
                            <td>{e.local_id ?? "—"}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              )}
            </For>
            <Show when={d().skipped.length > 0}>
              <div class="table-wrap">
                <table class="data-table" data-testid="yc-skipped">
                  <caption class="section-title">{at("yc.skipped")}</caption>
                  <thead>
                    <tr>
                      <th>{at("yc.skipped.what")}</th>
                      <th>YClients id</th>
                      <th>{at("svc.name")}</th>
                      <th>{at("yc.skipped.why")}</th>
                      <th>id</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={d().skipped}>
                      {(e) => (
                        <tr>
                          <td>{e.kind === "service" ? at("yc.skipped.service") : at("yc.skipped.staff")}</td>
                          <td>{e.yclients_id}</td>
                          <td>{e.name}</td>
                          <td>{at(`yc.reason.${e.reason}`)}</td>
                          <td>{e.local_id ?? "—"}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
            <Show when={d().dry_run}>
              <button type="button" class="btn btn--primary" disabled={busy()} onClick={() => void run(async () => (setDiff(await syncCatalog(false)), setApplied(true)))}>
                {at("yc.apply")}
              </button>
            </Show>
            <Show when={applied()}>
              <p class="notice" role="status">
                {at("yc.applied")}
              </p>
            </Show>
          </section>
        )}
      </Show>
    </Screen>
  );
}
