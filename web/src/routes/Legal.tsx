import { useParams } from "@solidjs/router";
import { For, Show, createResource } from "solid-js";
import ErrorPanel from "../components/ErrorPanel";
import OperatorDetails from "../components/OperatorDetails";
import Screen from "../components/Screen";
import { getLegal } from "../data/legal";
import { errorMessage } from "../data/errors";
import { intlLocale, locale, t } from "../i18n";

/** The consent text or the privacy policy in force, with the operator. Routes: /legal/consent, /legal/privacy. */
export default function Legal() {
  const params = useParams<{ kind: string }>();
  const kind = () => (params.kind === "privacy" ? "privacy" : "consent");
  const [doc, { refetch }] = createResource(kind, getLegal);
  return (
    <Screen title={kind() === "privacy" ? t("legal.privacyTitle") : t("consent.title")}>
      <Show when={!doc.error} fallback={<ErrorPanel title={t("legal.unavailable")} message={errorMessage(doc.error, locale())} onRetry={() => void refetch()} />}>
        <Show when={doc()}>
          {(d) => (
            <article class="card legal-text" data-testid="legal-text">
              <OperatorDetails operator={d().operator} />
              <For each={d().body.split(/\n{2,}/)}>{(paragraph) => <p>{paragraph}</p>}</For>
              <p class="muted">{t("legal.version", { version: d().version, date: new Date(d().published_at).toLocaleDateString(intlLocale(), { day: "numeric", month: "long", year: "numeric" }) })}</p>
            </article>
          )}
        </Show>
      </Show>
    </Screen>
  );
}
