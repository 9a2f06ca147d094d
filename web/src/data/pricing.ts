// What the customer sees on the details step: duration and total for the
// chosen add-ons. The server computes the same figures and has the last word.
import { prepaymentOf } from "../../../worker/booking/pricing";
import type { Money, Service, ServiceDetail } from "../../../worker/contracts/catalog";

/** Duration and total for the chosen add-ons, on top of `base` (a master's own terms) or the service's standard terms. */
export function quote(
  service: Service,
  addonIds: readonly number[],
  base: { price: Money; durationMin: number } = { price: service.price, durationMin: service.duration_min },
): { durationMin: number; total: Money } {
  const chosen = service.addons.filter((a) => addonIds.includes(a.id));
  return {
    durationMin: base.durationMin + chosen.reduce((n, a) => n + a.duration_min, 0),
    total: {
      amount_minor: base.price.amount_minor + chosen.reduce((n, a) => n + a.price.amount_minor, 0),
      currency: base.price.currency,
    },
  };
}

/** Toggles an id in a list, keeping the order stable. */
export function toggle(ids: readonly number[], id: number): number[] {
  return ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id].sort((a, b) => a - b);
}

/**
 * A service's price and duration with one master: the master's own terms when
 * the service's detail lists them, else the standard ones (also while the
 * detail is not loaded yet). `own` says which.
 */
export function termsWith(service: Service, detail: ServiceDetail | null | undefined, staffId: number): { price: Money; durationMin: number; own: boolean } {
  const own = detail?.service.id === service.id ? detail.staff.find((m) => m.id === staffId)?.own_terms : null;
  return own ? { price: own.price, durationMin: own.duration_min, own: true } : { price: service.price, durationMin: service.duration_min, own: false };
}

/** The prepayment due for `total` (the service with its add-ons), by the salon's rule for the service; null when none. */
export function prepaymentFor(service: Pick<Service, "prepayment">, total: Money): Money | null {
  const amount = prepaymentOf({ prepaymentKind: service.prepayment.kind, prepaymentValue: service.prepayment.value }, total.amount_minor);
  return amount > 0 ? { amount_minor: amount, currency: total.currency } : null;
}
