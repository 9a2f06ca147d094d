// /admin/services: services and add-ons with price, duration, buffer,
// prepayment rule and YClients link. The public catalog reads the same rows,
// so its ETag changes with every edit here.
import { eq } from "drizzle-orm";
import { doc } from "../../http/openapi.js";
import * as v from "valibot";
import { CreateServiceBody, Done, PageQuery, ReorderBody, ServiceAdminEnvelope, ServiceAdminList, UpdateServiceBody } from "../../contracts/admin.js";
import type { Db } from "../../repo/db.js";
import { AppError } from "../../errors.js";
import { idParam, jsonBody, parseWith } from "../../http/validate.js";
import { addonLinkWrites, existingServiceIds, findCategory, findServiceAdmin, listServicesAdmin, nextSortOrder } from "../../repo/admin-services.js";
import { auditInsert } from "../../repo/audit.js";
import { batchAll } from "../../repo/batch.js";
import { requestDb, schema as s } from "../../repo/db.js";
import { loadSettings } from "../../repo/settings.js";
import { reorder } from "./reorder.js";
import { existingResourceIds, resourceLinkWrites } from "../../repo/resources.js";
import { adminApp, ensureFound, IncludeInactive, uniquely } from "./shared.js";

export const servicesAdminRoutes = adminApp();

const ListQuery = v.object({ include_inactive: IncludeInactive, ...PageQuery });

servicesAdminRoutes.get("/", doc({ tag: "Back office", summary: "Services, add-ons included, inactive ones on request", access: "admin", query: ListQuery, responses: { 200: ["A page of services", ServiceAdminList] } }), async (c) => {
  const q = parseWith(ListQuery, c.req.query(), "query");
  const { services, total } = await listServicesAdmin(requestDb(c), { includeInactive: q.include_inactive === "true", limit: q.limit, offset: q.offset });
  return c.json({ services, limit: q.limit, offset: q.offset, total });
});

