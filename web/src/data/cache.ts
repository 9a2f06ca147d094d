// IndexedDB snapshot of the catalog, so the service list still shows when
// offline. Validated on read: a copy from an older contract is ignored.
import * as v from "valibot";
import { ServiceList } from "../../../worker/contracts/catalog";
import { readSnapshot, writeSnapshot } from "./db";

export type CatalogSnapshot = {
  key: "catalog";
  data: ServiceList;
  etag: string | null;
  /** when the data was last confirmed by the server (ms since epoch) */
  fetchedAt: number;
};

const StoredCatalog = v.object({
  key: v.literal("catalog"),
  data: ServiceList,
  etag: v.nullable(v.string()),
  fetchedAt: v.number(),
});

/** The last saved catalog, or undefined (none, unreadable, or from an older contract). */
export async function readCatalog(): Promise<CatalogSnapshot | undefined> {
  const parsed = v.safeParse(StoredCatalog, await readSnapshot("catalog"));
  return parsed.success ? parsed.output : undefined;
}

export async function writeCatalog(snapshot: Omit<CatalogSnapshot, "key">): Promise<void> {
  await writeSnapshot({ key: "catalog", ...snapshot });
}
