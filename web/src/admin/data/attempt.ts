import { createSignal } from "solid-js";
import { errorMessage } from "../../data/errors";
import { locale } from "../../i18n";
import { at } from "../i18n";

/**
 * A screen's changes: `attempt` runs one, then says "saved" and reloads the
 * screen's data (`refetch`, then `after`), or shows why it failed.
 */
export function createAttempt(refetch: () => unknown) {
  const [error, setError] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const attempt = async (work: () => Promise<unknown>, after?: () => void) => {
    setError(null);
    setNotice(null);
    try {
      await work();
      setNotice(at("admin.saved"));
      await refetch();
      after?.();
    } catch (err) {
      setError(errorMessage(err, locale()));
    }
  };
  return { error, notice, attempt };
}
