import { For } from "solid-js";
import { t } from "../i18n";

/** Placeholder blocks of a screen while its data (or code) loads; fixed heights, no jumps. */
export default function PageSkeleton(props: { rows?: number }) {
  return (
    <div class="skeleton page-skeleton">
      <p class="sr-only" role="status">
        {t("common.loading")}
      </p>
      <For each={Array.from({ length: props.rows ?? 4 })}>
        {() => (
          <div class="service skeleton__card" aria-hidden="true">
            <div class="skeleton__line shimmer" />
            <div class="skeleton__line skeleton__line--short shimmer" />
          </div>
        )}
      </For>
    </div>
  );
}
