import { For, Show, createResource } from "solid-js";
import { getStaffReviews } from "../data/manage";
import { intlLocale, t } from "../i18n";
import Stars from "./Stars";

/** A master's approved reviews: stars, text and date, newest first. Renders nothing when there are none or they cannot be loaded. */
export default function MasterReviews(props: { staffId: number }) {
  const [data] = createResource(() => props.staffId, (id) => getStaffReviews(id).catch(() => null));
  const date = (iso: string) => new Intl.DateTimeFormat(intlLocale(), { day: "numeric", month: "long", year: "numeric" }).format(new Date(iso));
  return (
    <Show when={data()?.count ? data() : null}>
      {(r) => (
        <section class="master-reviews" aria-label={t("reviews.title")} data-testid="master-reviews">
          <h2 class="section-title">
            {t("reviews.title")} <span class="muted">{t("reviews.summary", { average: r().average ?? 0, count: r().count })}</span>
          </h2>
          <ul class="master-reviews__list">
            <For each={r().reviews}>
              {(review) => (
                <li class="master-reviews__item">
                  <Stars rating={review.rating} />
                  <time class="muted" dateTime={review.created_at}>
                    {date(review.created_at)}
                  </time>
                  <Show when={review.text}>
                    <p>{review.text}</p>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </section>
      )}
    </Show>
  );
}
