// POST /admin/cron/run: runs the cron jobs now and answers what they did.
import { Hono } from "hono";
import { requireUser } from "../../auth/session.js";
import { runCronJobs } from "../../cron.js";
import type { AppEnv } from "../../env.js";
import { requestDb } from "../../repo/db.js";
import { doc } from "../../http/openapi.js";
import { CronReport } from "../../contracts/operations.js";

export const adminCronRoutes = new Hono<AppEnv>();

adminCronRoutes.post("/run", doc({ tag: "Admin", summary: "Run the cron jobs now (reminders, outbox, refunds, YClients, ledger audit) and say what each did", access: "admin", responses: { 200: ["What each job did", CronReport] } }), requireUser("admin"), async (c) => {
  const now = new Date();
  return c.json({ ran_at: now.toISOString(), ...(await runCronJobs(requestDb(c), c.env, now)) });
});
