// /admin/staff: masters' profiles, the services they do (with their own price
// and duration) and their sign-in account. Weekly hours and exceptions live
// beside this at /admin/staff/{id}/schedule and /exceptions (schedules.ts).
import { eq } from "drizzle-orm";
import { doc } from "../../http/openapi.js";
import * as v from "valibot";
import { CreateStaffBody, Done, PageQuery, ReorderBody, StaffAdminEnvelope, StaffAdminList, UpdateStaffBody } from "../../contracts/admin.js";
import { AppError } from "../../errors.js";
import { idParam, jsonBody, parseWith } from "../../http/validate.js";
import { nextSortOrder } from "../../repo/admin-services.js";
import { ensureStaffServices, findStaffAdmin, type LinkedAccount, linkAccount, listStaffAdmin, staffServiceWrites } from "../../repo/admin-staff.js";
import type { User } from "../../contracts/auth.js";
import { auditInsert } from "../../repo/audit.js";
import { batchAll } from "../../repo/batch.js";
import { type Db, requestDb, schema as s } from "../../repo/db.js";
import { reorder } from "./reorder.js";
import { adminSchedulesRoutes } from "./schedules.js";
import { adminApp, ensureFound, IncludeInactive } from "./shared.js";

export const staffAdminRoutes = adminApp();

/** An existing account that became a master's sign-in gets its own audit row: who it was, and its role before and after. */
async function auditLinked(db: Db, actor: User, staffId: number, linked: LinkedAccount | null) {
  if (!linked) return;
  await auditInsert(db, actor, {
    action: "link_account",
    entity: "user",
    entityId: linked.user_id,
    before: { role: linked.role_before, staff_id: null },
    after: { role: linked.role_after, staff_id: staffId, name: linked.name },
  });
}
staffAdminRoutes.route("/", adminSchedulesRoutes);

const ListQuery = v.object({ include_inactive: IncludeInactive, ...PageQuery });

staffAdminRoutes.get("/", doc({ tag: "Back office", summary: "Masters with their services and own prices, inactive ones on request", access: "admin", query: ListQuery, responses: { 200: ["A page of masters", StaffAdminList] } }), async (c) => {
  const q = parseWith(ListQuery, c.req.query(), "query");
  const { staff, total } = await listStaffAdmin(requestDb(c), { includeInactive: q.include_inactive === "true", limit: q.limit, offset: q.offset });
  return c.json({ staff, limit: q.limit, offset: q.offset, total });
});

staffAdminRoutes.get("/:id", doc({ tag: "Back office", summary: "One master as the back office edits them", access: "admin", params: { id: "Master (staff) id" }, responses: { 200: ["The master", StaffAdminEnvelope], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  return c.json({ staff: ensureFound(await findStaffAdmin(requestDb(c), id), `Master ${id}`) });
});

staffAdminRoutes.post("/", doc({ tag: "Back office", summary: "Create a master with their account, services and own price/duration per service", access: "admin", body: CreateStaffBody, responses: { 201: ["The master", StaffAdminEnvelope], 409: "`already_exists`: the phone belongs to another master's account; `phone_belongs_to_user`: it is an existing account's (details.user names it), repeat with `link_existing: true`", 422: "An unknown service or an add-on among `services`" } }), async (c) => {
  const body = await jsonBody(c, CreateStaffBody);
  if (body.email && !body.phone) throw new AppError("validation_failed", "Give the master a phone with the email: the account is found by phone", { field: "email" });
  const db = requestDb(c);
  await ensureStaffServices(db, body.services);
  const [row] = await db
    .insert(s.staff)
    .values({
      name: body.name,
      specialization: body.specialization,
      photoUrl: body.photo_url,
      bio: body.bio,
      sortOrder: body.sort_order ?? (await nextSortOrder(db, s.staff)),
    })
    .returning({ id: s.staff.id });
  const id = row!.id;
  await batchAll(db, staffServiceWrites(db, id, body.services));
  const linked = await linkAccount(db, id, body.phone ?? undefined, body.email ?? undefined, body.link_existing);
  const staff = (await findStaffAdmin(db, id))!;
  await auditInsert(db, c.get("user"), { action: "create", entity: "staff", entityId: id, after: staff });
  await auditLinked(db, c.get("user"), id, linked);
  return c.json({ staff }, 201);
});

staffAdminRoutes.post("/reorder", doc({ tag: "Back office", summary: "Put the masters in a new order", access: "admin", body: ReorderBody, responses: { 200: ["Reordered", Done], 422: "`invalid_reference`: ids that are not masters" } }), async (c) => {
  const { ids } = await jsonBody(c, ReorderBody);
  await reorder(requestDb(c), c.get("user"), s.staff, "staff", ids);
  return c.json({ ok: true });
});

staffAdminRoutes.patch("/:id", doc({ tag: "Back office", summary: "Change a master; `services` replaces their services and own prices/durations", access: "admin", params: { id: "Master (staff) id" }, body: UpdateStaffBody, responses: { 200: ["The master", StaffAdminEnvelope], 404: "`not_found`", 409: "`already_exists`: the phone belongs to another master's account; `phone_belongs_to_user`: it is an existing account's (details.user names it), repeat with `link_existing: true`", 422: "An unknown service or an add-on among `services`" } }), async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, UpdateStaffBody);
  const db = requestDb(c);
  const before = ensureFound(await findStaffAdmin(db, id), `Master ${id}`);
  if (body.services) await ensureStaffServices(db, body.services);
  const linked = await linkAccount(db, id, body.phone, body.email, body.link_existing);
  await batchAll(db, [
    db
      .update(s.staff)
      .set({
        name: body.name,
        specialization: body.specialization,
        photoUrl: body.photo_url,
        bio: body.bio,
        sortOrder: body.sort_order,
        active: body.active,
        updatedAt: new Date().toISOString(),
      })
      .where(eq(s.staff.id, id)),
    ...(body.services ? staffServiceWrites(db, id, body.services) : []),
  ]);
  const staff = (await findStaffAdmin(db, id))!;
  await auditInsert(db, c.get("user"), { action: "update", entity: "staff", entityId: id, before, after: staff });
  await auditLinked(db, c.get("user"), id, linked);
  return c.json({ staff });
});

// The master's bookings and history stay; they only stop being offered.
staffAdminRoutes.delete("/:id", doc({ tag: "Back office", summary: "Deactivate a master (kept for history and bookings)", access: "admin", params: { id: "Master (staff) id" }, responses: { 200: ["The deactivated master", StaffAdminEnvelope], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const db = requestDb(c);
  const before = ensureFound(await findStaffAdmin(db, id), `Master ${id}`);
  await db.update(s.staff).set({ active: false, updatedAt: new Date().toISOString() }).where(eq(s.staff.id, id));
  const staff = (await findStaffAdmin(db, id))!;
  await auditInsert(db, c.get("user"), { action: "deactivate", entity: "staff", entityId: id, before, after: staff });
  return c.json({ staff });
});
