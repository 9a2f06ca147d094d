import { A } from "@solidjs/router";
import { Show, type JSX } from "solid-js";
import { usePageTitle } from "../page-title";

type Props = {
  /** the h1, also the document title */
  title: string;
  /** link back, above the title */
  back?: { href: string; label: string };
  children: JSX.Element;
};

/** A screen of the app: optional back link, its heading (and document title), then the content. */
export default function Screen(props: Props) {
  usePageTitle(() => props.title);
  return (
    <div class="screen">
      <Show when={props.back}>
        {(back) => (
          <p class="back-link">
            <A href={back().href}>{back().label}</A>
          </p>
        )}
      </Show>
      <h1 class="page-title">{props.title}</h1>
      {props.children}
    </div>
  );
}
