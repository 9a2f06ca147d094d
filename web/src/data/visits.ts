// Several services in one visit: the API calls, and the visit being put
// together, kept in the URL (`/visit?items=3:any,6:2&date=…`) so a reload or a
// shared link keeps it.
import { type CreateVisitBody, itemsParam, parseItemsParam, VisitDayCounts, VisitDaySlots, VisitEnvelope, type VisitQuoteBody, VisitQuoteEnvelope } from "../../../worker/contracts/visits";
import type { GetOptions } from "./api";
import { getJson, ApiRequestError } from "./api";
import { send } from "./endpoints";
import type * as v from "valibot";
import type { Booking } from "../../../worker/contracts/bookings";

export type DraftItem = { service_id: number; staff_id: number | "any" };

export function getVisitSlots(items: DraftItem[], date: string, o?: GetOptions) {
  const p = new URLSearchParams({ items: itemsParam(items), date });
  return getJson(`/booking/visit-slots?${p}`, VisitDaySlots, o).then((res) => {
    if (res.status === 304) throw new ApiRequestError("invalid_response", "unexpected 304", 304);
    return res.data;
  });
}

/** Per-day counts of whole-visit starts, for the day strip's dots. */
export function getVisitDayCounts(items: DraftItem[], from: string, days: number, o?: GetOptions) {
  const p = new URLSearchParams({ items: itemsParam(items), from, days: String(days) });
  return getJson(`/booking/visit-slots?${p}`, VisitDayCounts, o).then((res) => {
    if (res.status === 304) throw new ApiRequestError("invalid_response", "unexpected 304", 304);
    return res.data;
  });
}

export const createVisit = (body: v.InferInput<typeof CreateVisitBody>, idempotencyKey: string) =>
  send("POST", "/visits", body, VisitEnvelope, { idempotencyKey });

/** One visit with its bookings (onepay: the pay page shows what the one payment covers). */
export async function getVisit(id: number) {
  const res = await getJson(`/visits/${id}`, VisitEnvelope);
  if (res.status === 304) throw new ApiRequestError("invalid_response", "unexpected 304", 304);
  return res.data.visit;
}

/** onepay: what a visit's one payment is for: its items still held, and their prepayments together. */
export function visitDue(bookings: Booking[]): { items: Booking[]; total: { amount_minor: number; currency: string } } | null {
  const items = bookings.filter((b) => b.status === "held" && b.prepayment);
  if (items.length === 0) return null;
  return { items, total: { amount_minor: items.reduce((sum, b) => sum + b.prepayment!.amount_minor, 0), currency: items[0]!.prepayment!.currency } };
}

/** onepay: what the visit's items paid online together (each item's share of the one payment). */
export function visitPaid(bookings: Booking[]): { amount_minor: number; currency: string } | null {
  const paid = bookings.reduce((sum, b) => sum + (b.money?.paid.amount_minor ?? 0), 0);
  return paid > 0 ? { amount_minor: paid, currency: bookings[0]!.price.currency } : null;
}

/** What each placed item of the visit will ask ahead (its prepayment or the no-show deposit), before booking. */
export const quoteVisit = (body: v.InferInput<typeof VisitQuoteBody>) => send("POST", "/visits/quote", body, VisitQuoteEnvelope, {});

export const cancelVisit = (id: number) => send("PATCH", `/visits/${id}`, { action: "cancel" }, VisitEnvelope);

/** The items of the `items` search parameter; an unreadable one reads as none. */
export function readItems(value: string | undefined): DraftItem[] {
  if (!value || !/^\d+(:(\d+|any))?(,\d+(:(\d+|any))?)*$/.test(value)) return [];
  return parseItemsParam(value).map((i) => ({ service_id: i.service_id, staff_id: i.staff_id ?? "any" }));
}

export const writeItems = (items: DraftItem[]): string => itemsParam(items);

/** A list of bookings with each visit's bookings gathered where its first one stands. */
export function groupVisits(list: Booking[]): (Booking | Booking[])[] {
  const byVisit = new Map<number, Booking[]>();
  const out: (Booking | Booking[])[] = [];
  for (const b of list) {
    if (b.visit_id == null) {
      out.push(b);
      continue;
    }
    const group = byVisit.get(b.visit_id);
    if (group) group.push(b);
    else {
      const fresh = [b];
      byVisit.set(b.visit_id, fresh);
      out.push(fresh);
    }
  }
  for (const group of byVisit.values()) group.sort((a, b) => a.start_at.localeCompare(b.start_at));
  return out;
}
