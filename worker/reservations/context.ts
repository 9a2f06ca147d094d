// Loads and checks what every booking decision needs: the salon's rules, the
// service with the chosen add-ons and their quote, and the candidate masters.
import { quote, type Quote } from "../booking/pricing.js";
import type { StaffMember } from "../contracts/catalog.js";
import { AppError } from "../errors.js";
import { activeServiceRow, addonRowsFor, staffForService, staffOverridesFor } from "../repo/catalog.js";
import type { Db } from "../repo/db.js";
import { loadSettings, type SalonSettings } from "../repo/settings.js";
import type { ViewParts } from "./views.js";
import type { PromoUse } from "../repo/promo.js";

export interface BookingContext {
  settings: SalonSettings;
  service: NonNullable<Awaited<ReturnType<typeof activeServiceRow>>>;
  addons: Awaited<ReturnType<typeof addonRowsFor>>;
  quote: Quote;
  /** Masters who do the service, in the salon's order. */
  staff: StaffMember[];
  /** Masters' own price/duration for the service (null = the service's own). */
  overrides: Map<number, { priceMinor: number | null; durationMin: number | null }>;
}

/**
 * Reads started together travel as one round trip (see repo/db.ts): a caller
 * that needs more (the user, schedules) starts those reads alongside this
 * call, and a read added here joins the same batch.
 */
/** `classes`: the booking is a class seat (a class is booked only by the seat, anything else only on the grid). */
export async function loadBookingContext(db: Db, serviceId: number, addonIds: number[], opts: { classes?: boolean } = {}): Promise<BookingContext> {
  const [settings, service, addons, staff, overrides] = await Promise.all([
    loadSettings(db),
    activeServiceRow(db, serviceId),
    addonRowsFor(db, serviceId, addonIds),
    staffForService(db, serviceId),
    staffOverridesFor(db, serviceId),
  ]);
  if (!service) throw new AppError("not_found", `Service ${serviceId} does not exist or is not offered`);
  if (service.isAddon) {
    throw new AppError("service_is_addon", `"${service.name}" is an add-on; book it together with a main service`);
  }
  if (service.isClass && !opts.classes) {
    throw new AppError("service_is_class", `"${service.name}" is a group class; book a seat in one of its sessions`);
  }
  if (!service.isClass && opts.classes) throw new AppError("service_not_class", `"${service.name}" is not a group class`);
  const unique = [...new Set(addonIds)];
  if (addons.length !== unique.length) {
    const known = new Set(addons.map((a) => a.id));
    throw new AppError("invalid_addon", "Some add-ons cannot be added to this service", {
      addon_ids: unique.filter((id) => !known.has(id)),
    });
  }
  return {
    settings,
    service,
    addons,
    quote: quote(service, addons),
    staff,
    overrides: new Map(overrides.map((o) => [o.staffId, { priceMinor: o.priceMinor, durationMin: o.durationMin }])),
  };
}

/** The quote with this master's own price and duration for the service, where they have them. */
export function quoteFor(ctx: BookingContext, staffId: number): Quote {
  const own = ctx.overrides.get(staffId);
  if (!own) return ctx.quote;
  return quote({ ...ctx.service, priceMinor: own.priceMinor ?? ctx.service.priceMinor, durationMin: own.durationMin ?? ctx.service.durationMin }, ctx.addons);
}

/** abonements: this master's price of the service alone (what an abonement covers; add-ons are paid as usual). */
export function servicePriceFor(ctx: BookingContext, staffId: number): number {
  return ctx.overrides.get(staffId)?.priceMinor ?? ctx.service.priceMinor;
}

/** What the slot engine needs to plan a day for these masters, each with their own duration. */
export function planQueryOf(ctx: BookingContext, date: string, now: Date) {
  return {
    date,
    durationMin: ctx.quote.durationMin,
    bufferAfterMin: ctx.service.bufferAfterMin,
    now,
    durationFor: ctx.overrides.size > 0 ? (staffId: number) => quoteFor(ctx, staffId).durationMin : undefined,
  };
}

/** The view parts of a booking made from this context (with its promo use, if any): no read needed to answer with it. */
export function viewPartsOf(ctx: BookingContext, bookingId: number, promo?: { code: string; use: PromoUse }, abonement?: { id: number; name: string }): ViewParts {
  return {
    abonements: abonement ? [abonement] : [],
    promoUses: promo ? [{ bookingId, code: promo.code, discountMinor: promo.use.discountMinor, priceBeforeMinor: promo.use.priceBeforeMinor, currency: ctx.service.currency }] : [],
    services: [{ id: ctx.service.id, name: ctx.service.name, bufferAfterMin: ctx.service.bufferAfterMin }],
    staff: ctx.staff.map((m) => ({ id: m.id, name: m.name })),
    addons: ctx.addons.map((a) => ({ bookingId, id: a.id, name: a.name, durationMin: a.durationMin, priceMinor: a.priceMinor, currency: a.currency })),
  };
}

/** The masters a request may be served by: one named master, or everyone who does the service. */
export function candidatesFor(ctx: BookingContext, staffId: number | "any"): StaffMember[] {
  if (staffId === "any") return ctx.staff;
  const member = ctx.staff.find((m) => m.id === staffId);
  if (!member) {
    throw new AppError("staff_does_not_do_service", `Master ${staffId} does not do "${ctx.service.name}" or does not work here`);
  }
  return [member];
}
