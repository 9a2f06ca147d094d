// GET /manifest.webmanifest: the built PWA's manifest with the salon's own
// name, so an installed app is called what the salon is called (the back
// office edits it) instead of the generic "Салон". The Worker answers before
// the static assets for this one path (wrangler.toml `run_worker_first`), and
// the service worker asks the network first for it (web/src/sw.ts).
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env.js";
import { doc } from "../http/openapi.js";
import { log } from "../lib/log.js";
import { requestDb } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";

export const manifestRoutes = new Hono<AppEnv>();

const WebManifest = v.pipe(v.record(v.string(), v.unknown()), v.description("A web app manifest (W3C); `name` and `short_name` are the salon's"));

manifestRoutes.get(
  "/",
  doc({ tag: "Platform", summary: "The PWA's web app manifest, named after the salon", access: "anyone", responses: { 200: { description: "The manifest", content: { "application/manifest+json": WebManifest } } } }),
  async (c) => {
    const manifest = (await (await c.env.ASSETS.fetch(new Request(new URL("/manifest.webmanifest", c.req.url)))).json()) as Record<string, unknown>;
    try {
      const { name } = await loadSettings(requestDb(c));
      manifest.name = name;
      manifest.short_name = name;
    } catch (error) {
      // Installing must not fail because the database is away: the built manifest's generic name then.
      log("warn", "manifest: salon name unavailable", { error: String(error) });
    }
    return c.body(JSON.stringify(manifest), 200, { "content-type": "application/manifest+json", "cache-control": "no-cache" });
  },
);
