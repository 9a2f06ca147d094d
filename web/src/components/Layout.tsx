import { A, useLocation, useNavigate, type RouteSectionProps } from "@solidjs/router";
import { Show, Suspense, createEffect, createSignal, on, onCleanup, onMount } from "solid-js";
import { outboxEntries, startOutbox } from "../data/outbox-client";
import { isPending } from "../data/outbox-logic";
import { loadSalonName, salonName } from "../data/salon-name";
import { initSession, signOut, user } from "../data/session";
import { t } from "../i18n";
import LanguageSwitch from "./LanguageSwitch";
import PageSkeleton from "./PageSkeleton";
import ConsentPrompt from "./ConsentPrompt";
import UpdatePrompt from "./UpdatePrompt";

const FOCUS_TRIES = 40;

/** App chrome shared by every screen: skip link, header with nav, main landmark, footer. */
export default function Layout(props: RouteSectionProps) {
  let main: HTMLElement | undefined;
  const location = useLocation();
  const navigate = useNavigate();
  const [online, setOnline] = createSignal(typeof navigator === "undefined" ? true : navigator.onLine);

  onMount(() => {
    void initSession();
    loadSalonName();
    startOutbox();
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener("online", up);
    window.addEventListener("offline", down);
    onCleanup(() => {
      window.removeEventListener("online", up);
      window.removeEventListener("offline", down);
    });
  });

  // After a route change, focus the new screen's heading so that screen
  // readers announce it and Tab continues from the top of the content. Lazy
  // screens render a frame or two later, hence the bounded retry.
  createEffect(
    on(
      () => location.pathname,
      () => {
        let tries = 0;
        const focusHeading = () => {
          const heading = main?.querySelector<HTMLElement>("h1");
          if (heading) {
            if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
            heading.focus({ preventScroll: false });
          } else if (tries++ < FOCUS_TRIES) requestAnimationFrame(focusHeading);
        };
        requestAnimationFrame(focusHeading);
      },
      { defer: true },
    ),
  );

  const skipToMain = (event: MouseEvent) => {
    event.preventDefault();
    main?.focus();
    main?.scrollIntoView();
  };
  const waiting = () => outboxEntries().filter(isPending).length;

  return (
    <>
      <a class="skip-link" href="#main" onClick={skipToMain}>
        {t("app.skipToContent")}
      </a>
      <header class="app-header">
        <div class="container app-header__inner">
          <A href="/" class="brand" end>
            <img class="brand__logo" src="/icons/icon-192.png" alt="" width="32" height="32" />
            <span class="brand__name">{salonName()}</span>
            <span class="brand__sub">{t("app.subtitle")}</span>
          </A>
          <LanguageSwitch />
        </div>
        <nav class="container app-nav" aria-label={t("nav.label")}>
          <A href="/" end class="app-nav__link">
            {t("nav.services")}
          </A>
          {/* Bookings of a customer; the salon's people work in the back office instead. */}
          <Show when={!user() || user()?.role === "customer"}>
            <A href="/bookings" class="app-nav__link">
              {t("nav.myBookings")}
              <Show when={waiting() > 0}>
                <span class="app-nav__count" aria-label={t("nav.waiting", { count: waiting() })}>
                  {waiting()}
                </span>
              </Show>
            </A>
          </Show>
          <A href="/certificates" class="app-nav__link">
            {t("nav.certificates")}
          </A>
          <A href="/abonements" class="app-nav__link">
            {t("nav.abonements")}
          </A>
          <Show when={user()?.role === "staff"}>
            <A href="/admin" class="app-nav__link">
              {t("nav.staff")}
            </A>
            <A href="/staff" class="app-nav__link">
              {t("nav.staffOffline")}
            </A>
          </Show>
          <Show when={user()?.role === "admin"}>
            <A href="/admin" class="app-nav__link">
              {t("nav.admin")}
            </A>
          </Show>
          <Show when={!user()}>
            <A href={`/signin?next=${encodeURIComponent(location.pathname)}`} class="app-nav__link">
              {t("nav.signIn")}
            </A>
          </Show>
          <Show when={user()}>
            <A href="/profile" class="app-nav__link">
              {t("nav.profile")}
            </A>
            <button
              type="button"
              class="app-nav__link app-nav__button"
              onClick={() => void signOut().then(() => navigate("/", { replace: true }))}
            >
              {t("nav.signOut")}
            </button>
          </Show>
        </nav>
      </header>
      <Show when={!online()}>
        <p class="offline-banner container" role="status">
          {t("app.offline")}
        </p>
      </Show>
      <main id="main" ref={main} tabindex="-1" class="container app-main">
        <Suspense fallback={<PageSkeleton />}>{props.children}</Suspense>
      </main>
      <footer class="app-footer">
        <div class="container">
          {t("app.footer", { name: salonName() })} · <A href="/legal/privacy">{t("legal.privacyTitle")}</A> · <A href="/legal/consent">{t("consent.title")}</A>
        </div>
      </footer>
      <UpdatePrompt />
      <ConsentPrompt />
    </>
  );
}
