import type { JSX } from "solid-js";

/** A list of cards under its own heading, the section named by that heading. `children` are the <li>s. */
export default function ListSection(props: { headingId: string; title: string; class?: string; children: JSX.Element }) {
  return (
    <section aria-labelledby={props.headingId} class={props.class}>
      <h2 class="section-title" id={props.headingId}>
        {props.title}
      </h2>
      <ul class="service-list">{props.children}</ul>
    </section>
  );
}
