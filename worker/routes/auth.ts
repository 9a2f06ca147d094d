import { Hono } from "hono";
import { CODE_TTL_SECONDS, RESEND_AFTER_SECONDS, requestCode, verifyCode } from "../auth/otp.js";
import { startSession } from "../auth/session.js";
import { AuthResult, OtpRequestBody, OtpRequestResult, OtpVerifyBody } from "../contracts/auth.js";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { jsonBody } from "../http/validate.js";
import { requestDb } from "../repo/db.js";
import { dispatchRow } from "../notify/dispatcher.js";
import { smsTransportFor } from "../notify/transports.js";
import { doc } from "../http/openapi.js";
import { consentState, truncateIp } from "../legal/consent.js";
import { clientKeyOf } from "../lib/client-address.js";

export const authRoutes = new Hono<AppEnv>();

authRoutes.post("/otp/request", doc({ tag: "Auth", summary: "Send a 6-digit sign-in code by SMS", description: "Only to valid numbers of the countries the salon serves (`phone_countries`). One per minute per phone, 5/hour per phone, 20/hour per client (an IPv4 address or an IPv6 /64). Past the salon's hourly SMS budget (`sms_hourly_budget`) the code goes to the account's email (`channel: \"email\"`) or the request waits (`sms_budget_exhausted`).", access: "anyone", rateLimited: "sign_in", body: OtpRequestBody, responses: { 202: ["Sent", OtpRequestResult], 422: "`invalid_phone`, `phone_country_not_served`", 429: "`rate_limited`, `sms_budget_exhausted` (with `Retry-After`)" } }), async (c) => {
  const { phone } = await jsonBody(c, OtpRequestBody);
  if (!smsTransportFor(c.env)) {
    throw new AppError("sms_unavailable", "Sign-in by SMS is not configured on this server");
  }
  const db = requestDb(c);
  const now = new Date();
  const { message, channel } = await requestCode(db, c.env, phone, clientKeyOf(c.req.header("cf-connecting-ip")), now);
  // Send right away; the cron dispatcher retries if this attempt fails.
  c.executionCtx.waitUntil(dispatchRow(db, c.env, message, now));
  return c.json({ sent: true, channel, expires_in: CODE_TTL_SECONDS, retry_after: RESEND_AFTER_SECONDS }, 202);
});

authRoutes.post("/otp/verify", doc({ tag: "Auth", summary: "Trade the code for a session: an access token (1 hour) and a refresh token (the session's 30 days)", description: "A code lives 5 minutes and allows 5 attempts. Renew the access token with POST /auth/refresh. A new person must give the personal-data consent (`consent: {version}` of `GET /legal/consent`); an account that agreed to an older text signs in and gets `consent.needed: true`.", access: "anyone", rateLimited: "sign_in", body: OtpVerifyBody, responses: { 200: ["Signed in", AuthResult], 401: "`invalid_code`", 422: "`code_expired`, `no_code_requested`, `consent_required` (a phone without an account, or an account that never agreed: send `consent: {version}` with the same code; `details` has the current `version`, the text's `document` and the PWA's `page`)", 429: "`too_many_attempts`" } }), async (c) => {
  const body = await jsonBody(c, OtpVerifyBody);
  const now = new Date();
  const db = requestDb(c);
  const ip = truncateIp(c.req.header("cf-connecting-ip"));
  const user = await verifyCode(db, c.env, body.phone, body.code, body.name, now, { offered: body.consent, ip });
  const [tokens, consent] = await Promise.all([startSession(db, user, c.env.JWT_SECRET, now), consentState(db, user.id)]);
  return c.json({ ...tokens, consent });
});
