import { Show } from "solid-js";

/** A failed action's message under a form, announced at once; nothing when there is none. */
export default function FormError(props: { message: string | null | undefined }) {
  return (
    <Show when={props.message}>
      {(message) => (
        <p class="form-error" role="alert">
          {message()}
        </p>
      )}
    </Show>
  );
}
