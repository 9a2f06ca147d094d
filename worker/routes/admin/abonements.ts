// /admin/abonement-types and /admin/abonements: the salon's abonements. Types
// are defined here; abonements are sold at the desk (paid at the salon's
// till, which fiscalises the sale), listed with their usage and expiry, and
// extended, frozen or voided with a reason; every change is in the audit log.
import * as v from "valibot";
import {
  AbonementExtendBody,
  AbonementFreezeBody,
  AbonementTypeBody,
  AbonementTypeEnvelope,
  AbonementTypeList,
  AbonementTypePatch,
  AbonementVoidBody,
  AdminAbonementDetail,
  AdminAbonementEnvelope,
  AdminAbonementList,
  AdminAbonementQuery,
  DeskAbonementBody,
} from "../../contracts/abonements.js";
import { doc } from "../../http/openapi.js";
import { idParam, jsonBody, parseWith } from "../../http/validate.js";
import { abonementTypeViews, adminAbonementViews } from "../../payments/abonement-views.js";
import { createAbonementType, extendAbonement, freezeAbonement, patchAbonementType, sellAtDesk, voidAbonement } from "../../payments/abonements.js";
import { instantIn } from "../../payments/certificates.js";
import { writeAudit } from "../../repo/audit.js";
import { findAbonement, findAbonementType, listAbonements, listAbonementTypes } from "../../repo/abonements.js";
import { type Db, requestDb } from "../../repo/db.js";
import { loadSettings } from "../../repo/settings.js";
import { adminApp, ensureFound, IncludeInactive } from "./shared.js";

export const abonementTypesAdminRoutes = adminApp();
export const abonementsAdminRoutes = adminApp();

const TypesQuery = v.object({ include_inactive: IncludeInactive });

abonementTypesAdminRoutes.get("/", doc({ tag: "Back office", summary: "Abonement types", access: "admin", query: TypesQuery, responses: { 200: ["Types", AbonementTypeList] } }), async (c) => {
  const q = parseWith(TypesQuery, c.req.query(), "query");
  const db = requestDb(c);
  return c.json({ types: await abonementTypeViews(db, await listAbonementTypes(db, q.include_inactive === "true" ? "all" : "active")) });
});

abonementTypesAdminRoutes.post("/", doc({ tag: "Back office", summary: "Add an abonement type: N visits within M days, or unlimited visits for a month", description: "`visits`: `visits_count` and `validity_days`; `unlimited`: neither (valid one calendar month), optionally `once_per_day`. Covered `service_ids` (at least one), `staff_ids` (empty: every master), `freeze_max_days` (0: no freeze).", access: "admin", body: AbonementTypeBody, responses: { 201: ["The type", AbonementTypeEnvelope], 422: "`invalid_reference`: no such service or master" } }), async (c) => {
  const body = await jsonBody(c, AbonementTypeBody);
  const db = requestDb(c);
  const row = await createAbonementType(db, body, (await loadSettings(db)).currency);
  await writeAudit(db, c.get("user"), { action: "create", entity: "abonement_type", entityId: row.id, after: body });
  return c.json({ type: (await abonementTypeViews(db, [row]))[0]! }, 201);
});

abonementTypesAdminRoutes.patch("/:id", doc({ tag: "Back office", summary: "Change an abonement type (name, price, visits, validity, services, masters, freeze limit, on sale)", description: "Abonements already sold keep the type as they were sold.", access: "admin", params: { id: "Type id" }, body: AbonementTypePatch, responses: { 200: ["The type", AbonementTypeEnvelope], 404: "`not_found`", 422: "`invalid_reference`" } }), async (c) => {
  const id = idParam(c);
  const patch = await jsonBody(c, AbonementTypePatch);
  const db = requestDb(c);
  const row = ensureFound(await findAbonementType(db, id), `Abonement type ${id}`);
  const updated = await patchAbonementType(db, row, patch);
  await writeAudit(db, c.get("user"), { action: "update", entity: "abonement_type", entityId: id, after: patch });
  return c.json({ type: (await abonementTypeViews(db, [updated]))[0]! });
});

async function oneView(db: Db, id: number) {
  const [row, settings] = await Promise.all([findAbonement(db, id), loadSettings(db)]);
  const found = ensureFound(row, `Abonement ${id}`);
  const { views, uses } = await adminAbonementViews(db, [found], settings.timeZone, new Date());
  return { row: found, view: views[0]!, uses: uses.get(id) ?? [], settings };
}

