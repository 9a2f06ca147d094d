// The YClients channel seen from the back office: status, reconcile now, catalog link diff.
import * as v from "valibot";
import { read, write } from "./http";

const Counts = v.object({ fetched: v.number(), created: v.number(), updated: v.number(), unchanged: v.number(), cancelled: v.number(), failed: v.number() });
const Reconcile = v.object({
  last_run_at: v.nullable(v.string()),
  last_success_at: v.nullable(v.string()),
  last_error_at: v.nullable(v.string()),
  last_error: v.nullable(v.string()),
  counts: v.nullable(Counts),
});
export const YcStatus = v.object({ enabled: v.boolean(), company_id: v.nullable(v.union([v.number(), v.string()])), reconcile: Reconcile });
export type YcStatus = v.InferOutput<typeof YcStatus>;

const Entry = v.object({ yclients_id: v.number(), name: v.string(), local_id: v.nullable(v.number()) });
const KindDiff = v.object({
  linked: v.array(Entry),
  created: v.array(Entry),
  unchanged: v.array(Entry),
  missing_locally: v.array(Entry),
  missing_remotely: v.array(Entry),
});
export const SKIP_REASONS = ["fired", "deleted", "hidden", "not_bookable_online", "inactive"] as const;
const Skipped = v.object({ kind: v.picklist(["service", "staff"]), yclients_id: v.number(), name: v.string(), reason: v.picklist(SKIP_REASONS), local_id: v.nullable(v.number()) });
export const CatalogDiff = v.object({ dry_run: v.boolean(), services: KindDiff, staff: KindDiff, skipped: v.array(Skipped), skills_added: v.number() });
export type CatalogDiff = v.InferOutput<typeof CatalogDiff>;
export type DiffKind = keyof v.InferOutput<typeof KindDiff>;

export const getYcStatus = () => read("/yclients/status", YcStatus);
export const syncBookingsNow = () => write("POST", "/yclients/sync-bookings", {}, v.looseObject({ ok: v.boolean() }));
export const syncCatalog = (dryRun: boolean) => write("POST", `/yclients/sync-catalog?dry_run=${dryRun}`, {}, CatalogDiff);
