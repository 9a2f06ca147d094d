// /admin/resources: rooms, chairs and machines with their unit count, own
// hours and closure days. Which services need them is set on the service
// (PATCH /admin/services/{id} with resource_ids). Units are handed out by each
// resource's ledger; a resource that bookings used is archived, never removed.
import * as v from "valibot";
import { AdminResource, CreateClosureBody, CreateResourceBody, ResourceEnvelope, ResourceList, UpdateResourceBody, YclientsInstanceBody, YclientsInstanceList } from "../../contracts/resources.js";
import { AppError } from "../../errors.js";
import { instanceMap, replaceInstanceMap } from "../../yclients/units.js";
import { doc } from "../../http/openapi.js";
import { idParam, jsonBody, parseWith } from "../../http/validate.js";
import { auditInsert } from "../../repo/audit.js";
import type { Db } from "../../repo/db.js";
import { requestDb } from "../../repo/db.js";
import { closuresOf, deleteClosure, findResource, insertClosure, insertResource, listResources, resourceLinks, type ResourceRow, updateResource } from "../../repo/resources.js";
import { adminApp, ensureFound } from "./shared.js";

export const resourcesAdminRoutes = adminApp();

async function views(db: Db, rows: ResourceRow[]): Promise<AdminResource[]> {
  const ids = rows.map((r) => r.id);
  const [links, closures] = await Promise.all([resourceLinks(db, ids), closuresOf(db, ids)]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    units: r.units,
    hours: r.hours ?? null,
    service_ids: links.filter((l) => l.resourceId === r.id).map((l) => l.serviceId),
    closures: closures.filter((c) => c.resourceId === r.id).map((c) => ({ id: c.id, from_date: c.fromDate, to_date: c.toDate, note: c.note })),
    archived: r.archivedAt !== null,
    updated_at: r.updatedAt,
  }));
}

const one = async (db: Db, id: number) => (await views(db, [ensureFound(await findResource(db, id), `Resource ${id}`)]))[0]!;

const ListQuery = v.object({ include_archived: v.optional(v.picklist(["true", "false"], "include_archived is true or false"), "false") });

resourcesAdminRoutes.get("/", doc({ tag: "Back office", summary: "Rooms, chairs and machines (resources), archived ones on request", access: "admin", query: ListQuery, responses: { 200: ["The resources", ResourceList] } }), async (c) => {
  const q = parseWith(ListQuery, c.req.query(), "query");
  const db = requestDb(c);
  return c.json({ resources: await views(db, await listResources(db, q.include_archived === "true")) });
});

resourcesAdminRoutes.post("/", doc({ tag: "Back office", summary: "Add a room or a machine with its count of identical units", description: "`hours`: seven entries, Monday first, each `[\"09:00\",\"21:00\"]` or null (closed); null or absent = usable whenever a master works.", access: "admin", body: CreateResourceBody, responses: { 201: ["The resource", ResourceEnvelope] } }), async (c) => {
  const body = await jsonBody(c, CreateResourceBody);
  const db = requestDb(c);
  const row = await insertResource(db, { name: body.name, kind: body.kind, units: body.units, hours: body.hours });
  const resource = await one(db, row.id);
  await auditInsert(db, c.get("user"), { action: "create", entity: "resource", entityId: row.id, after: resource });
  return c.json({ resource }, 201);
});

resourcesAdminRoutes.get("/yclients-instances", doc({ tag: "Back office", summary: "Which of our rooms' units each YClients resource instance is", access: "admin", responses: { 200: ["The map", YclientsInstanceList] } }), async (c) => {
  const rows = await instanceMap(requestDb(c));
  return c.json({ instances: rows.map((r) => ({ instance_id: r.instanceId, resource_id: r.resourceId, unit: r.unit })) });
});

