// YClients answers the PWA reads.
import * as v from "valibot";

/**
 * How a linked service is booked now: in YClients' form (`url`), on our own
 * screens (`internal`; `internal_fallback` while YClients is down, shown with
 * a notice), or by calling the salon (`phone`, for a tel: link).
 */
export const WidgetUrl = v.object({
  service_id: v.number(),
  route: v.picklist(["widget", "internal", "internal_fallback", "phone"]),
  url: v.nullable(v.string()),
  phone: v.nullable(v.string()),
});
export type WidgetUrl = v.InferOutput<typeof WidgetUrl>;

export const SlotSource = v.picklist(["internal", "yclients", "internal_fallback"]);

// ── the back office's YClients calls: POST /yclients/sync-catalog
const CatalogEntry = v.object({ yclients_id: v.number(), name: v.string(), local_id: v.nullable(v.number()) });
const CatalogKindDiff = v.object({
  linked: v.array(CatalogEntry),
  created: v.array(CatalogEntry),
  unchanged: v.array(CatalogEntry),
  missing_locally: v.array(CatalogEntry),
  missing_remotely: v.array(CatalogEntry),
});
/** Listed by YClients but not brought in, and why (worker/yclients/catalog-sync.ts). */
const CatalogSkipped = v.object({
  kind: v.picklist(["service", "staff"]),
  yclients_id: v.number(),
  name: v.string(),
  reason: v.picklist(["fired", "deleted", "hidden", "not_bookable_online", "inactive"]),
  local_id: v.nullable(v.number()),
});
export const CatalogDiff = v.object({ dry_run: v.boolean(), services: CatalogKindDiff, staff: CatalogKindDiff, skipped: v.array(CatalogSkipped), skills_added: v.number() });
