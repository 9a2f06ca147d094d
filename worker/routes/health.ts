import { sql } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { requestDb } from "../repo/db.js";
import { log } from "../lib/log.js";
import { doc } from "../http/openapi.js";
import { linkProblems } from "../manage/links.js";
import { Health } from "../contracts/operations.js";

export const healthRoutes = new Hono<AppEnv>();

healthRoutes.get("/", doc({ tag: "Platform", summary: "Health: 200 when the database answers and the configuration is complete", description: "503 `database_unavailable` when the database does not answer; 503 `{status: \"misconfigured\", problems: [{code, message}]}` when production lacks APP_URL (links in messages would point at localhost, so messages with links are held).", access: "anyone", responses: { 200: ["The database answers and the configuration is complete", Health] } }), async (c) => {
  try {
    await requestDb(c).run(sql`select 1`);
  } catch (error) {
    log("error", "health: database unreachable", { request_id: c.get("requestId"), error: String(error) });
    throw new AppError("database_unavailable", "The database is unreachable", undefined, { "retry-after": "5" });
  }
  c.header("cache-control", "no-store");
  const problems = linkProblems(c.env);
  if (problems.length > 0) {
    log("error", "health: misconfigured", { problems: problems.map((p) => p.code) });
    return c.json({ status: "misconfigured", database: "ok", problems, time: new Date().toISOString() }, 503);
  }
  return c.json({ status: "ok", database: "ok", time: new Date().toISOString() });
});
