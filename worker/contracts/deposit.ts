// No-show protection: the salon's deposit policy as the back office sets it,
// the waiver for one client, and no-show rates before and after the policy.
import * as v from "valibot";
import { BodyId, MoneyMinor } from "./common.js";

export const DepositPolicy = v.object({
  /** `off`, `percent` of the price, or a `fixed` amount (minor units). */
  kind: v.picklist(["off", "percent", "fixed"]),
  value: v.number(),
  new_clients: v.boolean(),
  /** Clients with at least this many no-shows in the last `no_show_months` months; null = this rule is off. */
  no_show_count: v.nullable(v.number()),
  no_show_months: v.number(),
  /** Everyone booking the policy's services pays the deposit. */
  all_clients: v.boolean(),
  /** The services the rules apply to; empty = every service. */
  service_ids: v.array(v.number()),
  /** When the policy was last switched on; null while it is off. */
  since: v.nullable(v.string()),
  /** A cancel at least this many hours ahead refunds the deposit (the salon's refund_full_hours). */
  refund_hours: v.number(),
});
export type DepositPolicy = v.InferOutput<typeof DepositPolicy>;

export const UpdateDepositPolicyBody = v.pipe(
  v.object({
    kind: v.optional(v.picklist(["off", "percent", "fixed"])),
    value: v.optional(MoneyMinor),
    new_clients: v.optional(v.boolean()),
    no_show_count: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)))),
    no_show_months: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(60))),
    all_clients: v.optional(v.boolean()),
    service_ids: v.optional(v.pipe(v.array(BodyId), v.maxLength(200))),
  }),
  v.check((b) => b.kind !== "percent" || b.value === undefined || b.value <= 100, "a percent deposit is at most 100"),
);
export type UpdateDepositPolicyBody = v.InferOutput<typeof UpdateDepositPolicyBody>;

/** No-show rate of visits that started before the policy was switched on and after, over the same number of days. */
export const NoShowComparison = v.object({
  since: v.nullable(v.string()),
  days: v.number(),
  before: v.object({ bookings: v.number(), no_show: v.number(), no_show_rate: v.nullable(v.number()) }),
  after: v.object({ bookings: v.number(), no_show: v.number(), no_show_rate: v.nullable(v.number()) }),
});

export const DepositPolicyEnvelope = v.object({ policy: DepositPolicy, stats: NoShowComparison });

export const DepositWaiverBody = v.object({ waived: v.boolean(), reason: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(500))) });
/** POST /admin/bookings/{id}/waive-deposit: the admin confirms one held booking without its deposit. */
export const BookingDepositWaiverBody = v.object({ reason: v.pipe(v.string(), v.trim(), v.minLength(1, "reason is required"), v.maxLength(500, "reason must be at most 500 characters")) });
export type BookingDepositWaiverBody = v.InferOutput<typeof BookingDepositWaiverBody>;
export const DepositWaiver = v.object({ waiver: v.object({ user_id: v.number(), waived: v.boolean() }) });
