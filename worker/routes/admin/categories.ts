// /admin/categories: service categories (create, rename, reorder, deactivate).
import { eq } from "drizzle-orm";
import { CreateCategoryBody, ReorderBody, UpdateCategoryBody } from "../../contracts/admin.js";
import { idParam, jsonBody } from "../../http/validate.js";
import { findCategory, listCategoriesAll, nextSortOrder, toCategory } from "../../repo/admin-services.js";
import { auditInsert } from "../../repo/audit.js";
import { type Db, requestDb, schema as s } from "../../repo/db.js";
import { adminApp, ensureFound } from "./shared.js";
import { reorder } from "./reorder.js";

export const categoriesRoutes = adminApp();

categoriesRoutes.get("/", async (c) => c.json({ categories: await listCategoriesAll(requestDb(c)) }));

categoriesRoutes.post("/", async (c) => {
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

categoriesRoutes.post("/reorder", async (c) => {
  const { ids } = await jsonBody(c, ReorderBody);
  const db = requestDb(c);
  await reorder(db, c.get("user"), s.serviceCategories, "category", ids);
  return c.json({ categories: await listCategoriesAll(db) });
});

async function update(db: Db, id: number, set: Partial<typeof s.serviceCategories.$inferInsert>) {
  const [row] = await db.update(s.serviceCategories).set(set).where(eq(s.serviceCategories.id, id)).returning();
  return toCategory(row!);
}

categoriesRoutes.patch("/:id", async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, UpdateCategoryBody);
  const db = requestDb(c);
  const before = ensureFound(await findCategory(db, id), `Category ${id}`);
  const category = await update(db, id, { name: body.name, sortOrder: body.sort_order, active: body.active });
  await auditInsert(db, c.get("user"), { action: "update", entity: "category", entityId: id, before, after: category });
  return c.json({ category });
});

// Services keep their category; the catalog shows a deactivated category's services without it.
categoriesRoutes.delete("/:id", async (c) => {
  const id = idParam(c);
  const db = requestDb(c);
  const before = ensureFound(await findCategory(db, id), `Category ${id}`);
  const category = await update(db, id, { active: false });
  await auditInsert(db, c.get("user"), { action: "deactivate", entity: "category", entityId: id, before, after: category });
  return c.json({ category });
});
