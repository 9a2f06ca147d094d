// YClients answers the PWA reads.
import * as v from "valibot";

export const WidgetUrl = v.object({
  service_id: v.number(),
  url: v.string(),
});
export type WidgetUrl = v.InferOutput<typeof WidgetUrl>;

export const SlotSource = v.picklist(["internal", "yclients", "internal_fallback"]);
