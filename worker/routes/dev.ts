// Development helpers. They answer 404 unless ENVIRONMENT=development, exactly
// like a route that does not exist.
import { type Context, Hono, type Next } from "hono";
import * as v from "valibot";
import { Phone } from "../contracts/auth.js";
import { type AppEnv, isDevelopment } from "../env.js";
import { AppError } from "../errors.js";
import { parseWith } from "../http/validate.js";
import { requestDb } from "../repo/db.js";
import { recentMessages } from "../repo/outbox.js";
import { renderOutboxBody } from "../manage/links.js";
import { withUnsubscribeLink } from "../marketing/advert.js";
import { doc } from "../http/openapi.js";
import { DevOutbox } from "../contracts/operations.js";

export const devRoutes = new Hono<AppEnv>();

/** 404 outside development, exactly like a route that does not exist. */
export const developmentOnly = async (c: Context<AppEnv>, next: Next) => {
  if (!isDevelopment(c.env)) throw new AppError("not_found", `No route ${c.req.method} ${c.req.path}`);
  await next();
};

devRoutes.use(developmentOnly);

// By phone (SMS) or email: a customer with an email gets their booking messages there.
const OutboxQuery = v.object({ phone: v.optional(Phone), email: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email(), v.maxLength(200))) });

devRoutes.get("/outbox", doc({ tag: "Development", summary: "Messages the dev transport \"sent\" (sign-in codes, confirmations)", access: "development", query: OutboxQuery, responses: { 200: ["The newest messages first", DevOutbox] } }), async (c) => {
  const { phone, email } = parseWith(OutboxQuery, c.req.query(), "query");
  const rows = await recentMessages(requestDb(c), phone ?? email, 50);
  // A message not sent yet shows the links it will carry.
  const bodies = await Promise.all(rows.map((r) => (r.purpose === "advertising" ? withUnsubscribeLink(c.env, r) : renderOutboxBody(c.env, r.body, r.dedupeKey))));
  return c.json({
    messages: rows.map((r, i) => ({
      id: r.id,
      channel: r.channel,
      recipient: r.recipient,
      kind: r.kind,
      purpose: r.purpose,
      subject: r.subject,
      body: bodies[i],
      status: r.status,
      created_at: r.createdAt,
    })),
  });
});
