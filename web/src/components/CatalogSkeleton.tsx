import { For } from "solid-js";
import { t } from "../i18n";

/** Fixed-height placeholders shaped like the catalog, so nothing jumps on load. */
export default function CatalogSkeleton() {
  return (
    <div class="skeleton">
      <p class="sr-only" role="status">
        {t("catalog.loading")}
      </p>
      <For each={[3, 2]}>
        {(rows) => (
          <div class="category" aria-hidden="true">
            <div class="skeleton__title shimmer" />
            <ul class="service-list">
              <For each={Array.from({ length: rows })}>
                {() => (
                  <li class="service skeleton__card">
                    <div class="skeleton__line shimmer" />
                    <div class="skeleton__line skeleton__line--short shimmer" />
                  </li>
                )}
              </For>
            </ul>
          </div>
        )}
      </For>
    </div>
  );
}
