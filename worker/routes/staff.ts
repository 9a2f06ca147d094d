import { Hono } from "hono";
import { StaffDetail, StaffList } from "../contracts/catalog.js";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { revalidate } from "../http/revalidate.js";
import { idParam } from "../http/validate.js";
import * as catalog from "../repo/catalog.js";
import { requestDb } from "../repo/db.js";
import { doc } from "../http/openapi.js";

export const staffRoutes = new Hono<AppEnv>();
staffRoutes.use(revalidate);

staffRoutes.get("/", doc({ tag: "Catalog", summary: "The masters with the services they do", access: "anyone", responses: { 200: ["Masters", StaffList], 304: "Not modified" } }), async (c) => {
  const staff = await catalog.listStaff(requestDb(c));
  return c.json({ staff } satisfies StaffList);
});

staffRoutes.get("/:id", doc({ tag: "Catalog", summary: "One master and their services", access: "anyone", params: { id: "Master (staff) id" }, responses: { 200: ["The master", StaffDetail], 304: "Not modified", 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const db = requestDb(c);
  const member = await catalog.findStaff(db, id);
  if (!member) throw new AppError("not_found", `Staff member ${id} does not exist or no longer works here`);
  return c.json({ staff: member, services: await catalog.servicesOfStaff(db, member) } satisfies StaffDetail);
});
