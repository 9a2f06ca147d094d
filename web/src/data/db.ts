// The one IndexedDB database of the app, shared by the page and the service
// worker: keyed snapshots of API reads, the offline outbox, and small values
// (session, drafts). Version 2 added `outbox` and `kv` to version 1's snapshots.
import { openDB, type DBSchema, type IDBPDatabase } from "idb";

export const DB_NAME = "salon";
export const DB_VERSION = 2;

export type Snapshot = {
  key: string;
  data: unknown;
  etag: string | null;
  /** when the server last confirmed the data (ms since epoch) */
  fetchedAt: number;
};

export type KvRow = { key: string; value: unknown };

interface SalonDB extends DBSchema {
  snapshots: { key: string; value: Snapshot };
  /** rows are validated on read (data/outbox-logic.ts), so stored as unknown */
  outbox: { key: string; value: { id: string } & Record<string, unknown> };
  kv: { key: string; value: KvRow };
}

let dbPromise: Promise<IDBPDatabase<SalonDB>> | null = null;

export function db(): Promise<IDBPDatabase<SalonDB>> {
  if (typeof indexedDB === "undefined") return Promise.reject(new Error("IndexedDB unavailable"));
  dbPromise ??= openDB<SalonDB>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) database.createObjectStore("snapshots", { keyPath: "key" });
      if (oldVersion < 2) {
        database.createObjectStore("outbox", { keyPath: "id" });
        database.createObjectStore("kv", { keyPath: "key" });
      }
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

export async function readSnapshot(key: string): Promise<Snapshot | undefined> {
  try {
    return await (await db()).get("snapshots", key);
  } catch {
    return undefined;
  }
}

/** Best effort: a failed write (quota, private mode) must not break the page. */
export async function writeSnapshot(snapshot: Snapshot): Promise<void> {
  try {
    await (await db()).put("snapshots", snapshot);
  } catch {
    // ignore
  }
}

export async function kvGet(key: string): Promise<unknown> {
  try {
    return (await (await db()).get("kv", key))?.value;
  } catch {
    return undefined;
  }
}

export async function kvSet(key: string, value: unknown): Promise<void> {
  try {
    const d = await db();
    if (value === undefined) await d.delete("kv", key);
    else await d.put("kv", { key, value });
  } catch {
    // ignore
  }
}

/** Every snapshot whose key starts with `prefix` (the slot cache prunes its own). */
export async function listSnapshots(prefix: string): Promise<Snapshot[]> {
  try {
    return await (await db()).getAll("snapshots", IDBKeyRange.bound(prefix, `${prefix}\uffff`));
  } catch {
    return [];
  }
}

export async function deleteSnapshots(keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  try {
    const tx = (await db()).transaction("snapshots", "readwrite");
    await Promise.all([...keys.map((key) => tx.store.delete(key)), tx.done]);
  } catch {
    // best effort: the next prune tries again
  }
}