resourcesAdminRoutes.put("/yclients-instances", doc({ tag: "Back office", summary: "Replace the map of YClients resource instances to our rooms' units", description: "A YClients record naming a mapped instance takes that unit when it is free; otherwise (or unmapped) the lowest free unit, and with none free the record is flagged `resource_conflict`.", access: "admin", body: YclientsInstanceBody, responses: { 200: ["The map", YclientsInstanceList], 422: "`invalid_reference`: an unknown resource, or a unit it does not have" } }), async (c) => {
  const body = await jsonBody(c, YclientsInstanceBody);
  const db = requestDb(c);
  const rows = await listResources(db, true);
  for (const i of body.instances) {
    const resource = rows.find((r) => r.id === i.resource_id);
    if (!resource || i.unit > resource.units) throw new AppError("invalid_reference", `Resource ${i.resource_id} has no unit ${i.unit}`, { field: "instances", instance_id: i.instance_id });
  }
  if (new Set(body.instances.map((i) => i.instance_id)).size !== body.instances.length) throw new AppError("validation_failed", "Each instance_id appears once");
  await replaceInstanceMap(db, body.instances);
  await auditInsert(db, c.get("user"), { action: "update", entity: "yclients_resource_instances", entityId: null, after: body.instances });
  return c.json({ instances: body.instances });
});

resourcesAdminRoutes.get("/:id", doc({ tag: "Back office", summary: "One resource", access: "admin", params: { id: "Resource id" }, responses: { 200: ["The resource", ResourceEnvelope], 404: "`not_found`" } }), async (c) => {
  return c.json({ resource: await one(requestDb(c), idParam(c)) });
});

resourcesAdminRoutes.patch("/:id", doc({ tag: "Back office", summary: "Rename a resource, change its units or hours, archive or restore it", description: "Fewer units never take a unit from a booking that holds it; new bookings get units 1…units.", access: "admin", params: { id: "Resource id" }, body: UpdateResourceBody, responses: { 200: ["The resource", ResourceEnvelope], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, UpdateResourceBody);
  const db = requestDb(c);
  const before = await one(db, id);
  const archivedAt = body.archived === undefined ? undefined : body.archived ? new Date().toISOString() : null;
  await updateResource(db, id, { name: body.name, kind: body.kind, units: body.units, hours: body.hours, archivedAt });
  const resource = await one(db, id);
  await auditInsert(db, c.get("user"), { action: "update", entity: "resource", entityId: id, before, after: resource });
  return c.json({ resource });
});

resourcesAdminRoutes.delete("/:id", doc({ tag: "Back office", summary: "Archive a resource: services stop needing it (kept for the bookings that held it)", access: "admin", params: { id: "Resource id" }, responses: { 200: ["The archived resource", ResourceEnvelope], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const db = requestDb(c);
  const before = await one(db, id);
  await updateResource(db, id, { archivedAt: new Date().toISOString() });
  const resource = await one(db, id);
  await auditInsert(db, c.get("user"), { action: "archive", entity: "resource", entityId: id, before, after: resource });
  return c.json({ resource });
});

resourcesAdminRoutes.post("/:id/closures", doc({ tag: "Back office", summary: "Close a resource for whole salon dates (repair, cleaning)", access: "admin", params: { id: "Resource id" }, body: CreateClosureBody, responses: { 201: ["The resource with its closures", ResourceEnvelope], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, CreateClosureBody);
  const db = requestDb(c);
  ensureFound(await findResource(db, id), `Resource ${id}`);
  await insertClosure(db, { resourceId: id, fromDate: body.from_date, toDate: body.to_date, note: body.note });
  const resource = await one(db, id);
  await auditInsert(db, c.get("user"), { action: "close", entity: "resource", entityId: id, after: resource });
  return c.json({ resource }, 201);
});

resourcesAdminRoutes.delete("/:id/closures/:closure_id", doc({ tag: "Back office", summary: "Remove a closure", access: "admin", params: { id: "Resource id", closure_id: "Closure id" }, responses: { 200: ["The resource with its closures", ResourceEnvelope], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const closureId = idParam(c, "closure_id");
  const db = requestDb(c);
  ensureFound((await deleteClosure(db, id, closureId)) || null, `Closure ${closureId} of resource ${id}`);
  return c.json({ resource: await one(db, id) });
});
