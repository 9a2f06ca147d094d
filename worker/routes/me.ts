import { Hono } from "hono";
import { requireUser } from "../auth/session.js";
import type { AppEnv } from "../env.js";

export const meRoutes = new Hono<AppEnv>();

meRoutes.get("/", requireUser(), (c) => c.json({ user: c.get("user") }));
