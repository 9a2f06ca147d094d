import { Hono } from "hono";
import { requireUser } from "../auth/session.js";
import type { AppEnv } from "../env.js";
import * as v from "valibot";
import { User } from "../contracts/auth.js";
import { doc } from "../http/openapi.js";

export const meRoutes = new Hono<AppEnv>();

meRoutes.get("/", doc({ tag: "Auth", summary: "The signed-in user", access: "signed_in", responses: { 200: ["The user", v.object({ user: User })] } }), requireUser(), (c) => c.json({ user: c.get("user") }));
