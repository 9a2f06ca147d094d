import { For, Show, createResource, createSignal } from "solid-js";
import FormError from "../../components/FormError";
import Loadable from "../../components/Loadable";
import Screen from "../../components/Screen";
import Stars from "../../components/Stars";
import { errorMessage } from "../../data/errors";
import { intlLocale, locale } from "../../i18n";
import { getReviews, moderateReview } from "../data/api";
import { at } from "../i18n";

type Filter = "pending" | "approved" | "hidden" | "";

/** Customers' reviews: publish on the master's profile or hide. Route: /admin/reviews. */
export default function Reviews() {
  const [filter, setFilter] = createSignal<Filter>("pending");
  const [list, { refetch }] = createResource(filter, (f) => getReviews(f || undefined));
  const [error, setError] = createSignal<string | null>(null);

  const moderate = async (id: number, status: "approved" | "hidden") => {
    setError(null);
    try {
      await moderateReview(id, status);
      await refetch();
    } catch (err) {
      setError(errorMessage(err, locale()));
    }
  };

  const day = (iso: string) => new Date(iso).toLocaleDateString(intlLocale(), { day: "numeric", month: "long" });

  return (
    <Screen title={at("rev.title")}>
      <div class="field">
        <label for="rev-filter">{at("rev.filter")}</label>
        <select id="rev-filter" value={filter()} onChange={(e) => setFilter(e.currentTarget.value as Filter)}>
          <option value="pending">{at("rev.pending")}</option>
          <option value="approved">{at("rev.approved")}</option>
          <option value="hidden">{at("rev.hidden")}</option>
          <option value="">{at("rev.all")}</option>
        </select>
      </div>
      <FormError message={error()} />
      <Loadable of={list} errorTitle={at("admin.loadError")} onRetry={() => void refetch()}>
        {(r) => (
          <Show when={r().reviews.length > 0} fallback={<p class="empty-note">{at("rev.empty")}</p>}>
            <ul class="master-reviews__list">
              <For each={r().reviews}>
                {(review) => (
                  <li class="master-reviews__item" data-review-id={review.id}>
                    <Stars rating={review.rating} />
                    <span class="muted">{at("rev.visit", { service: review.service ?? "—", master: review.staff.name, date: day(review.visit_at) })}</span>
                    <Show when={review.text}>
                      <p>{review.text}</p>
                    </Show>
                    <div class="actions">
                      <Show when={review.status !== "approved"}>
                        <button type="button" class="btn btn--primary" onClick={() => void moderate(review.id, "approved")}>
                          {at("rev.approve")}
                        </button>
                      </Show>
                      <Show when={review.status !== "hidden"}>
                        <button type="button" class="btn" onClick={() => void moderate(review.id, "hidden")}>
                          {at("rev.hide")}
                        </button>
                      </Show>
                    </div>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Loadable>
    </Screen>
  );
}