abonementsAdminRoutes.get("/", doc({ tag: "Back office", summary: "Sold abonements with their usage; `expiring_within_days` lists active ones by expiry", access: "admin", query: AdminAbonementQuery, responses: { 200: ["A page of abonements", AdminAbonementList] } }), async (c) => {
  const q = parseWith(AdminAbonementQuery, c.req.query(), "query");
  const db = requestDb(c);
  const now = new Date();
  const limit = Math.max(1, q.limit);
  const expiringBefore = q.expiring_within_days === undefined ? undefined : new Date(now.getTime() + q.expiring_within_days * 86_400_000).toISOString();
  const [{ rows, total }, settings] = await Promise.all([listAbonements(db, { status: q.status, phone: q.phone, expiringBefore, limit, offset: q.offset }), loadSettings(db)]);
  return c.json({ abonements: (await adminAbonementViews(db, rows, settings.timeZone, now)).views, limit, offset: q.offset, total });
});

abonementsAdminRoutes.post("/", doc({ tag: "Back office", summary: "Sell an abonement at the desk to the client with this phone", description: "Paid at the salon's till, which fiscalises the sale: no online receipt is sent. Active at once; a phone without an account gets one. Audited.", access: "admin", body: DeskAbonementBody, responses: { 201: ["The abonement", AdminAbonementEnvelope], 404: "`not_found`: no such type", 422: "`abonement_type_unavailable`" } }), async (c) => {
  const body = await jsonBody(c, DeskAbonementBody);
  const db = requestDb(c);
  const row = await sellAtDesk(db, c.get("user"), body, await loadSettings(db), new Date());
  return c.json({ abonement: (await oneView(db, row.id)).view }, 201);
});

abonementsAdminRoutes.get("/:id", doc({ tag: "Back office", summary: "An abonement with all its visits and freezes", access: "admin", params: { id: "Abonement id" }, responses: { 200: ["The abonement and its uses, newest first", AdminAbonementDetail], 404: "`not_found`" } }), async (c) => {
  const { view, uses } = await oneView(requestDb(c), idParam(c));
  return c.json({ abonement: view, uses });
});

abonementsAdminRoutes.post("/:id/extend", doc({ tag: "Back office", summary: "Extend an abonement's validity, with a reason (audited)", access: "admin", params: { id: "Abonement id" }, body: AbonementExtendBody, responses: { 200: ["The abonement", AdminAbonementEnvelope], 404: "`not_found`", 422: "`abonement_not_active`" } }), async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, AbonementExtendBody);
  const db = requestDb(c);
  const { row, settings } = await oneView(db, id);
  await extendAbonement(db, c.get("user"), row, instantIn(body.expires_at, settings.timeZone, "expires_at"), body.reason);
  return c.json({ abonement: (await oneView(db, id)).view });
});

abonementsAdminRoutes.post("/:id/freeze", doc({ tag: "Back office", summary: "Freeze an abonement for a holiday: `days` salon days from `from`, with a reason (audited)", description: "Within the type's `freeze_max_days` in total; the expiry moves by the days and no visit can be booked on them. A booked visit on one of the days is a 409 naming it.", access: "admin", params: { id: "Abonement id" }, body: AbonementFreezeBody, responses: { 200: ["The abonement", AdminAbonementEnvelope], 404: "`not_found`", 409: "`abonement_freeze_over_booking` (details.booking_id)", 422: "`abonement_freeze_limit`, `abonement_not_active`" } }), async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, AbonementFreezeBody);
  const db = requestDb(c);
  const { row, settings } = await oneView(db, id);
  await freezeAbonement(db, c.get("user"), row, body, settings.timeZone);
  return c.json({ abonement: (await oneView(db, id)).view });
});

abonementsAdminRoutes.post("/:id/void", doc({ tag: "Back office", summary: "Void an abonement, with a reason (audited)", description: "No new visit can be booked with it; visits already booked keep their reservation.", access: "admin", params: { id: "Abonement id" }, body: AbonementVoidBody, responses: { 200: ["The abonement", AdminAbonementEnvelope], 404: "`not_found`", 422: "`abonement_not_active`" } }), async (c) => {
  const id = idParam(c);
  const { reason } = await jsonBody(c, AbonementVoidBody);
  const db = requestDb(c);
  const { row } = await oneView(db, id);
  await voidAbonement(db, c.get("user"), row, reason);
  return c.json({ abonement: (await oneView(db, id)).view });
});
