import { Hono } from "hono";
import { eq } from "drizzle-orm";
import { requireUser } from "../auth/session.js";
import type { AppEnv } from "../env.js";
import * as v from "valibot";
import { User } from "../contracts/auth.js";
import { UpdateProfileBody } from "../contracts/manage.js";
import { doc } from "../http/openapi.js";
import { jsonBody } from "../http/validate.js";
import { deleteAccount } from "../account/delete.js";
import { dispatchSoon } from "../notify/dispatcher.js";
import { requestDb, schema as s } from "../repo/db.js";
import { toUser } from "../repo/users.js";
import { AccountDeleted } from "../contracts/operations.js";

export const meRoutes = new Hono<AppEnv>();

meRoutes.get("/", doc({ tag: "Auth", summary: "The signed-in user", access: "signed_in", responses: { 200: ["The user", v.object({ user: User })] } }), requireUser(), (c) => c.json({ user: c.get("user") }));

// manage: the profile (name, and the email messages go to) and leaving for good.
meRoutes.patch("/", doc({ tag: "Auth", summary: "Change your name or email (messages go to the email when one is set; null removes it)", access: "signed_in", body: UpdateProfileBody, responses: { 200: ["The user", v.object({ user: User })] } }), requireUser(), async (c) => {
  const body = await jsonBody(c, UpdateProfileBody);
  const [row] = await requestDb(c)
    .update(s.users)
    .set({ name: body.name, email: body.email, updatedAt: new Date().toISOString() })
    .where(eq(s.users.id, c.get("user").id))
    .returning();
  return c.json({ user: toUser(row!) });
});

meRoutes.delete("/", doc({ tag: "Auth", summary: "Delete your account and personal data", description: "Future bookings are cancelled (slots freed, prepayments refunded); past bookings stay for the salon's records without name, phone or notes; every session ends. Customers only.", access: "signed_in", responses: { 200: ["`cancelled`: how many future bookings were cancelled", AccountDeleted], 403: "`forbidden`: staff and admin accounts are removed by the salon" } }), requireUser(), async (c) => {
  const db = requestDb(c);
  const { cancelled } = await deleteAccount(db, c.env, c.get("user"), new Date());
  c.executionCtx.waitUntil(dispatchSoon(db, c.env));
  return c.json({ deleted: true, cancelled });
});
