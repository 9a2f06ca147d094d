import { sql } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { openDb } from "../repo/db.js";

export const healthRoutes = new Hono<AppEnv>();

healthRoutes.get("/", async (c) => {
  try {
    await openDb(c.env).run(sql`select 1`);
  } catch (error) {
    console.error(JSON.stringify({ level: "error", request_id: c.get("requestId"), msg: "health: database unreachable", error: String(error) }));
    throw new AppError("database_unavailable", "The database is unreachable", undefined, { "retry-after": "5" });
  }
  c.header("cache-control", "no-store");
  return c.json({ status: "ok", database: "ok", time: new Date().toISOString() });
});
