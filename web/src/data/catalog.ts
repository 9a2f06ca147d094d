// Catalog data for the screens: network first, IndexedDB when offline,
// plus the pure view derivations (grouping, search) used by routes/Catalog.
import { StaffList, type Service, type ServiceList } from "../../../worker/contracts/catalog";
import { ApiRequestError, getJson, getServices } from "./api";
import { readCatalog, writeCatalog } from "./cache";
import { readSnapshot, writeSnapshot } from "./db";

export type CatalogSource =
  | { kind: "network" }
  /** shown from the saved copy; `reason` explains why */
  | { kind: "cache"; reason: "offline" | "server_error" };

export type LoadedCatalog = {
  data: ServiceList;
  /** when the data was last confirmed by the server (ms since epoch) */
  fetchedAt: number;
  source: CatalogSource;
};

function isOffline(): boolean {
  return typeof navigator !== "undefined" && navigator.onLine === false;
}

/**
 * Saves the masters for offline reading: with the catalog they make any
 * service page (data/booking.ts). Asks with the saved copy's ETag, so most
 * times the answer is a 304. (Kept off data/cached.ts: the app shell stays small.)
 */
async function saveStaff(): Promise<void> {
  const saved = await readSnapshot("staff");
  const res = await getJson("/staff", StaffList, { etag: saved?.etag });
  if (res.status === 200 && !res.fromServiceWorkerCache) await writeSnapshot({ key: "staff", data: res.data, etag: res.etag, fetchedAt: Date.now() });
}

/** Loads the catalog; falls back to the saved copy when the network or server fails. */
export async function loadCatalog(signal?: AbortSignal): Promise<LoadedCatalog> {
  const loaded = await loadCatalogOnly(signal);
  // Online, the masters are saved too (a 304 most times), so that a service
  // page never opened online still shows who does it when offline.
  if (loaded.source.kind === "network") void saveStaff().catch(() => undefined);
  return loaded;
}

async function loadCatalogOnly(signal?: AbortSignal): Promise<LoadedCatalog> {
  const saved = await readCatalog();
  const fromSaved = (reason: "offline" | "server_error"): LoadedCatalog | undefined =>
    saved && { data: saved.data, fetchedAt: saved.fetchedAt, source: { kind: "cache", reason } };

  if (isOffline()) {
    const cached = fromSaved("offline");
    if (cached) return cached;
  }

  try {
    const res = await getServices({ etag: saved?.etag, signal });
    const now = Date.now();
    if (res.status === 304) {
      if (!saved) throw new ApiRequestError("invalid_response", "304 without a saved copy", 304);
      await writeCatalog({ data: saved.data, etag: saved.etag, fetchedAt: now });
      return { data: saved.data, fetchedAt: now, source: { kind: "network" } };
    }
    if (res.fromServiceWorkerCache) {
      // The network failed and the service worker answered from its cache.
      return (
        fromSaved("offline") ?? {
          data: res.data,
          fetchedAt: res.serverDate ?? now,
          source: { kind: "cache", reason: "offline" },
        }
      );
    }
    await writeCatalog({ data: res.data, etag: res.etag, fetchedAt: now });
    return { data: res.data, fetchedAt: now, source: { kind: "network" } };
  } catch (err) {
    if (err instanceof ApiRequestError && (err.isNetwork || err.isServerError)) {
      const cached = fromSaved(err.isNetwork ? "offline" : "server_error");
      if (cached) return cached;
    }
    throw err;
  }
}

// ---- view derivations -------------------------------------------------------

export type ServiceGroup = {
  /** category id, or null for services without a category */
  id: number | null;
  /** category name; null means "uncategorised" (label supplied by the UI) */
  name: string | null;
  services: Service[];
};

/** Lower-case, "ё" → "е", collapse whitespace: "Ёлочка  Стрижка" → "елочка стрижка". */
export function normalizeSearch(text: string): string {
  return text.toLocaleLowerCase("ru").replace(/ё/g, "е").replace(/\s+/g, " ").trim();
}

function matches(service: Service, terms: string[]): boolean {
  if (terms.length === 0) return true;
  const haystack = normalizeSearch(
    [service.name, service.description ?? "", service.category?.name ?? ""].join(" "),
  );
  return terms.every((term) => haystack.includes(term));
}

/**
 * Groups bookable services by category (categories in `sort_order`, then
 * name; uncategorised last). Add-ons are not standalone items: they are
 * shown inside the services they belong to. Empty groups are dropped.
 */
export function groupServices(list: ServiceList, query = ""): ServiceGroup[] {
  const terms = normalizeSearch(query).split(" ").filter(Boolean);
  const categories = [...list.categories].sort(
    (a, b) => a.sort_order - b.sort_order || a.name.localeCompare(b.name, "ru"),
  );
  const groups = new Map<number | null, ServiceGroup>(
    categories.map((c) => [c.id, { id: c.id, name: c.name, services: [] }]),
  );
  for (const service of list.services) {
    if (service.is_addon || !matches(service, terms)) continue;
    const key = service.category?.id ?? null;
    let group = groups.get(key);
    if (!group) {
      // a category missing from `categories` (or none): keep the service visible
      group = { id: key, name: service.category?.name ?? null, services: [] };
      groups.set(key, group);
    }
    group.services.push(service);
  }
  const result = [...groups.values()].filter((g) => g.services.length > 0);
  // uncategorised last
  result.sort((a, b) => Number(a.id === null) - Number(b.id === null));
  return result;
}

export function countServices(groups: ServiceGroup[]): number {
  return groups.reduce((n, g) => n + g.services.length, 0);
}
