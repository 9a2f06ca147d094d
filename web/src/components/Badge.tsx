import type { JSX } from "solid-js";

type Props = { children: JSX.Element; title?: string; tone?: "neutral" | "accent" };

export default function Badge(props: Props) {
  return (
    <span class={`badge badge--${props.tone ?? "neutral"}`} title={props.title}>
      {props.children}
    </span>
  );
}
