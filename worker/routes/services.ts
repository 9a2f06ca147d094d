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
  const [staff, overrides] = await Promise.all([catalog.staffForService(db, id), catalog.staffOverridesFor(db, id)]);
  const withTerms = staff.map((member) => {
    const own = overrides.find((o) => o.staffId === member.id);
    return {
      ...member,
      own_terms: own
        ? { price: { amount_minor: own.priceMinor ?? service.price.amount_minor, currency: service.price.currency }, duration_min: own.durationMin ?? service.duration_min }
        : null,
    };
  });
  return c.json({ service, staff: withTerms } satisfies ServiceDetail);
});
