import { Show } from "solid-js";
import FormError from "../../components/FormError";

/** Above an editing screen: why the last change failed, or what it did. */
export default function SaveOutcome(props: { error: string | null; notice: string | null }) {
  return (
    <>
      <FormError message={props.error} />
      <Show when={props.notice}>{(n) => <p class="notice" role="status">{n()}</p>}</Show>
    </>
  );
}
