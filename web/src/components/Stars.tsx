import { For } from "solid-js";
import { t } from "../i18n";

/** A rating shown as five stars, read out as "4 of 5". */
export default function Stars(props: { rating: number }) {
  return (
    <span class="stars" role="img" aria-label={t("reviews.stars", { n: props.rating })}>
      <For each={[1, 2, 3, 4, 5]}>{(n) => <span classList={{ "stars__on": n <= props.rating }} aria-hidden="true">★</span>}</For>
    </span>
  );
}
