// /admin/deposit-policy: no-show protection. The salon's deposit rule, when
// it was switched on (for the before/after no-show statistics), and the
// admin's waiver of the rule for one client. Every change is audited.
import { eq } from "drizzle-orm";
import { type DepositPolicy, DepositPolicyEnvelope, DepositWaiver, DepositWaiverBody, UpdateDepositPolicyBody } from "../../contracts/deposit.js";
import { doc } from "../../http/openapi.js";
import { idParam, jsonBody } from "../../http/validate.js";
import { auditInsert } from "../../repo/audit.js";
import { type Db, requestDb, schema as s } from "../../repo/db.js";
import { loadSettings, type SalonSettings } from "../../repo/settings.js";
import { policyOn } from "../../payments/deposit-policy.js";
import { noShowBeforeAfter } from "../../stats/money-products.js";
import { adminApp, ensureFound } from "./shared.js";

export const depositPolicyRoutes = adminApp();

/** The before/after windows of the no-show comparison. */
const COMPARE_DAYS = 90;

const policyView = (r: SalonSettings): DepositPolicy => ({
  kind: r.depositKind,
  value: r.depositValue,
  new_clients: r.depositNewClients,
  no_show_count: r.depositNoShowCount,
  no_show_months: r.depositNoShowMonths,
  all_clients: r.depositAllClients,
  service_ids: r.depositServiceIds,
  since: r.depositPolicySince,
  refund_hours: r.refundFullHours,
});

async function envelope(db: Db, settings: SalonSettings) {
  return { policy: policyView(settings), stats: await noShowBeforeAfter(db, settings.depositPolicySince, COMPARE_DAYS, new Date()) };
}

depositPolicyRoutes.get("/", doc({ tag: "Back office", summary: "The no-show deposit policy, with no-show rates before and after it was switched on", access: "admin", responses: { 200: ["The policy and the comparison", DepositPolicyEnvelope] } }), async (c) => {
  const db = requestDb(c);
  return c.json(await envelope(db, await loadSettings(db)));
});

depositPolicyRoutes.put("/", doc({ tag: "Back office", summary: "Change the no-show deposit policy", description: "A deposit (`percent` of the price or a `fixed` amount) is asked from new clients (`new_clients`), from clients with at least `no_show_count` no-shows in the last `no_show_months` months, or from everyone (`all_clients`), for the services in `service_ids` (empty = every service); an admin may waive it for a client. It is a prepayment: the booking is held until it is paid; a cancel at least `refund_full_hours` ahead refunds it, a later one or a no-show keeps it. Switching the policy on stamps `since`.", access: "admin", body: UpdateDepositPolicyBody, responses: { 200: ["The policy and the comparison", DepositPolicyEnvelope] } }), async (c) => {
  const body = await jsonBody(c, UpdateDepositPolicyBody);
  const db = requestDb(c);
  const current = await loadSettings(db);
  const next = {
    depositKind: body.kind ?? current.depositKind,
    depositValue: body.value ?? current.depositValue,
    depositNewClients: body.new_clients ?? current.depositNewClients,
    depositNoShowCount: body.no_show_count === undefined ? current.depositNoShowCount : body.no_show_count,
    depositNoShowMonths: body.no_show_months ?? current.depositNoShowMonths,
    depositAllClients: body.all_clients ?? current.depositAllClients,
    depositServiceIds: body.service_ids ? [...new Set(body.service_ids)] : current.depositServiceIds,
  };
  const wasOn = policyOn(current);
  const isOn = policyOn(next);
  // The statistics compare from the moment it went on; switching off clears it.
  const since = isOn ? (wasOn ? current.depositPolicySince : new Date().toISOString()) : null;
  await db.update(s.salonSettings).set({ ...next, depositPolicySince: since, updatedAt: new Date().toISOString() }).where(eq(s.salonSettings.id, 1));
  const settings = await loadSettings(db);
  await auditInsert(db, c.get("user"), { action: "update", entity: "deposit_policy", entityId: 1, before: policyView(current), after: policyView(settings) });
  return c.json(await envelope(db, settings));
});

depositPolicyRoutes.put("/waivers/:id", doc({ tag: "Back office", summary: "Waive the no-show deposit for a client (or take the waiver back)", access: "admin", params: { id: "The client's user id" }, body: DepositWaiverBody, responses: { 200: ["The waiver", DepositWaiver], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, DepositWaiverBody);
  const db = requestDb(c);
  const [before] = await db.select({ waived: s.users.depositWaived }).from(s.users).where(eq(s.users.id, id)).limit(1);
  ensureFound(before, `User ${id}`);
  await db.update(s.users).set({ depositWaived: body.waived, updatedAt: new Date().toISOString() }).where(eq(s.users.id, id));
  await auditInsert(db, c.get("user"), { action: body.waived ? "waive_deposit" : "unwaive_deposit", entity: "user", entityId: id, before: { deposit_waived: before!.waived }, after: { deposit_waived: body.waived, reason: body.reason ?? null } });
  return c.json({ waiver: { user_id: id, waived: body.waived } });
});
