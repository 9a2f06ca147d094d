import { A, useParams } from "@solidjs/router";
import { For, Match, Show, Switch, createResource, createSignal } from "solid-js";
import FormError from "../components/FormError";
import PageSkeleton from "../components/PageSkeleton";
import Screen from "../components/Screen";
import Stars from "../components/Stars";
import { ApiRequestError } from "../data/api";
import { errorMessage } from "../data/errors";
import { getReviewPage, sendReview } from "../data/manage";
import { formatDay } from "../format";
import { intlLocale, locale, t } from "../i18n";

/** Stars and a few words about a completed visit, from the link in the review request. Route: /r/:token. */
export default function ReviewPage() {
  const params = useParams<{ token: string }>();
  const [page, { refetch }] = createResource(() => params.token, getReviewPage);
  const [rating, setRating] = createSignal(0);
  const [text, setText] = createSignal("");
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [sent, setSent] = createSignal(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (rating() === 0) return setError(t("review.pickStars"));
    setBusy(true);
    setError(null);
    try {
      await sendReview(params.token, { rating: rating(), text: text() });
      setSent(true);
    } catch (err) {
      setError(errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  const dead = () => page.error instanceof ApiRequestError && [404, 409, 410].includes(page.error.status);

  return (
    <Screen title={t("review.title")}>
      <Switch fallback={<PageSkeleton rows={2} />}>
        <Match when={dead()}>
          <section class="card link-dead" data-testid="link-dead" role="status">
            <h2>{t("review.unavailable")}</h2>
            <A class="btn" href="/">
              {t("notFound.home")}
            </A>
          </section>
        </Match>
        <Match when={page.error}>
          <FormError message={errorMessage(page.error, locale())} />
          <button type="button" class="btn" onClick={() => void refetch()}>
            {t("catalog.retry")}
          </button>
        </Match>
        <Match when={page()}>
          {(p) => (
            <>
              <p class="summary__service">
                {[p().booking.service, p().booking.staff].filter(Boolean).join(" · ")} — {formatDay(p().booking.local_date, intlLocale())} {p().booking.local_time}
              </p>
              <Show
                when={!sent() && !p().review}
                fallback={
                  <p class="notice notice--cache" role="status" data-testid="review-thanks">
                    {t("review.thanks")}
                    <Show when={p().review}>{(r) => <Stars rating={r().rating} />}</Show>
                  </p>
                }
              >
                <form class="form" onSubmit={(e) => void submit(e)}>
                  <fieldset class="fieldset rating-input">
                    <legend>{t("review.rating")}</legend>
                    <For each={[1, 2, 3, 4, 5]}>
                      {(n) => (
                        <label class="rating-input__star" classList={{ "rating-input__star--on": n <= rating() }}>
                          <input type="radio" name="rating" value={n} checked={rating() === n} onChange={() => setRating(n)} class="sr-only" />
                          <span aria-hidden="true">★</span>
                          <span class="sr-only">{t("reviews.stars", { n })}</span>
                        </label>
                      )}
                    </For>
                  </fieldset>
                  <div class="field">
                    <label for="review-text">{t("review.text")}</label>
                    <textarea id="review-text" rows="4" maxLength={2000} value={text()} onInput={(e) => setText(e.currentTarget.value)} />
                  </div>
                  <FormError message={error()} />
                  <button type="submit" class="btn btn--primary" disabled={busy()}>
                    {t("review.send")}
                  </button>
                </form>
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </Screen>
  );
}
