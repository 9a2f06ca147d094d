// The back office's calls about promo codes (/api/v1/admin/promo-codes) and
// the no-show deposit policy (/api/v1/admin/deposit-policy).
import type { UpdateDepositPolicyBody } from "../../../../worker/contracts/deposit";
import { DepositPolicyEnvelope, DepositWaiver } from "../../../../worker/contracts/deposit";
import type { CreatePromoBody, UpdatePromoBody } from "../../../../worker/contracts/promo";
import { PromoEnvelope, PromoList, PromoStats } from "../../../../worker/contracts/promo";
import { read, write } from "./http";

/** What the create form sends: the body before the schema's defaults fill it in. */
export type NewPromo = Partial<CreatePromoBody> & Pick<CreatePromoBody, "code">;

export const listPromos = () => read("/admin/promo-codes", PromoList);
export const promoStats = (range: { from: string; to: string }) => read(`/admin/promo-codes/stats?from=${range.from}&to=${range.to}`, PromoStats);
export const createPromo = (body: NewPromo) => write("POST", "/admin/promo-codes", body, PromoEnvelope);
export const updatePromo = (id: number, body: UpdatePromoBody) => write("PATCH", `/admin/promo-codes/${id}`, body, PromoEnvelope);
export const setPromoActive = (id: number, active: boolean) => write("PATCH", `/admin/promo-codes/${id}`, { active }, PromoEnvelope);

export const getDepositPolicy = () => read("/admin/deposit-policy", DepositPolicyEnvelope);
export const saveDepositPolicy = (body: UpdateDepositPolicyBody) => write("PUT", "/admin/deposit-policy", body, DepositPolicyEnvelope);
export const setDepositWaiver = (userId: number, waived: boolean) => write("PUT", `/admin/deposit-policy/waivers/${userId}`, { waived }, DepositWaiver);
