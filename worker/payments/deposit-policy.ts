// No-show protection: which bookings the salon's policy asks a deposit for,
// how large it is, and what happens to it on a cancel. The deposit is an
// ordinary prepayment (the booking is held until it is paid, through the
// payment provider with its receipt); the booking remembers which rule asked
// for it (bookings.deposit_rule), and that rule decides the refund: a cancel
// within the salon's window refunds it in full, a late cancel or a no-show
// keeps it.
import type { DepositFacts } from "../repo/deposit-facts.js";
import type { SalonSettings } from "../repo/settings.js";

export type DepositRule = "new_client" | "no_shows" | "service";

export type DepositSettings = Pick<
  SalonSettings,
  "depositKind" | "depositValue" | "depositNewClients" | "depositNoShowCount" | "depositNoShowMonths" | "depositAllClients" | "depositServiceIds"
>;

/** Whether any rule of the policy can ask for a deposit. */
export const policyOn = (p: DepositSettings) =>
  p.depositKind !== "off" && p.depositValue > 0 && (p.depositNewClients || p.depositNoShowCount !== null || p.depositAllClients);

/**
 * The first rule that applies to this customer and service, or null: only
 * for the policy's services (none listed = every service); a waived client
 * owes none. "service" is the rule that asks everyone booking those services.
 */
export function depositRuleFor(p: DepositSettings, facts: DepositFacts, serviceId: number): DepositRule | null {
  if (!policyOn(p) || facts.waived) return null;
  if (p.depositServiceIds.length > 0 && !p.depositServiceIds.includes(serviceId)) return null;
  if (p.depositNoShowCount !== null && facts.recentNoShows >= p.depositNoShowCount) return "no_shows";
  if (p.depositNewClients && facts.completed === 0) return "new_client";
  if (p.depositAllClients) return "service";
  return null;
}

/** The deposit for this total: a percent (rounded up, as prepayments are) or a fixed amount, never past the total. */
export function depositAmount(p: Pick<DepositSettings, "depositKind" | "depositValue">, totalMinor: number): number {
  if (p.depositKind === "percent") return Math.min(totalMinor, Math.ceil((totalMinor * Math.min(100, p.depositValue)) / 100));
  if (p.depositKind === "fixed") return Math.min(totalMinor, p.depositValue);
  return 0;
}

/**
 * The prepayment a booking asks for: the service's own prepayment, or the
 * policy's deposit when that is larger (then the booking carries the rule,
 * and the deposit is kept on a late cancel or a no-show).
 */
export function withDeposit(p: DepositSettings, facts: DepositFacts | null, serviceId: number, totalMinor: number, servicePrepaymentMinor: number): { prepaymentMinor: number; depositRule: DepositRule | null } {
  const rule = facts ? depositRuleFor(p, facts, serviceId) : null;
  const deposit = rule ? depositAmount(p, totalMinor) : 0;
  if (rule === null || deposit <= servicePrepaymentMinor) return { prepaymentMinor: servicePrepaymentMinor, depositRule: null };
  return { prepaymentMinor: deposit, depositRule: rule };
}

/** Percent of a deposit given back on a cancel: all of it within the salon's window or when the salon cancels, none when late. */
export function depositRefundPercent(policyPercent: number): number {
  return policyPercent >= 100 ? 100 : 0;
}
