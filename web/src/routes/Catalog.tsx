import { useSearchParams } from "@solidjs/router";
import {
  For,
  Match,
  Show,
  Switch,
  createMemo,
  createResource,
  createEffect,
  createSignal,
  on,
  onCleanup,
  onMount,
} from "solid-js";
import CacheNotice from "../components/CacheNotice";
import CatalogSkeleton from "../components/CatalogSkeleton";
import CategorySection from "../components/CategorySection";
import ErrorPanel from "../components/ErrorPanel";
import SalonCard from "../components/SalonCard";
import SearchBox from "../components/SearchBox";
import { ApiRequestError } from "../data/api";
import { countServices, groupServices, loadCatalog } from "../data/catalog";
import { t } from "../i18n";
import { usePageTitle } from "../page-title";

const CLOCK_TICK_MS = 30_000;
/** Retries while the saved copy is shown although the browser says it is online. */
const RETRY_DELAYS_MS = [2_000, 5_000, 15_000, 30_000, 60_000];

/** Service list grouped by category, with search. Route: "/". */
export default function Catalog() {
  usePageTitle(() => t("catalog.title"));

  // The query lives in the URL (?q=) so a filtered list can be shared, but the
  // input is driven by a local signal: router updates are transitions and
  // must not overwrite what is being typed.
  const [params, setParams] = useSearchParams<{ q?: string }>();
  const [query, setQuery] = createSignal(typeof params.q === "string" ? params.q : "");
  const onSearch = (value: string) => {
    setQuery(value);
    setParams({ q: value || undefined }, { replace: true, scroll: false });
  };

  const [catalog, { refetch }] = createResource(() => loadCatalog());
  const [now, setNow] = createSignal(Date.now());

  // "online" often fires before the network is usable, so a refetch that
  // still ends on the saved copy is retried with backoff (bounded).
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryIndex = 0;
  createEffect(
    on(
      () => (catalog.state === "ready" ? catalog.latest : undefined),
      (current) => {
        clearTimeout(retryTimer);
        if (!current) return;
        if (current.source.kind === "network") {
          retryIndex = 0;
          return;
        }
        if (!navigator.onLine) return; // the "online" event will trigger a refetch
        const delay = RETRY_DELAYS_MS[retryIndex++];
        if (delay !== undefined) retryTimer = setTimeout(() => void refetch(), delay);
      },
    ),
  );
  onCleanup(() => clearTimeout(retryTimer));

  onMount(() => {
    const onOnline = () => {
      retryIndex = 0;
      void refetch();
    };
    window.addEventListener("online", onOnline);
    const tick = setInterval(() => setNow(Date.now()), CLOCK_TICK_MS);
    onCleanup(() => {
      window.removeEventListener("online", onOnline);
      clearInterval(tick);
    });
  });

  /** The loaded catalog (kept while refreshing); undefined while pending or errored. */
  const loaded = () =>
    catalog.state === "ready" || catalog.state === "refreshing" ? catalog.latest : undefined;
  const groups = createMemo(() => {
    const current = loaded();
    return current ? groupServices(current.data, query()) : [];
  });
  const cacheSource = () => {
    const source = loaded()?.source;
    return source?.kind === "cache" ? source : undefined;
  };
  const retry = () => {
    setNow(Date.now());
    retryIndex = 0;
    void refetch();
  };

  return (
    <div class="catalog">
      <h1 class="page-title">{t("catalog.title")}</h1>
      <SalonCard />
      <SearchBox value={query()} onInput={onSearch} />
      <p class="catalog__count" aria-live="polite">
        <Show when={query().trim() && loaded()}>{t("catalog.search.results", { count: countServices(groups()) })}</Show>
      </p>

      <Switch>
        <Match when={loaded()}>
          {(current) => (
            <div class="catalog__content" aria-busy={catalog.state === "refreshing"}>
              <Show when={cacheSource()}>
                {(source) => (
                  <CacheNotice
                    source={source()}
                    fetchedAt={current().fetchedAt}
                    now={Math.max(now(), current().fetchedAt)}
                    onRetry={retry}
                  />
                )}
              </Show>
              <Show
                when={groups().length > 0}
                fallback={
                  <div class="empty">
                    <Show when={query().trim()} fallback={<p>{t("catalog.empty")}</p>}>
                      <p>{t("catalog.search.empty", { query: query().trim() })}</p>
                      <button type="button" class="btn" onClick={() => onSearch("")}>
                        {t("catalog.search.clear")}
                      </button>
                    </Show>
                  </div>
                }
              >
                <For each={groups()}>{(group) => <CategorySection group={group} />}</For>
              </Show>
            </div>
          )}
        </Match>
        <Match when={catalog.state === "errored"}>
          <ErrorPanel
            title={t("catalog.error.title")}
            message={
              catalog.error instanceof ApiRequestError && catalog.error.isNetwork
                ? t("catalog.error.network")
                : t("catalog.error.generic")
            }
            onRetry={retry}
          />
        </Match>
        <Match when={true}>
          <CatalogSkeleton />
        </Match>
      </Switch>
    </div>
  );
}
