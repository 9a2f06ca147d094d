import { For, Show, createResource, createSignal } from "solid-js";
import Loadable from "../../components/Loadable";
import Screen from "../../components/Screen";
import { intlLocale } from "../../i18n";
import { getAudit } from "../data/api";
import { actionName, at } from "../i18n";

const short = (value: unknown) => (value === null || value === undefined ? "—" : JSON.stringify(value));

/** Who changed what and when, newest first, with before and after. Route: /admin/audit. */
export default function Audit() {
  const [offset, setOffset] = createSignal(0);
  const [page, { refetch }] = createResource(offset, getAudit);
  return (
    <Screen title={at("audit.title")}>
      <Loadable of={page} errorTitle={at("admin.loadError")} onRetry={() => void refetch()}>
        {(p) => (
          <Show when={p().entries.length > 0} fallback={<p class="empty-note">{at("audit.empty")}</p>}>
            <div class="table-wrap">
              <table class="data-table audit">
                <thead>
                  <tr>
                    <th>{at("audit.when")}</th>
                    <th>{at("audit.who")}</th>
                    <th>{at("audit.what")}</th>
                    <th>{at("audit.before")}</th>
                    <th>{at("audit.after")}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={p().entries}>
                    {(e) => (
                      <tr>
                        <td>{new Date(e.at).toLocaleString(intlLocale(), { dateStyle: "short", timeStyle: "short" })}</td>
                        <td>{e.actor ? (e.actor.name ?? `#${e.actor.id}`) : "—"}</td>
                        <td>
                          {actionName(e.action)} · {e.entity}
                          {e.entity_id ? ` #${e.entity_id}` : ""}
                        </td>
                        <td class="audit__json">{short(e.before)}</td>
                        <td class="audit__json">{short(e.after)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <div class="pager">
              <button type="button" class="btn btn--small" disabled={offset() === 0} onClick={() => setOffset(Math.max(0, offset() - p().limit))}>
                ‹
              </button>
              <span class="pager__label">
                {p().offset + 1}–{p().offset + p().entries.length} / {p().total}
              </span>
              <button type="button" class="btn btn--small" disabled={p().offset + p().entries.length >= p().total} onClick={() => setOffset(offset() + p().limit)}>
                ›
              </button>
            </div>
          </Show>
        )}
      </Loadable>
    </Screen>
  );
}
