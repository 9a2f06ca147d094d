// Security headers on every answer: the PWA's pages and assets (the Worker
// runs first for every path, see wrangler.toml, so static files get them
// too) and the API. Built with hono's secureHeaders; the policies below are
// what the README's "Security" section lists.
import type { Context, MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv, Env } from "../env.js";

/** Where YClients serves its booking forms (https://n{form_id}.yclients.com), shown in a frame. */
const YCLIENTS_FORM_HOSTS = ["https://yclients.com", "https://*.yclients.com"];

const HSTS = "max-age=31536000; includeSubDomains";
const PERMISSIONS = { camera: [], microphone: [], geolocation: [], usb: [], bluetooth: [], serial: [], hid: [], browsingTopics: [] };

/**
 * Paths whose URL is a bearer secret (a manage or review link, in the page's
 * address or the API's): no Referer carries it anywhere, no cache keeps it.
 */
const SECRET_PAGE = /^\/(?:m|r)\/|^\/api\/v1\/(?:manage|reviews)\//;

/**
 * The PWA's pages: scripts, styles, fonts, the manifest, the service worker
 * and API calls from our own origin only; masters' photos from any https
 * address; frames only the YClients booking form (and, when configured, the
 * form's own base URL: the development sandbox on 127.0.0.1). Inline style
 * attributes are not allowed: Solid sets styles through the CSSOM, which CSP
 * does not govern.
 */
function pagePolicy(frameOrigin: string | null): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "https:", "data:"],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      manifestSrc: ["'self'"],
      workerSrc: ["'self'"],
      frameSrc: ["'self'", ...YCLIENTS_FORM_HOSTS, ...(frameOrigin ? [frameOrigin] : [])],
      frameAncestors: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
    },
    referrerPolicy: "strict-origin-when-cross-origin",
    strictTransportSecurity: HSTS,
    permissionsPolicy: PERMISSIONS,
  });
}

/**
 * API answers are data, not documents; the two HTML pages among them (the
 * API docs, the development checkout) have no scripts and inline <style>.
 */
const apiPolicy = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
  referrerPolicy: "strict-origin-when-cross-origin",
  strictTransportSecurity: HSTS,
  permissionsPolicy: PERMISSIONS,
});

/** The origin of the configured form base URL, if it is not on YClients' own hosts. */
function formOrigin(env: Env): string | null {
  if (!env.YCLIENTS_WIDGET_BASE_URL) return null;
  try {
    const origin = new URL(env.YCLIENTS_WIDGET_BASE_URL).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/** One page policy per configured form origin, built once per isolate. */
const pagePolicies = new Map<string | null, MiddlewareHandler<AppEnv>>();

export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  const path = c.req.path;
  const isApi = path.startsWith("/api/") || path.startsWith("/pay/");
  let policy = apiPolicy;
  if (!isApi) {
    const origin = formOrigin(c.env);
    policy = pagePolicies.get(origin) ?? pagePolicies.set(origin, pagePolicy(origin)).get(origin)!;
  }
  await policy(c, async () => {
    await next();
    // Static assets come back with immutable headers; a copy takes ours.
    if (!isApi) c.res = new Response(c.res.body, c.res);
  });
  if (SECRET_PAGE.test(path)) keepSecretUrl(c);
};

function keepSecretUrl(c: Context<AppEnv>): void {
  c.res.headers.set("Referrer-Policy", "no-referrer");
  c.res.headers.set("Cache-Control", "no-store");
}
