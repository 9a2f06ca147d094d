// An answer given without reading the request's body (a 401 before the JSON
// is parsed, say) leaves that body on the connection. workerd's own HTTP
// server, which serves the Worker in the local stack with no proxy in front
// (scripts/wrangler-dev.mjs), then resets the keep-alive connection, and the
// client's next request on it fails ("other side closed"; browsers retry it,
// node's fetch does not). Reading what is left of a small body keeps the
// connection usable; a large or unsized one is left, with its connection.
import type { MiddlewareHandler } from "hono";

const DRAIN_LIMIT_BYTES = 64 * 1024;

export const drainUnreadBody: MiddlewareHandler = async (c, next) => {
  await next();
  const raw = c.req.raw;
  if (raw.body === null || raw.bodyUsed) return;
  const length = Number(raw.headers.get("content-length") ?? Number.NaN);
  if (!(length <= DRAIN_LIMIT_BYTES)) return;
  await raw.arrayBuffer().catch(() => undefined);
};
