// /api/v1/yclients: the booking widget URL, the webhook YClients calls, and
// admin tools (catalog sync, reconciliation now, status).
import { type Context, Hono } from "hono";
import * as v from "valibot";
import { requireUser } from "../auth/session.js";
import { loadSettings } from "../repo/settings.js";
import { probeCompany } from "../yclients/company.js";
import { bookingRoute } from "../yclients/decision.js";
import { CatalogDiff, WidgetUrl } from "../contracts/yclients.js";
import type { AppEnv } from "../env.js";
import { AppError, errorBody } from "../errors.js";
import { idParam, limitedText, parseWith } from "../http/validate.js";
import { activeServiceRow, findStaff } from "../repo/catalog.js";
import { requestDb } from "../repo/db.js";
import { syncCatalog } from "../yclients/catalog-sync.js";
import { background, YClientsClient, YClientsError } from "../yclients/client.js";
import { requireConfig, ycConfig } from "../yclients/config.js";
import { externalIdOf, storeEvent } from "../yclients/events.js";
import { runReconcile } from "../yclients/reconcile.js";
import { secretMatches } from "../lib/constant-time.js";
import { readState, ReconcileState } from "../yclients/state.js";
import { YclientsWebhookAck } from "../contracts/operations.js";
import { ycStaffIdsOf } from "../yclients/store.js";
import { processEvent } from "../yclients/webhook.js";
import { doc, type RouteDoc } from "../http/openapi.js";

export const yclientsRoutes = new Hono<AppEnv>();

const WidgetQuery = v.object({
  staff_id: v.optional(v.pipe(v.string(), v.regex(/^[1-9]\d{0,9}$/, "staff_id is a master id"), v.transform(Number))),
});

// The routing decision for a linked service: form URL (no personal data in
// it), our own booking screens, or the salon's phone.
yclientsRoutes.get("/widget-url/:service_id", doc({ tag: "YClients", summary: "The routing decision for a YClients-linked service: its form URL, our own screens, or the salon's phone", description: "`route`: `widget` (YClients' form at `url`, no personal data in it), `internal` (channel off), `internal_fallback` (YClients down: book on our screens), `phone` (down and no fallback: call `phone`).", access: "anyone", params: { service_id: "Service id" }, query: WidgetQuery, responses: { 200: ["The decision", WidgetUrl], 404: "`not_found`", 409: "`service_not_linked`, `staff_not_linked`" } }), async (c) => {
  const serviceId = idParam(c, "service_id");
  const q = parseWith(WidgetQuery, c.req.query(), "query");
  const db = requestDb(c);
  const [service, settings] = await Promise.all([activeServiceRow(db, serviceId), loadSettings(db)]);
  if (!service) throw new AppError("not_found", `Service ${serviceId} does not exist or is not offered`);
  if (service.yclientsServiceId === null) throw new AppError("service_not_linked", `"${service.name}" is booked here, not in YClients`);
  let ycStaffId: number | null = null;
  if (q.staff_id !== undefined) {
    if (!(await findStaff(db, q.staff_id))) throw new AppError("not_found", `Master ${q.staff_id} does not exist`);
    ycStaffId = (await ycStaffIdsOf(db, [q.staff_id])).get(q.staff_id) ?? null;
    if (ycStaffId === null) throw new AppError("staff_not_linked", `Master ${q.staff_id} is not in YClients`);
  }
  const decided = await bookingRoute(c.env, settings, service, ycStaffId);
  const answer: WidgetUrl = {
    service_id: serviceId,
    route: decided.route,
    url: decided.route === "widget" ? decided.url : null,
    phone: decided.route === "phone" ? decided.phone : null,
  };
  return c.json(answer);
});

// The secret is in the path (or ?secret=) because YClients signs nothing. A
// wrong one looks exactly like a route that does not exist.
async function webhook(c: Context<AppEnv>, secret: string | undefined) {
  const config = ycConfig(c.env);
  if (!config || !(await secretMatches(secret, config.webhookSecret))) return c.json(errorBody("not_found", "Not found"), 404);
  const raw = await limitedText(c, 256 * 1024);
  let event: unknown;
  try {
    event = JSON.parse(raw);
  } catch {
    throw new AppError("invalid_json", "Webhook body must be JSON");
  }
  const db = requestDb(c);
  const externalId = await externalIdOf(raw, typeof event === "object" ? (event as never) : null);
  const stored = await storeEvent(db, externalId, raw);
  if (!stored) return c.json({ ok: true, duplicate: true });
  c.executionCtx.waitUntil(processEvent(db, c.env, stored));
  return c.json({ ok: true, duplicate: false });
}

