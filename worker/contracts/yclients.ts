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
