// Development helpers. They answer 404 unless ENVIRONMENT=development, exactly
// like a route that does not exist.
import { Hono } from "hono";
import * as v from "valibot";
import { Phone } from "../contracts/auth.js";
import { type AppEnv, isDevelopment } from "../env.js";
import { AppError } from "../errors.js";
import { parseWith } from "../http/validate.js";
import { requestDb } from "../repo/db.js";
import { recentMessages } from "../repo/outbox.js";

export const devRoutes = new Hono<AppEnv>();

devRoutes.use(async (c, next) => {
  if (!isDevelopment(c.env)) throw new AppError("not_found", `No route ${c.req.method} ${c.req.path}`);
  await next();
});

const OutboxQuery = v.object({ phone: v.optional(Phone) });

devRoutes.get("/outbox", async (c) => {
  const { phone } = parseWith(OutboxQuery, c.req.query(), "query");
  const rows = await recentMessages(requestDb(c), phone, 50);
  return c.json({
    messages: rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      recipient: r.recipient,
      kind: r.kind,
      subject: r.subject,
      body: r.body,
      status: r.status,
      created_at: r.createdAt,
    })),
  });
});
