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

staffRoutes.get("/:id", doc({ tag: "Catalog", summary: "A master's public profile: photo, specialization, bio and the services they do with their own price and duration (`own_terms`)", access: "anyone", params: { id: "Master (staff) id" }, responses: { 200: ["The master", StaffDetail], 304: "Not modified", 400: "`invalid_id`", 404: "`not_found` (also for a master who no longer works here)" } }), async (c) => {
  const id = idParam(c);
  const profile = await catalog.staffProfile(requestDb(c), id);
  if (!profile) throw new AppError("not_found", `Staff member ${id} does not exist or no longer works here`);
  return c.json(profile satisfies StaffDetail);
});
