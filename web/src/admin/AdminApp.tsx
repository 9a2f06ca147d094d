import { A, useParams } from "@solidjs/router";
import { For, Match, Show, Switch } from "solid-js";
import { sessionReady, user } from "../data/session";
import { at } from "./i18n";
import { SECTIONS, type Section } from "./sections";
import "./admin.css";

/** The back office: admins see every section, masters their own day. Route: /admin/*. */
export default function AdminApp() {
  const params = useParams<{ section?: string }>();
  const isAdmin = () => user()?.role === "admin";
  const allowed = () => SECTIONS.filter((s) => isAdmin() || !s.adminOnly);
  const parts = () => (params.section ?? "").split("/").filter(Boolean);
  const current = () => allowed().find((s) => s.path === (parts()[0] ?? "calendar"));
  const label = (s: Section) => (s.path === "calendar" && !isAdmin() ? at("nav.myDay") : at(s.label));

  return (
    <div class="admin">
      <Switch>
        <Match when={!sessionReady()}>{null}</Match>
        <Match when={user()?.role !== "admin" && user()?.role !== "staff"}>
          <div class="empty">
            <h1 class="page-title">{at("admin.title")}</h1>
            <p>{at("admin.only")}</p>
            <A class="btn btn--primary" href="/signin?next=/admin">
              {at("admin.signIn")}
            </A>
          </div>
        </Match>
        <Match when={true}>
          {/* a master has one section, their day: no menu for it */}
          <Show when={allowed().length > 1}>
          <nav class="admin-nav" aria-label={at("admin.nav")}>
            <For each={allowed()}>
              {(s) => (
                <A href={`/admin/${s.path}`} class="admin-nav__link" aria-current={current() === s ? "page" : undefined}>
                  {label(s)}
                </A>
              )}
            </For>
          </nav>
          </Show>
          <div class="admin-body">
            <Show when={current()} keyed fallback={<p class="empty-note">{at("admin.staffOnly")}</p>}>
              {(s) => <s.screen id={parts()[1]} />}
            </Show>
          </div>
        </Match>
      </Switch>
    </div>
  );
}