servicesAdminRoutes.get("/:id", doc({ tag: "Back office", summary: "One service as the back office edits it", access: "admin", params: { id: "Service id" }, responses: { 200: ["The service", ServiceAdminEnvelope], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  return c.json({ service: ensureFound(await findServiceAdmin(requestDb(c), id), `Service ${id}`) });
});

/** Resources a service is to need must exist. */
async function ensureResources(db: Db, ids: number[] | undefined) {
  if (!ids || ids.length === 0) return;
  const known = await existingResourceIds(db, ids);
  const unknown = [...new Set(ids)].filter((id) => !known.has(id));
  if (unknown.length > 0) throw new AppError("invalid_reference", `Resources ${unknown.join(", ")} do not exist`, { field: "resource_ids", resource_ids: unknown });
}

/** References a body makes must exist: the category, and add-ons that are add-ons. */
async function ensureReferences(db: Db, body: { category_id?: number | null; addon_ids?: number[] }, isAddon: boolean, selfId?: number) {
  if (body.category_id != null && !(await findCategory(db, body.category_id))) {
    throw new AppError("invalid_reference", `Category ${body.category_id} does not exist`, { field: "category_id" });
  }
  const addonIds = body.addon_ids ?? [];
  if (addonIds.length === 0) return;
  if (isAddon) throw new AppError("invalid_reference", "An add-on cannot have add-ons of its own", { field: "addon_ids" });
  const known = await existingServiceIds(db, addonIds, { isAddon: true });
  const wrong = addonIds.filter((id) => !known.has(id) || id === selfId);
  if (wrong.length) throw new AppError("invalid_reference", "addon_ids must name add-on services", { field: "addon_ids", ids: wrong });
}

servicesAdminRoutes.post("/", doc({ tag: "Back office", summary: "Create a service or add-on: duration, buffer, price, prepayment, add-ons", access: "admin", body: CreateServiceBody, responses: { 201: ["The service", ServiceAdminEnvelope], 409: "`already_exists`: another service has this `yclients_service_id`", 422: "`invalid_reference`: an unknown category, or `addon_ids` naming what is not an add-on" } }), async (c) => {
  const body = await jsonBody(c, CreateServiceBody);
  const db = requestDb(c);
  await ensureReferences(db, body, body.is_addon);
  const { currency } = await loadSettings(db);
  const [row] = await uniquely("yclients_service_id", () =>
    db
      .insert(s.services)
      .values({
        name: body.name,
        description: body.description,
        categoryId: body.category_id,
        durationMin: body.duration_min,
        bufferAfterMin: body.buffer_after_min,
        priceMinor: body.price_minor,
        currency,
        prepaymentKind: body.prepayment.kind,
        prepaymentValue: body.prepayment.kind === "none" || body.prepayment.kind === "full" ? 0 : body.prepayment.value,
        yclientsServiceId: body.yclients_service_id,
        isAddon: body.is_addon,
        isClass: body.is_class,
        defaultSeats: body.default_seats,
      })
      .returning({ id: s.services.id }),
  );
  const id = row!.id;
  await batchAll(db, [
    db.update(s.services).set({ sortOrder: body.sort_order ?? (await nextSortOrder(db, s.services)) }).where(eq(s.services.id, id)),
    ...addonLinkWrites(db, id, body.addon_ids),
  ]);
  const service = (await findServiceAdmin(db, id))!;
  await auditInsert(db, c.get("user"), { action: "create", entity: "service", entityId: id, after: service });
  return c.json({ service }, 201);
});

servicesAdminRoutes.post("/reorder", doc({ tag: "Back office", summary: "Put the services in a new order", access: "admin", body: ReorderBody, responses: { 200: ["Reordered", Done], 422: "`invalid_reference`: ids that are not services" } }), async (c) => {
  const { ids } = await jsonBody(c, ReorderBody);
  const db = requestDb(c);
  await reorder(db, c.get("user"), s.services, "service", ids);
  return c.json({ ok: true });
});

servicesAdminRoutes.patch("/:id", doc({ tag: "Back office", summary: "Change a service; `active: true` brings a deactivated one back", access: "admin", params: { id: "Service id" }, body: UpdateServiceBody, responses: { 200: ["The service", ServiceAdminEnvelope], 404: "`not_found`", 409: "`already_exists`: another service has this `yclients_service_id`", 422: "`invalid_reference`: an unknown category, `addon_ids` naming what is not an add-on, or `resource_ids` naming no resource" } }), async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, UpdateServiceBody);
  const db = requestDb(c);
  const before = ensureFound(await findServiceAdmin(db, id), `Service ${id}`);
  await ensureReferences(db, body, before.is_addon, id);
  await ensureResources(db, body.resource_ids);
  const prepayment = body.prepayment && {
    prepaymentKind: body.prepayment.kind,
    prepaymentValue: body.prepayment.kind === "none" || body.prepayment.kind === "full" ? 0 : body.prepayment.value,
  };
  await uniquely("yclients_service_id", () =>
    batchAll(db, [
      db
        .update(s.services)
        .set({
          name: body.name,
          description: body.description,
          categoryId: body.category_id,
          durationMin: body.duration_min,
          bufferAfterMin: body.buffer_after_min,
          priceMinor: body.price_minor,
          ...prepayment,
          yclientsServiceId: body.yclients_service_id,
          sortOrder: body.sort_order,
          isClass: body.is_class,
          defaultSeats: body.default_seats,
          active: body.active,
          updatedAt: new Date().toISOString(),
        })
        .where(eq(s.services.id, id)),
      ...(body.addon_ids ? addonLinkWrites(db, id, body.addon_ids) : []),
      ...(body.resource_ids ? resourceLinkWrites(db, id, body.resource_ids) : []),
    ]),
  );
  const service = (await findServiceAdmin(db, id))!;
  await auditInsert(db, c.get("user"), { action: "update", entity: "service", entityId: id, before, after: service });
  return c.json({ service });
});

// Bookings keep pointing at the service, so it is switched off, never removed.
servicesAdminRoutes.delete("/:id", doc({ tag: "Back office", summary: "Deactivate a service (kept for history and bookings)", access: "admin", params: { id: "Service id" }, responses: { 200: ["The deactivated service", ServiceAdminEnvelope], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const db = requestDb(c);
  const before = ensureFound(await findServiceAdmin(db, id), `Service ${id}`);
  await db.update(s.services).set({ active: false, updatedAt: new Date().toISOString() }).where(eq(s.services.id, id));
  const service = (await findServiceAdmin(db, id))!;
  await auditInsert(db, c.get("user"), { action: "deactivate", entity: "service", entityId: id, before, after: service });
  return c.json({ service });
});
