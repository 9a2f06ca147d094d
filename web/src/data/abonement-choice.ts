// The details step's «Оплатить абонементом»: which of the customer's
// abonements can pay for this visit, and the one chosen by default. The
// server checks again at booking (and is the judge: one visit a day, races).
import type { Abonement } from "../../../worker/contracts/abonements";

export type Visit = {
  serviceId: number;
  /** The master the booking goes to; null while "any master" has no slot yet. */
  staffId: number | null;
  /** The visit's salon date and its instant (null until a time is chosen). */
  date: string | null;
  startAt: string | null;
};

/** Active, with a visit left, covering the service and the master, not expired at the visit and not frozen on its date. */
export function usableAbonements(list: readonly Abonement[], visit: Visit): Abonement[] {
  return list.filter(
    (a) =>
      a.status === "active" &&
      !a.expired &&
      (a.visits.left === null || a.visits.left > 0) &&
      a.services.some((s) => s.id === visit.serviceId) &&
      (a.staff.length === 0 || (visit.staffId !== null && a.staff.some((m) => m.id === visit.staffId))) &&
      (a.expires_at === null || visit.startAt === null || Date.parse(visit.startAt) < Date.parse(a.expires_at)) &&
      !a.freezes.some((f) => visit.date !== null && f.from <= visit.date && visit.date <= f.to),
  );
}

/** A visit of several services: the abonements that can pay at least one of its items. */
export function usableForAnyItem(list: readonly Abonement[], items: readonly Visit[]): Abonement[] {
  return list.filter((a) => items.some((item) => usableAbonements([a], item).length > 0));
}

/**
 * The choice once the usable ones are known. `chosen` is the draft's: undefined
 * (not decided: on when exactly one is usable), null (the customer said no), or
 * an id (kept while it is usable; another master or date can make it unusable).
 */
export function settleChoice(chosen: number | null | undefined, usable: readonly Abonement[]): number | null {
  if (chosen === null) return null;
  if (chosen !== undefined && usable.some((a) => a.id === chosen)) return chosen;
  return usable.length === 1 ? usable[0]!.id : null;
}
