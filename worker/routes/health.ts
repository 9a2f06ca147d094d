import { sql } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { requestDb } from "../repo/db.js";
import { log } from "../lib/log.js";
import { doc } from "../http/openapi.js";
import { Health } from "../contracts/operations.js";

export const healthRoutes = new Hono<AppEnv>();

healthRoutes.get("/", doc({ tag: "Platform", summary: "Health: 200 when the database answers, 503 database_unavailable otherwise", access: "anyone", responses: { 200: ["The database answers", Health] } }), async (c) => {
  try {
    await requestDb(c).run(sql`select 1`);
  } catch (error) {
    log("error", "health: database unreachable", { request_id: c.get("requestId"), error: String(error) });
    throw new AppError("database_unavailable", "The database is unreachable", undefined, { "retry-after": "5" });
  }
  c.header("cache-control", "no-store");
  return c.json({ status: "ok", database: "ok", time: new Date().toISOString() });
});
