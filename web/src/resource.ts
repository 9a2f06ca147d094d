import type { Resource } from "solid-js";

/** The resource's value when loaded (kept while refreshing); never throws its error. */
export function settled<T>(r: Resource<T>): T | undefined {
  return r.state === "ready" || r.state === "refreshing" ? r.latest : undefined;
}

/** The resource's error, if that is its state. */
export function failed(r: Resource<unknown>): unknown {
  return r.state === "errored" ? (r.error as unknown) ?? new Error("failed") : undefined;
}
