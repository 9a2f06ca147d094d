// GET /api/v1/loyalty: the signed-in customer's points (1 point = 1 minor unit).
import { Hono } from "hono";
import { requireUser } from "../auth/session.js";
import type { AppEnv } from "../env.js";
import { requestDb } from "../repo/db.js";
import { balanceOf } from "../repo/loyalty.js";

export const loyaltyRoutes = new Hono<AppEnv>();

loyaltyRoutes.get("/", requireUser(), async (c) => c.json({ points: await balanceOf(requestDb(c), c.get("user").id) }));
