// Payment requests and answers, shared by the worker and the PWA.
import * as v from "valibot";
import { Money } from "./catalog.js";
import { BodyId } from "./common.js";

export const CreatePaymentBody = v.object({
  booking_id: BodyId,
  /** Provider-side method hint, e.g. "bank_card" or "sbp"; the provider's page offers the rest. */
  method: v.optional(v.picklist(["bank_card", "sbp", "yoo_money"], "method is bank_card, sbp or yoo_money")),
  use_loyalty_points: v.optional(v.boolean(), false),
});
export type CreatePaymentBody = v.InferOutput<typeof CreatePaymentBody>;

export const PaymentStatus = v.picklist(["pending", "waiting_for_capture", "succeeded", "canceled", "refunded"]);

export const Payment = v.object({
  id: v.number(),
  booking_id: v.number(),
  /** onepay: the visit this payment pays for as a whole (every held item at once); null for a single booking's payment. */
  visit_id: v.nullable(v.number()),
  provider: v.string(),
  status: PaymentStatus,
  amount: Money,
  points_used: v.number(),
  refunded: Money,
  /** Where to send the customer to pay (the provider's page, or /pay/test/{id} in development). */
  confirmation_url: v.nullable(v.string()),
  /** The booking's status after this payment, so the PWA can move on without another request. */
  booking_status: v.string(),
  created_at: v.string(),
});
export type Payment = v.InferOutput<typeof Payment>;

export const LoyaltyBalance = v.object({ points: v.number() });
