import { Hono } from "hono";
import type { StaffDetail, StaffList } from "../contracts/catalog.js";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { revalidate } from "../http/revalidate.js";
import { idParam } from "../http/validate.js";
import * as catalog from "../repo/catalog.js";
import { requestDb } from "../repo/db.js";

export const staffRoutes = new Hono<AppEnv>();
staffRoutes.use(revalidate);

staffRoutes.get("/", async (c) => {
  const staff = await catalog.listStaff(requestDb(c));
  return c.json({ staff } satisfies StaffList);
});

staffRoutes.get("/:id", async (c) => {
  const id = idParam(c);
  const db = requestDb(c);
  const member = await catalog.findStaff(db, id);
  if (!member) throw new AppError("not_found", `Staff member ${id} does not exist or no longer works here`);
  return c.json({ staff: member, services: await catalog.servicesOfStaff(db, member) } satisfies StaffDetail);
});
