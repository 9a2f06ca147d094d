// What a booking costs, how long it takes and how much must be paid up front.
// Money stays in integer minor units throughout.

export interface PricedService {
  durationMin: number;
  bufferAfterMin: number;
  priceMinor: number;
  currency: string;
  prepaymentKind: "none" | "deposit_fixed" | "deposit_percent" | "full";
  prepaymentValue: number;
}

export interface PricedAddon {
  id: number;
  durationMin: number;
  priceMinor: number;
}

export interface Quote {
  /** Service plus add-ons: what the customer books. */
  durationMin: number;
  /** What the master's calendar is blocked for: duration plus the clean-up buffer. */
  occupiedMin: number;
  totalMinor: number;
  currency: string;
  /** Zero when nothing is due before the visit. */
  prepaymentMinor: number;
}

export function quote(service: PricedService, addons: PricedAddon[]): Quote {
  const durationMin = service.durationMin + addons.reduce((sum, a) => sum + a.durationMin, 0);
  const totalMinor = service.priceMinor + addons.reduce((sum, a) => sum + a.priceMinor, 0);
  return {
    durationMin,
    occupiedMin: durationMin + service.bufferAfterMin,
    totalMinor,
    currency: service.currency,
    prepaymentMinor: prepaymentOf(service, totalMinor),
  };
}

/** What is due before the visit for this total; the PWA shows the same figure before booking. */
export function prepaymentOf(service: Pick<PricedService, "prepaymentKind" | "prepaymentValue">, totalMinor: number): number {
  switch (service.prepaymentKind) {
    case "none":
      return 0;
    case "full":
      return totalMinor;
    case "deposit_fixed":
      return Math.min(service.prepaymentValue, totalMinor);
    case "deposit_percent":
      // Round up to whole minor units so the deposit never falls short.
      return Math.min(totalMinor, Math.ceil((totalMinor * service.prepaymentValue) / 100));
  }
}
