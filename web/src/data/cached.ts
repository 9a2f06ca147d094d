// Network first, IndexedDB when the network or the server fails: the generic
// loader behind every read screen that must work offline (service detail,
// masters, my bookings, a master's schedule).
import * as v from "valibot";
import { ApiRequestError } from "./api";
import { readSnapshot, writeSnapshot } from "./db";

export type Loaded<T> = {
  data: T;
  fetchedAt: number;
  /** "network" when fresh; otherwise why the saved copy is shown */
  source: "network" | "offline" | "server_error";
};

export async function cachedRead<S extends v.GenericSchema>(
  key: string,
  schema: S,
  fetcher: () => Promise<v.InferOutput<S>>,
): Promise<Loaded<v.InferOutput<S>>> {
  const saved = async (source: "offline" | "server_error") => {
    const snap = await readSnapshot(key);
    const parsed = v.safeParse(schema, snap?.data);
    return snap && parsed.success ? { data: parsed.output, fetchedAt: snap.fetchedAt, source } : undefined;
  };
  if (typeof navigator !== "undefined" && navigator.onLine === false) {
    const copy = await saved("offline");
    if (copy) return copy;
  }
  try {
    const data = await fetcher();
    const fetchedAt = Date.now();
    await writeSnapshot({ key, data, etag: null, fetchedAt });
    return { data, fetchedAt, source: "network" };
  } catch (err) {
    if (err instanceof ApiRequestError && (err.isNetwork || err.isServerError)) {
      const copy = await saved(err.isNetwork ? "offline" : "server_error");
      if (copy) return copy;
    }
    throw err;
  }
}
