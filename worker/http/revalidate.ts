import type { MiddlewareHandler } from "hono";
import { etag } from "hono/etag";
import { every } from "hono/combine";

/**
 * ETag plus `no-cache`: clients always revalidate, and an unchanged answer
 * costs a body-less 304.
 */
export const revalidate: MiddlewareHandler = every(etag({ weak: true }), async (c, next) => {
  await next();
  if (c.res.ok || c.res.status === 304) c.header("cache-control", "no-cache");
});
