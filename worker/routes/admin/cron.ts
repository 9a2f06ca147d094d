// POST /admin/cron/run: runs the cron jobs now and answers what they did.
import { Hono } from "hono";
import { requireUser } from "../../auth/session.js";
import { runCronJobs } from "../../cron.js";
import type { AppEnv } from "../../env.js";
import { requestDb } from "../../repo/db.js";

export const adminCronRoutes = new Hono<AppEnv>();

adminCronRoutes.post("/run", requireUser("admin"), async (c) => {
  const now = new Date();
  return c.json({ ran_at: now.toISOString(), ...(await runCronJobs(requestDb(c), c.env, now)) });
});
