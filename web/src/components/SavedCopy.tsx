import { Show } from "solid-js";
import type { Loaded } from "../data/cached";
import CacheNotice from "./CacheNotice";

/** The "from cache, as of HH:MM" notice for any screen fed by cachedRead. */
export default function SavedCopy(props: { loaded: Loaded<unknown>; onRetry: () => void }) {
  return (
    <Show when={props.loaded.source !== "network" ? props.loaded.source : undefined}>
      {(reason) => (
        <CacheNotice
          source={{ kind: "cache", reason: reason() as "offline" | "server_error" }}
          fetchedAt={props.loaded.fetchedAt}
          now={Math.max(Date.now(), props.loaded.fetchedAt)}
          onRetry={props.onRetry}
        />
      )}
    </Show>
  );
}
