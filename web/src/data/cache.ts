// IndexedDB snapshots of read-only API data, so the catalog still shows when
// offline. One object store of keyed snapshots; later features (offline
// outbox, staff) add stores with a version bump in `upgrade`.
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import * as v from "valibot";
import { ServiceList } from "../../../worker/contracts/catalog";

export const DB_NAME = "salon";
export const DB_VERSION = 1;

export type CatalogSnapshot = {
  key: "catalog";
  data: ServiceList;
  etag: string | null;
  /** when the data was last confirmed by the server (ms since epoch) */
  fetchedAt: number;
};

interface SalonDB extends DBSchema {
  snapshots: { key: string; value: CatalogSnapshot };
}

let dbPromise: Promise<IDBPDatabase<SalonDB>> | null = null;

function db(): Promise<IDBPDatabase<SalonDB>> {
  if (typeof indexedDB === "undefined") return Promise.reject(new Error("IndexedDB unavailable"));
  dbPromise ??= openDB<SalonDB>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) database.createObjectStore("snapshots", { keyPath: "key" });
    },
    blocking() {
      // a newer tab wants to upgrade: let it
      void dbPromise?.then((d) => d.close());
      dbPromise = null;
    },
  }).catch((err: unknown) => {
    dbPromise = null;
    throw err;
  });
  return dbPromise;
}

const StoredCatalog = v.object({
  key: v.literal("catalog"),
  data: ServiceList,
  etag: v.nullable(v.string()),
  fetchedAt: v.number(),
});

/** The last saved catalog, or undefined (none, unreadable, or from an older contract). */
export async function readCatalog(): Promise<CatalogSnapshot | undefined> {
  try {
    const raw = await (await db()).get("snapshots", "catalog");
    const parsed = v.safeParse(StoredCatalog, raw);
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: a failed write (quota, private mode) must not break the page. */
export async function writeCatalog(snapshot: Omit<CatalogSnapshot, "key">): Promise<void> {
  try {
    await (await db()).put("snapshots", { key: "catalog", ...snapshot });
  } catch {
    // ignore
  }
}
