import { A, type RouteSectionProps } from "@solidjs/router";
import { t } from "../i18n";
import LanguageSwitch from "./LanguageSwitch";
import UpdatePrompt from "./UpdatePrompt";

/** App chrome shared by every screen: skip link, header, main landmark, footer. */
export default function Layout(props: RouteSectionProps) {
  let main: HTMLElement | undefined;

  const skipToMain = (event: MouseEvent) => {
    event.preventDefault();
    main?.focus();
    main?.scrollIntoView();
  };

  return (
    <>
      <a class="skip-link" href="#main" onClick={skipToMain}>
        {t("app.skipToContent")}
      </a>
      <header class="app-header">
        <div class="container app-header__inner">
          <A href="/" class="brand" end>
            <img class="brand__logo" src="/icons/icon-192.png" alt="" width="32" height="32" />
            <span class="brand__name">{t("app.title")}</span>
            <span class="brand__sub">{t("app.subtitle")}</span>
          </A>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" ref={main} tabindex="-1" class="container app-main">
        {props.children}
      </main>
      <footer class="app-footer">
        <div class="container">{t("app.footer")}</div>
      </footer>
      <UpdatePrompt />
    </>
  );
}
