import { Hono } from "hono";
import type { ServiceDetail, ServiceList } from "../contracts/catalog.js";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { revalidate } from "../http/revalidate.js";
import { idParam } from "../http/validate.js";
import * as catalog from "../repo/catalog.js";
import { requestDb } from "../repo/db.js";

export const servicesRoutes = new Hono<AppEnv>();
servicesRoutes.use(revalidate);

servicesRoutes.get("/", async (c) => {
  const db = requestDb(c);
  const [categories, services] = await Promise.all([catalog.listCategories(db), catalog.listServices(db)]);
  return c.json({ categories, services } satisfies ServiceList);
});

servicesRoutes.get("/:id", async (c) => {
  const id = idParam(c);
  const db = requestDb(c);
  const service = await catalog.findService(db, id);
  if (!service) throw new AppError("not_found", `Service ${id} does not exist or is not offered`);
  const staff = await catalog.staffForService(db, id);
  return c.json({ service, staff } satisfies ServiceDetail);
});
