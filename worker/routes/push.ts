// /api/v1/push: the VAPID public key the PWA subscribes with, and the
// browser's subscription for the signed-in user.
import { Hono } from "hono";
import * as v from "valibot";
import { requireUser } from "../auth/session.js";
import { PushSubscriptionBody } from "../contracts/waitlist.js";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { doc } from "../http/openapi.js";
import { jsonBody } from "../http/validate.js";
import { isKnownPushEndpoint } from "../notify/push-hosts.js";
import { vapidKeysOf } from "../notify/push-send.js";
import { b64urlDecode } from "../notify/web-push.js";
import { requestDb } from "../repo/db.js";
import { saveSubscription } from "../repo/push.js";

export const pushRoutes = new Hono<AppEnv>();

const VapidKey = v.object({ public_key: v.nullable(v.string()) });
const Saved = v.object({ id: v.number() });

pushRoutes.get("/vapid-key", doc({ tag: "Waitlist", summary: "The application server key for PushManager.subscribe (null: push is off)", access: "anyone", responses: { 200: ["The key, base64url", VapidKey] } }), (c) => c.json({ public_key: vapidKeysOf(c.env)?.publicKey ?? null }));

pushRoutes.post("/subscriptions", doc({ tag: "Waitlist", summary: "Save this browser's push subscription for the signed-in user", access: "signed_in", body: PushSubscriptionBody, responses: { 201: ["Saved", Saved], 400: "`invalid_subscription`", 422: "`push_service_not_allowed`: the endpoint is not at a known push service" } }), requireUser(), async (c) => {
  const body = await jsonBody(c, PushSubscriptionBody);
  const local = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(body.endpoint);
  // Push services are https; plain http only to a local fake in development.
  if (!body.endpoint.startsWith("https://") && !(local && c.env.ENVIRONMENT === "development")) {
    throw new AppError("invalid_subscription", "endpoint must be an https URL");
  }
  if (!isKnownPushEndpoint(body.endpoint, c.env.ENVIRONMENT === "development")) {
    throw new AppError("push_service_not_allowed", "endpoint must be at a known push service (FCM, Mozilla, Apple, Windows)", { field: "endpoint" });
  }
  if (b64urlDecode(body.keys.p256dh).length !== 65 || b64urlDecode(body.keys.auth).length !== 16) {
    throw new AppError("invalid_subscription", "keys.p256dh must be a 65-byte P-256 key and keys.auth 16 bytes");
  }
  const row = await saveSubscription(requestDb(c), { userId: c.get("user").id, endpoint: body.endpoint, p256dh: body.keys.p256dh, auth: body.keys.auth });
  return c.json({ id: row.id }, 201);
});
