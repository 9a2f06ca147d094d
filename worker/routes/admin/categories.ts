// /admin/categories: service categories (create, rename, reorder, deactivate).
import { eq } from "drizzle-orm";
import * as v from "valibot";
import { doc } from "../../http/openapi.js";
import { CreateCategoryBody, ReorderBody, UpdateCategoryBody } from "../../contracts/admin.js";
import { idParam, jsonBody } from "../../http/validate.js";
import { findCategory, listCategoriesAll, nextSortOrder, toCategory } from "../../repo/admin-services.js";
import { auditInsert } from "../../repo/audit.js";
import { type Db, requestDb, schema as s } from "../../repo/db.js";
import { adminApp, ensureFound } from "./shared.js";
import { reorder } from "./reorder.js";

export const categoriesRoutes = adminApp();

categoriesRoutes.get("/", doc({ tag: "Back office", summary: "categories: GET / (schemas in worker/contracts/admin.ts)", access: "admin", responses: { 200: "See worker/contracts/admin.ts and stats.ts" } }), async (c) => c.json({ categories: await listCategoriesAll(requestDb(c)) }));

categoriesRoutes.post("/", doc({ tag: "Back office", summary: "categories: POST / (schemas in worker/contracts/admin.ts)", access: "admin", body: v.unknown(), responses: { 201: "See worker/contracts/admin.ts and stats.ts" } }), async (c) => {
  const body = await jsonBody(c, CreateCategoryBody);
  const db = requestDb(c);
  const [row] = await db
    .insert(s.serviceCategories)
    .values({ name: body.name, sortOrder: body.sort_order ?? (await nextSortOrder(db, s.serviceCategories)) })
    .returning();
  const category = toCategory(row!);
  await auditInsert(db, c.get("user"), { action: "create", entity: "category", entityId: category.id, after: category });
  return c.json({ category }, 201);
});

categoriesRoutes.post("/reorder", doc({ tag: "Back office", summary: "categories: POST /reorder (schemas in worker/contracts/admin.ts)", access: "admin", body: v.unknown(), responses: { 200: "See worker/contracts/admin.ts and stats.ts" } }), async (c) => {
  const { ids } = await jsonBody(c, ReorderBody);
  const db = requestDb(c);
  await reorder(db, c.get("user"), s.serviceCategories, "category", ids);
  return c.json({ categories: await listCategoriesAll(db) });
});

async function update(db: Db, id: number, set: Partial<typeof s.serviceCategories.$inferInsert>) {
  const [row] = await db.update(s.serviceCategories).set(set).where(eq(s.serviceCategories.id, id)).returning();
  return toCategory(row!);
}

categoriesRoutes.patch("/:id", doc({ tag: "Back office", summary: "categories: PATCH /:id (schemas in worker/contracts/admin.ts)", access: "admin", params: { id: "the record's id" }, body: v.unknown(), responses: { 200: "See worker/contracts/admin.ts and stats.ts" } }), async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, UpdateCategoryBody);
  const db = requestDb(c);
  const before = ensureFound(await findCategory(db, id), `Category ${id}`);
  const category = await update(db, id, { name: body.name, sortOrder: body.sort_order, active: body.active });
  await auditInsert(db, c.get("user"), { action: "update", entity: "category", entityId: id, before, after: category });
  return c.json({ category });
});

// Services keep their category; the catalog shows a deactivated category's services without it.
categoriesRoutes.delete("/:id", doc({ tag: "Back office", summary: "categories: DELETE /:id (schemas in worker/contracts/admin.ts)", access: "admin", params: { id: "the record's id" }, responses: { 200: "See worker/contracts/admin.ts and stats.ts" } }), async (c) => {
  const id = idParam(c);
  const db = requestDb(c);
  const before = ensureFound(await findCategory(db, id), `Category ${id}`);
  const category = await update(db, id, { active: false });
  await auditInsert(db, c.get("user"), { action: "deactivate", entity: "category", entityId: id, before, after: category });
  return c.json({ category });
});
