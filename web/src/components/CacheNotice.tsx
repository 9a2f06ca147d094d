import type { CatalogSource } from "../data/catalog";
import { formatAge, formatSnapshotTime } from "../format";
import { intlLocale, t } from "../i18n";

type Props = {
  source: Extract<CatalogSource, { kind: "cache" }>;
  fetchedAt: number;
  now: number;
  onRetry: () => void;
};

/** "Данные от 10:42 (нет сети)" with the age of the saved copy and a retry button. */
export default function CacheNotice(props: Props) {
  const time = () => formatSnapshotTime(props.fetchedAt, intlLocale(), props.now);
  return (
    <div class="notice notice--cache" role="status">
      <p class="notice__text">
        <strong>
          {t(props.source.reason === "offline" ? "catalog.cache.offline" : "catalog.cache.serverError", {
            time: time(),
          })}
        </strong>{" "}
        <span class="notice__age">
          · {t("catalog.cache.age", { age: formatAge(props.fetchedAt, intlLocale(), props.now) })}
        </span>
      </p>
      <button type="button" class="btn btn--small" onClick={() => props.onRetry()}>
        {t("catalog.retry")}
      </button>
    </div>
  );
}
