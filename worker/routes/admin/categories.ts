// /admin/categories: service categories (create, rename, reorder, deactivate).
import { eq } from "drizzle-orm";
import { doc } from "../../http/openapi.js";
import { CategoryEnvelope, CategoryList, CreateCategoryBody, ReorderBody, UpdateCategoryBody } from "../../contracts/admin.js";
import { idParam, jsonBody } from "../../http/validate.js";
import { findCategory, listCategoriesAll, nextSortOrder, toCategory } from "../../repo/admin-services.js";
import { auditInsert } from "../../repo/audit.js";
import { type Db, requestDb, schema as s } from "../../repo/db.js";
import { adminApp, ensureFound } from "./shared.js";
import { reorder } from "./reorder.js";

export const categoriesRoutes = adminApp();

categoriesRoutes.get("/", doc({ tag: "Back office", summary: "Service categories, inactive ones included", access: "admin", responses: { 200: ["The categories in the salon's order", CategoryList] } }), async (c) => c.json({ categories: await listCategoriesAll(requestDb(c)) }));

categoriesRoutes.post("/", doc({ tag: "Back office", summary: "Create a service category", access: "admin", body: CreateCategoryBody, responses: { 201: ["The category", CategoryEnvelope] } }), async (c) => {
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

categoriesRoutes.post("/reorder", doc({ tag: "Back office", summary: "Put the categories in a new order", access: "admin", body: ReorderBody, responses: { 200: ["The categories in their new order", CategoryList], 422: "`invalid_reference`: ids that are not categories" } }), async (c) => {
  const { ids } = await jsonBody(c, ReorderBody);
  const db = requestDb(c);
  await reorder(db, c.get("user"), s.serviceCategories, "category", ids);
  return c.json({ categories: await listCategoriesAll(db) });
});

async function update(db: Db, id: number, set: Partial<typeof s.serviceCategories.$inferInsert>) {
  const [row] = await db.update(s.serviceCategories).set(set).where(eq(s.serviceCategories.id, id)).returning();
  return toCategory(row!);
}

categoriesRoutes.patch("/:id", doc({ tag: "Back office", summary: "Rename, reorder or reactivate a category", access: "admin", params: { id: "Category id" }, body: UpdateCategoryBody, responses: { 200: ["The category", CategoryEnvelope], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, UpdateCategoryBody);
  const db = requestDb(c);
  const before = ensureFound(await findCategory(db, id), `Category ${id}`);
  // `{}` (or only unknown fields) changes nothing: the record as it is, not an UPDATE without columns.
  if (body.name === undefined && body.sort_order === undefined && body.active === undefined) return c.json({ category: before });
  const category = await update(db, id, { name: body.name, sortOrder: body.sort_order, active: body.active });
  await auditInsert(db, c.get("user"), { action: "update", entity: "category", entityId: id, before, after: category });
  return c.json({ category });
});

// Services keep their category; the catalog shows a deactivated category's services without it.
categoriesRoutes.delete("/:id", doc({ tag: "Back office", summary: "Deactivate a category (kept for history)", access: "admin", params: { id: "Category id" }, responses: { 200: ["The deactivated category", CategoryEnvelope], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const db = requestDb(c);
  const before = ensureFound(await findCategory(db, id), `Category ${id}`);
  const category = await update(db, id, { active: false });
  await auditInsert(db, c.get("user"), { action: "deactivate", entity: "category", entityId: id, before, after: category });
  return c.json({ category });
});
