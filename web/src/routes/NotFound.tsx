import { A } from "@solidjs/router";
import { t } from "../i18n";
import { usePageTitle } from "../page-title";

export default function NotFound() {
  usePageTitle(() => t("notFound.title"));
  return (
    <div class="not-found">
      <h1 class="page-title">{t("notFound.title")}</h1>
      <p>{t("notFound.text")}</p>
      <A href="/" class="btn btn--primary">
        {t("notFound.home")}
      </A>
    </div>
  );
}
