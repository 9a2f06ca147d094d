// The booking being put together (service, master, date, time, add-ons,
// comment, phone). Saved on every change to sessionStorage (synchronous,
// survives a reload) and IndexedDB (survives closing the tab), so nothing
// typed is lost when the network or the app goes away mid-flow.
import * as v from "valibot";
import type { CreateBookingBody } from "../../../worker/contracts/bookings";
import { kvGet, kvSet } from "./db";

export const Draft = v.object({
  serviceId: v.number(),
  staffId: v.union([v.number(), v.literal("any")]),
  date: v.nullable(v.string()),
  time: v.nullable(v.string()),
  /**
   * The chosen slot's instant. On the day the clocks go back a wall time
   * happens twice; the instant says which one (absent in older drafts).
   */
  startAt: v.optional(v.nullable(v.string())),
  /**
   * "Any master": the masters free at the chosen slot, in the salon's order.
   * The server gives the booking to the first of them, so the details step
   * quotes that master's own price (absent in older drafts).
   */
  slotStaffIds: v.optional(v.nullable(v.array(v.number()))),
  /** promo: the code the customer applied on the details step (the server checks it again on booking). */
  promoCode: v.optional(v.nullable(v.string())),
  /**
   * abonements: «Оплатить абонементом». Absent: not decided (on by default when
   * exactly one abonement can pay); null: the customer said no; an id: that one.
   */
  abonementId: v.optional(v.nullable(v.number())),
  addons: v.array(v.number()),
  notes: v.string(),
  phone: v.string(),
  /** when the draft was last touched; stale drafts are not restored */
  savedAt: v.number(),
});
export type Draft = v.InferOutput<typeof Draft>;

/** A week-old half-finished booking is no longer what the user wants. */
export const DRAFT_TTL_MS = 7 * 24 * 3600_000;

export function emptyDraft(serviceId: number, now: number): Draft {
  return { serviceId, staffId: "any", date: null, time: null, startAt: null, addons: [], notes: "", phone: "", savedAt: now };
}

const key = (serviceId: number) => `draft:${serviceId}`;

/** Parses a stored draft; undefined when missing, malformed, stale or for another service. */
export function parseDraft(raw: unknown, serviceId: number, now: number): Draft | undefined {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  const parsed = v.safeParse(Draft, value);
  if (!parsed.success || parsed.output.serviceId !== serviceId) return undefined;
  return now - parsed.output.savedAt > DRAFT_TTL_MS ? undefined : parsed.output;
}

/** The newer of two copies (the tab's and IndexedDB's). */
export function newest(a: Draft | undefined, b: Draft | undefined): Draft | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.savedAt >= b.savedAt ? a : b;
}

/** The chosen time as the API takes it: the slot's instant when known, else the salon wall time. */
export function appointmentOf(d: Pick<Draft, "date" | "time" | "startAt">): string | undefined {
  if (!d.date || !d.time) return undefined;
  return d.startAt ?? `${d.date}T${d.time}`;
}

/** The master the booking will most likely go to: the one chosen, or for "any master" the first free at the slot. */
export function likelyMaster(d: Pick<Draft, "staffId" | "time" | "slotStaffIds">): number | null {
  if (d.staffId !== "any") return d.staffId;
  return d.time ? (d.slotStaffIds?.[0] ?? null) : null;
}

/** The request body for a complete draft, or undefined if a choice is missing. */
export function draftToBody(d: Draft): CreateBookingBody | undefined {
  if (!d.date || !d.time) return undefined;
  const notes = d.notes.trim();
  const phone = d.phone.trim();
  return {
    service_id: d.serviceId,
    staff_id: d.staffId,
    appointment_datetime: appointmentOf(d)!,
    additional_services: [...d.addons],
    // An abonement does not combine with a promo code: the abonement wins.
    ...(typeof d.abonementId === "number" ? { abonement_id: d.abonementId } : d.promoCode ? { promo_code: d.promoCode } : {}),
    ...(notes ? { notes } : {}),
    ...(phone ? { phone } : {}),
  };
}

export async function loadDraft(serviceId: number, now = Date.now()): Promise<Draft | undefined> {
  let session: Draft | undefined;
  try {
    session = parseDraft(globalThis.sessionStorage?.getItem(key(serviceId)), serviceId, now);
  } catch {
    session = undefined;
  }
  return newest(session, parseDraft(await kvGet(key(serviceId)), serviceId, now));
}

export function saveDraft(d: Draft): Promise<void> {
  try {
    globalThis.sessionStorage?.setItem(key(d.serviceId), JSON.stringify(d));
  } catch {
    // storage full or blocked: IndexedDB below still has it
  }
  return kvSet(key(d.serviceId), d);
}

export function clearDraft(serviceId: number): Promise<void> {
  try {
    globalThis.sessionStorage?.removeItem(key(serviceId));
  } catch {
    // ignore
  }
  return kvSet(key(serviceId), undefined);
}
