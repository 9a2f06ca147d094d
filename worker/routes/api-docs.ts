// GET /openapi.json: the OpenAPI 3.1 document, generated from the routes'
// `doc(...)` descriptions (worker/http/openapi.ts); GET /docs: the same as a
// plain HTML page rendered here (no scripts, works offline).
import { Hono } from "hono";
import { generateSpecs } from "hono-openapi";
import type { AppEnv } from "../env.js";
import { renderDocsPage } from "../http/docs-page.js";
import { doc, securitySchemes } from "../http/openapi.js";
import { Html, OpenApiDocument } from "../contracts/operations.js";

type Document = Awaited<ReturnType<typeof generateSpecs>>;

/** The routes serving the document of `app`, built on first request (routes are all registered by then). */
export function apiDocsRoutes(app: Hono<AppEnv>) {
  let built: Promise<Document> | undefined;
  const document = () =>
    (built ??= generateSpecs(app, {
      documentation: {
        info: {
          title: "Salon booking API",
          version: "1",
          description:
            "JSON under /api/v1. Errors are `{error:{code,message,details}}` with stable snake_case codes. " +
            "Appointment times without an offset are salon wall time; instants are UTC ISO strings; money is integer minor units + currency; phones E.164. " +
            "An outage is 503 with Retry-After, never 500.",
        },
        components: { securitySchemes },
      },
      // "openapi.json" would otherwise be taken for a static file and left out.
      excludeStaticFile: false,
    }).catch((error: unknown) => {
      built = undefined;
      throw error;
    }));

  const routes = new Hono<AppEnv>();
  routes.get(
    "/openapi.json",
    doc({ tag: "Documentation", summary: "This API as an OpenAPI 3.1 document", access: "anyone", responses: { 200: ["The document", OpenApiDocument] } }),
    async (c) => c.json(await document()),
  );
  routes.get(
    "/docs",
    doc({ tag: "Documentation", summary: "This API as a readable HTML page (no scripts)", access: "anyone", responses: { 200: { description: "HTML", content: { "text/html": Html } } } }),
    async (c) => c.html(renderDocsPage(await document())),
  );
  return routes;
}
