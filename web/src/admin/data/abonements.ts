// The back office's calls about abonements (/api/v1/admin/abonement-types,
// /api/v1/admin/abonements): types, the desk sale, sold ones and their uses,
// extend / freeze / void with a reason.
import type { AbonementTypeBody, AbonementTypePatch } from "../../../../worker/contracts/abonements";
import { AbonementTypeEnvelope, AbonementTypeList, AdminAbonementDetail, AdminAbonementEnvelope, AdminAbonementList } from "../../../../worker/contracts/abonements";
import { newKey, read, write } from "./http";

/** What the type form sends: the body before the schema's defaults fill it in. */
export type NewAbonementType = Partial<AbonementTypeBody> & Pick<AbonementTypeBody, "name" | "kind" | "price_minor" | "service_ids">;
export type SoldFilter = { status: string; phone: string; expiringWithinDays: string };

export const listAbonementTypes = () => read("/admin/abonement-types", AbonementTypeList);
export const createAbonementType = (body: NewAbonementType) => write("POST", "/admin/abonement-types", body, AbonementTypeEnvelope);
export const updateAbonementType = (id: number, patch: AbonementTypePatch) => write("PATCH", `/admin/abonement-types/${id}`, patch, AbonementTypeEnvelope);

export function listAbonements(filter: SoldFilter) {
  const q = new URLSearchParams();
  if (filter.status) q.set("status", filter.status);
  if (filter.phone) q.set("phone", filter.phone);
  if (filter.expiringWithinDays) q.set("expiring_within_days", filter.expiringWithinDays);
  const query = q.toString();
  return read(`/admin/abonements${query ? `?${query}` : ""}`, AdminAbonementList);
}
export const getAbonement = (id: number) => read(`/admin/abonements/${id}`, AdminAbonementDetail);
export const sellAbonement = (typeId: number, phone: string, key = newKey()) => write("POST", "/admin/abonements", { type_id: typeId, phone }, AdminAbonementEnvelope, key);
export const extendAbonement = (id: number, expiresAt: string, reason: string) => write("POST", `/admin/abonements/${id}/extend`, { expires_at: expiresAt, reason }, AdminAbonementEnvelope);
export const freezeAbonement = (id: number, from: string, days: number, reason: string) => write("POST", `/admin/abonements/${id}/freeze`, { from, days, reason }, AdminAbonementEnvelope);
export const voidAbonement = (id: number, reason: string) => write("POST", `/admin/abonements/${id}/void`, { reason }, AdminAbonementEnvelope);
