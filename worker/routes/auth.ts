import { Hono } from "hono";
import { CODE_TTL_SECONDS, RESEND_AFTER_SECONDS, requestCode, verifyCode } from "../auth/otp.js";
import { issueToken } from "../auth/session.js";
import { OtpRequestBody, OtpVerifyBody } from "../contracts/auth.js";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { jsonBody } from "../http/validate.js";
import { requestDb } from "../repo/db.js";
import { dispatchRow } from "../notify/dispatcher.js";
import { smsTransportFor } from "../notify/transports.js";

export const authRoutes = new Hono<AppEnv>();

/** Who is asking, for per-client rate limits: Cloudflare's client address. */
const clientKey = (header: string | undefined) => header?.trim() || "unknown";

authRoutes.post("/otp/request", async (c) => {
  const { phone } = await jsonBody(c, OtpRequestBody);
  if (!smsTransportFor(c.env)) {
    throw new AppError("sms_unavailable", "Sign-in by SMS is not configured on this server");
  }
  const db = requestDb(c);
  const now = new Date();
  const message = await requestCode(db, c.env, phone, clientKey(c.req.header("cf-connecting-ip")), now);
  // Send right away; the cron dispatcher retries if this attempt fails.
  c.executionCtx.waitUntil(dispatchRow(db, c.env, message, now));
  return c.json({ sent: true, expires_in: CODE_TTL_SECONDS, retry_after: RESEND_AFTER_SECONDS }, 202);
});

authRoutes.post("/otp/verify", async (c) => {
  const body = await jsonBody(c, OtpVerifyBody);
  const now = new Date();
  const user = await verifyCode(requestDb(c), c.env, body.phone, body.code, body.name, now);
  const { token, expiresAt } = await issueToken(user, c.env.JWT_SECRET, now);
  return c.json({ token, expires_at: expiresAt.toISOString(), user });
});