const webhookDoc = {
  tag: "YClients",
  summary: "Record events from YClients: stored, deduplicated, answered at once, processed after",
  description: "The secret part of the URL is YCLIENTS_WEBHOOK_SECRET; a wrong one is a bare 404.",
  access: "webhook",
  params: { secret: "YCLIENTS_WEBHOOK_SECRET" },
  responses: { 200: ["Stored (`duplicate`: seen before)", YclientsWebhookAck], 400: "`invalid_json`", 404: "`not_found`", 413: "`payload_too_large`" },
} satisfies RouteDoc;

yclientsRoutes.post("/webhook/:secret", doc(webhookDoc), (c) => webhook(c, c.req.param("secret")));
yclientsRoutes.post("/webhook", doc({ ...webhookDoc, summary: "The same webhook with the secret as `?secret=`" }), (c) => webhook(c, c.req.query("secret")));

const admin = requireUser("admin");

const ReconcileAnswer = v.object({ ok: v.boolean(), ...ReconcileState.entries });
const ChannelStatus = v.object({
  enabled: v.boolean(),
  company_id: v.nullable(v.number()),
  /** Null when the channel is off (nothing was asked). */
  reachable: v.nullable(v.boolean()),
  form_url: v.nullable(v.string()),
  reconcile: ReconcileState,
});

function upstream(error: unknown): never {
  if (error instanceof YClientsError) {
    throw new AppError("yclients_unavailable", `YClients did not answer as expected: ${error.message}`, { kind: error.kind, status: error.status ?? null });
  }
  throw error;
}

const DryRun = v.object({ dry_run: v.optional(v.picklist(["true", "false", "1", "0"], "dry_run is true or false"), "false") });

yclientsRoutes.post("/sync-catalog", doc({ tag: "YClients", summary: "Link YClients services and masters to ours (creating missing ones inactive); returns the diff and what was skipped, and why", access: "admin", query: DryRun, responses: { 200: ["The diff: `services`/`staff` `{linked, created, unchanged, missing_locally, missing_remotely}`, `skipped: [{kind, yclients_id, name, reason, local_id}]` (reason `fired`, `deleted`, `hidden`, `not_bookable_online`, `inactive`), `skills_added`", CatalogDiff], 409: "`yclients_disabled`: the channel is switched off here", 503: "`yclients_unavailable`" } }), admin, async (c) => {
  const { dry_run } = parseWith(DryRun, c.req.query(), "query");
  const config = requireConfig(c.env);
  const client = new YClientsClient(config, background(config));
  const diff = await syncCatalog(requestDb(c), client, { dryRun: dry_run === "true" || dry_run === "1" }).catch(upstream);
  return c.json(diff);
});

yclientsRoutes.post("/sync-bookings", doc({ tag: "YClients", summary: "Reconcile YClients records now", access: "admin", responses: { 200: ["`ok`: the run succeeded; the reconciliation state after it", ReconcileAnswer], 409: "`yclients_disabled`: the channel is switched off here" } }), admin, async (c) => {
  const config = requireConfig(c.env);
  const state = await runReconcile(requestDb(c), c.env, config, new Date());
  return c.json({ ok: state.last_success_at === state.last_run_at, ...state });
});

yclientsRoutes.get("/status", doc({ tag: "YClients", summary: "Whether YClients is on; last reconciliation: success, counts, last error", access: "admin", responses: { 200: ["The channel and its last runs", ChannelStatus] } }), admin, async (c) => {
  const config = ycConfig(c.env);
  const [state, probe] = await Promise.all([readState(requestDb(c)), config ? probeCompany(config) : null]);
  return c.json({
    enabled: config !== null,
    company_id: config?.companyId ?? null,
    reachable: probe?.up ?? null,
    form_url: probe?.formBase ?? null,
    reconcile: state,
  });
});

