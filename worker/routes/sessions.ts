// A sign-in's life after the code: renewing the short access token, signing
// out this device, signing out everywhere. Mounted under /auth next to the
// sign-in code routes.
import { Hono } from "hono";
import * as v from "valibot";
import { invalidSession, requireUser, sessionFromToken, sessionTokens } from "../auth/session.js";
import { SessionTokens } from "../contracts/auth.js";
import type { AppEnv } from "../env.js";
import { doc } from "../http/openapi.js";
import { jsonBody } from "../http/validate.js";
import { requestDb } from "../repo/db.js";
import { endAllSessions, endSession, findSessionUserWithExpiry } from "../repo/sessions.js";

export const sessionRoutes = new Hono<AppEnv>();

const RefreshBody = v.object({ refresh_token: v.pipe(v.string(), v.minLength(1), v.maxLength(2000)) });
const SignedOut = v.object({ signed_out: v.number() });

sessionRoutes.post("/refresh", doc({ tag: "Auth", summary: "Renew the access token with the session's refresh token", description: "A new access token (1 hour, never past the session's end) while the session lives; the refresh token stays the same. 401 once the session was signed out, ended everywhere, by a role change or by deleting the account, or has run its 30 days.", access: "anyone", body: RefreshBody, responses: { 200: ["Renewed", SessionTokens], 401: "`unauthorized`: sign in again" } }), async (c) => {
  const { refresh_token } = await jsonBody(c, RefreshBody);
  const session = await sessionFromToken(refresh_token, c.env.JWT_SECRET, "refresh");
  if (!session) throw invalidSession();
  const live = await findSessionUserWithExpiry(requestDb(c), session);
  if (!live) throw invalidSession();
  const now = new Date();
  return c.json(await sessionTokens(live.user, { id: session.sessionId, expiresAt: live.sessionExpiresAt }, c.env.JWT_SECRET, now));
});

sessionRoutes.post("/logout", doc({ tag: "Auth", summary: "Sign out this device: its session ends on the server", description: "Its access and refresh tokens stop working at once; other devices stay signed in.", access: "signed_in", responses: { 200: ["`signed_out`: sessions ended (1)", SignedOut] } }), requireUser(), async (c) => {
  const result = await endSession(requestDb(c), c.get("session"), new Date());
  return c.json({ signed_out: result.rowsAffected });
});

sessionRoutes.post("/logout-all", doc({ tag: "Auth", summary: "Sign out everywhere: every session of this account ends", description: "This device included; sign in again with a code.", access: "signed_in", responses: { 200: ["`signed_out`: how many sessions ended", SignedOut] } }), requireUser(), async (c) => {
  const result = await endAllSessions(requestDb(c), c.get("user").id, new Date());
  return c.json({ signed_out: result.rowsAffected });
});
