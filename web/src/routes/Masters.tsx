import { A } from "@solidjs/router";
import { For, Show, createResource } from "solid-js";
import Avatar from "../components/Avatar";
import Loadable from "../components/Loadable";
import SavedCopy from "../components/SavedCopy";
import Screen from "../components/Screen";
import { loadMasters } from "../data/masters";
import { t } from "../i18n";

/** Master first: every master with photo, specialization and a line of their bio. Route: /masters. */
export default function Masters() {
  const [masters, { refetch }] = createResource(loadMasters);
  return (
    <Screen title={t("masters.title")} back={{ href: "/", label: t("common.backToServices") }}>
      <Loadable of={masters} errorTitle={t("masters.error")} onRetry={() => void refetch()} rows={4}>
        {(loaded) => (
          <>
            <SavedCopy loaded={loaded()} onRetry={() => void refetch()} />
            <ul class="plain-list master-list">
              <For each={loaded().data.staff} fallback={<li>{t("masters.empty")}</li>}>
                {(m) => (
                  <li class="master-card" data-staff-id={m.id}>
                    <A href={`/masters/${m.id}`} class="master-card__link">
                      <Avatar id={m.id} name={m.name} photoUrl={m.photo_url} />
                      <span class="master-card__text">
                        <strong class="master-card__name">{m.name}</strong>
                        <Show when={m.specialization}>{(s) => <span class="muted">{s()}</span>}</Show>
                        <Show when={m.bio}>{(bio) => <span class="master-card__bio">{bio()}</span>}</Show>
                      </span>
                    </A>
                  </li>
                )}
              </For>
            </ul>
          </>
        )}
      </Loadable>
    </Screen>
  );
}
