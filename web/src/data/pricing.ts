// What the customer sees on the details step: duration and total for the
// chosen add-ons. The server computes the same figures and has the last word.
import type { Money, Service } from "../../../worker/contracts/catalog";

export function quote(service: Service, addonIds: readonly number[]): { durationMin: number; total: Money } {
  const chosen = service.addons.filter((a) => addonIds.includes(a.id));
  return {
    durationMin: service.duration_min + chosen.reduce((n, a) => n + a.duration_min, 0),
    total: {
      amount_minor: service.price.amount_minor + chosen.reduce((n, a) => n + a.price.amount_minor, 0),
      currency: service.price.currency,
    },
  };
}

/** Toggles an id in a list, keeping the order stable. */
export function toggle(ids: readonly number[], id: number): number[] {
  return ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id].sort((a, b) => a - b);
}
