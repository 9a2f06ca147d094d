import { Show } from "solid-js";
import { avatarHue, initials } from "../data/masters";

type Props = { id: number; name: string; photoUrl: string | null; size?: "sm" | "lg" };

/** A master's photo, or their initials on a colour of their own when the salon has no photo. */
export default function Avatar(props: Props) {
  return (
    <Show
      when={props.photoUrl}
      fallback={
        <span class={`avatar avatar--${props.size ?? "sm"}`} style={{ "--avatar-hue": String(avatarHue(props.id)) }} aria-hidden="true">
          {initials(props.name)}
        </span>
      }
    >
      {(src) => <img class={`avatar avatar--${props.size ?? "sm"}`} src={src()} alt="" loading="lazy" decoding="async" />}
    </Show>
  );
}
