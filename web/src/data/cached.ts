// Network first, IndexedDB when the network or the server fails: the generic
// loader behind every read screen that must work offline (service detail,
// masters, my bookings, a master's schedule, the salon).
import * as v from "valibot";
import { ApiRequestError, getJson } from "./api";
import { readSnapshot, writeSnapshot } from "./db";

export type Loaded<T> = {
  data: T;
  fetchedAt: number;
  /** "network" when fresh; otherwise why the saved copy is shown */
  source: "network" | "offline" | "server_error";
};

type Saved<T> = { data: T; etag: string | null; fetchedAt: number };

/** Reads `key` through the network with `fetcher`, given the saved copy (if any) to revalidate. */
async function readThrough<S extends v.GenericSchema>(
  key: string,
  schema: S,
  fetcher: (saved: Saved<v.InferOutput<S>> | undefined) => Promise<{ data: v.InferOutput<S>; etag: string | null }>,
): Promise<Loaded<v.InferOutput<S>>> {
  const snap = await readSnapshot(key);
  const parsed = v.safeParse(schema, snap?.data);
  const saved = snap && parsed.success ? { data: parsed.output, etag: snap.etag, fetchedAt: snap.fetchedAt } : undefined;
  const fromSaved = (source: "offline" | "server_error") => saved && { data: saved.data, fetchedAt: saved.fetchedAt, source };

  if (typeof navigator !== "undefined" && navigator.onLine === false) {
    const copy = fromSaved("offline");
    if (copy) return copy;
  }
  try {
    const { data, etag } = await fetcher(saved);
    const fetchedAt = Date.now();
    await writeSnapshot({ key, data, etag, fetchedAt });
    return { data, fetchedAt, source: "network" };
  } catch (err) {
    if (err instanceof ApiRequestError && (err.isNetwork || err.isServerError)) {
      const copy = fromSaved(err.isNetwork ? "offline" : "server_error");
      if (copy) return copy;
    }
    throw err;
  }
}

export function cachedRead<S extends v.GenericSchema>(
  key: string,
  schema: S,
  fetcher: () => Promise<v.InferOutput<S>>,
): Promise<Loaded<v.InferOutput<S>>> {
  return readThrough(key, schema, async () => ({ data: await fetcher(), etag: null }));
}

/**
 * cachedRead for an endpoint that sends an ETag: asks with the saved copy's
 * tag, and a 304 confirms the saved copy.
 */
export function revalidatedRead<S extends v.GenericSchema>(key: string, path: string, schema: S): Promise<Loaded<v.InferOutput<S>>> {
  return readThrough(key, schema, async (saved) => {
    const res = await getJson(path, schema, { etag: saved?.etag });
    if (res.status === 200) return { data: res.data, etag: res.etag };
    if (!saved) throw new ApiRequestError("invalid_response", `304 of ${path} without a saved copy`, 304);
    return { data: saved.data, etag: saved.etag };
  });
}
