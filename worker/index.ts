// The Worker: API routes under /api/v1, the PWA's static assets for the rest
// (served through the Worker, so every answer gets the security headers).
import { visitSlotsRoutes, visitsRoutes } from "./routes/visits.js";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import type { AppEnv, Env } from "./env.js";
import { AppError, errorBody } from "./errors.js";
import { runCronJobs } from "./cron.js";
import { openDb } from "./repo/db.js";
import { adminRoutes } from "./routes/admin/index.js";
import { apiDocsRoutes } from "./routes/api-docs.js";
import { authRoutes } from "./routes/auth.js";
import { sessionRoutes } from "./routes/sessions.js";
import { bookingsRoutes } from "./routes/bookings.js";
import { developmentOnly, devRoutes } from "./routes/dev.js";
import { healthRoutes } from "./routes/health.js";
import { loyaltyRoutes } from "./routes/loyalty.js";
import { certificatesRoutes } from "./routes/certificates.js";
import { abonementsRoutes, abonementTypesRoutes, myAbonementsRoutes } from "./routes/abonements.js";
import { payTestRoutes } from "./routes/pay-test.js";
import { payTestSaleRoutes } from "./routes/pay-test-sale.js";
import { paymentsRoutes } from "./routes/payments.js";
import { meRoutes } from "./routes/me.js";
import { legalRoutes } from "./routes/legal.js";
import { marketingMeRoutes, unsubscribeRoutes } from "./routes/marketing.js";
import { manageRoutes } from "./routes/manage.js";
import { reviewRoutes } from "./routes/reviews.js";
import { salonRoutes } from "./routes/salon.js";
import { servicesRoutes } from "./routes/services.js";
import { staffRoutes } from "./routes/staff.js";
import { timeSlotsRoutes } from "./routes/time-slots.js";
import { yclientsRoutes } from "./routes/yclients.js";
import { pushRoutes } from "./routes/push.js";
import { waitlistRoutes } from "./routes/waitlist.js";
import { classesRoutes } from "./routes/classes.js";
import { log } from "./lib/log.js";
import { outageOf, withRetryAfter } from "./outage.js";
import { doc } from "./http/openapi.js";
import { bookingQuoteRoutes } from "./routes/booking-quote.js";
import { rateLimit } from "./http/rate-limit.js";
import { drainUnreadBody } from "./http/drain-body.js";
import { securityHeaders } from "./http/security-headers.js";
import { DevRoutes } from "./contracts/operations.js";
import { manifestRoutes } from "./routes/manifest.js";

export { StaffLedger } from "./reservations/ledger-object.js";

export const app = new Hono<AppEnv>();

app.use(securityHeaders);
app.use(requestId({ headerName: "x-request-id" }));
app.use(drainUnreadBody);
app.use("/api/*", async (c, next) => {
  const started = Date.now();
  await next();
  log("info", "request", { request_id: c.get("requestId"), method: c.req.method, path: c.req.path, status: c.res.status, ms: Date.now() - started });
});

const api = new Hono<AppEnv>();
// Rate limits per client and route group, before any route reads a body or the database.
api.use("/auth/otp/*", rateLimit("sign_in"));
// ("/x/*" also matches "/x" itself.)
for (const path of ["/bookings/*", "/visits/*", "/classes/*"]) api.use(path, rateLimit("booking", ["POST", "PATCH"]));
for (const path of ["/booking/time-slots/*", "/booking/visit-slots/*"]) api.use(path, rateLimit("slots"));
api.use("/waitlist/*", rateLimit("waitlist"));
for (const path of ["/manage/*", "/reviews/*"]) api.use(path, rateLimit("links"));
api.route("/health", healthRoutes);
api.route("/salon", salonRoutes);
api.route("/services", servicesRoutes);
api.route("/staff", staffRoutes);
api.route("/booking/time-slots", timeSlotsRoutes);
// promo: before /bookings, whose routes would otherwise see "quote" as a booking id.
api.route("/bookings/quote", bookingQuoteRoutes);
api.route("/bookings", bookingsRoutes);
api.route("/visits", visitsRoutes);
api.route("/booking/visit-slots", visitSlotsRoutes);
api.route("/auth", authRoutes);
api.route("/auth", sessionRoutes);
api.route("/me", meRoutes);
api.route("/legal", legalRoutes);
api.route("/me/marketing", marketingMeRoutes);
api.route("/unsubscribe", unsubscribeRoutes);
api.route("/admin", adminRoutes);
api.route("/dev", devRoutes);
api.route("/yclients", yclientsRoutes);
api.route("/payments", paymentsRoutes);
api.route("/loyalty", loyaltyRoutes);
api.route("/certificates", certificatesRoutes);
api.route("/abonement-types", abonementTypesRoutes);
api.route("/abonements", abonementsRoutes);
api.route("/me/abonements", myAbonementsRoutes);
// manage: signed links (manage a booking, review a visit) and masters' reviews.
api.route("/manage", manageRoutes);
api.route("/", reviewRoutes);
api.route("/waitlist", waitlistRoutes);
api.route("/classes", classesRoutes);
api.route("/push", pushRoutes);
// Every route of the app, for black-box sweeps (tests/e2e/outage.e2e.test.ts).
api.get("/dev/routes", doc({ tag: "Development", summary: "Every route of the app, for black-box sweeps", access: "development", responses: { 200: ["Every route", DevRoutes] } }), developmentOnly, (c) => {
  const seen = new Set<string>();
  const routes = app.routes
    .filter((r) => r.method !== "ALL")
    .map(({ method, path }) => ({ method, path }))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
  return c.json({ routes });
});
api.route("/", apiDocsRoutes(app));
app.route("/api/v1", api);
app.route("/pay/test/certificate", payTestSaleRoutes.certificate);
app.route("/pay/test/abonement", payTestSaleRoutes.abonement);
app.route("/pay/test", payTestRoutes);
app.route("/manifest.webmanifest", manifestRoutes);

app.notFound((c) => {
  if (c.req.path.startsWith("/api/")) {
    return c.json(errorBody("not_found", `No route ${c.req.method} ${c.req.path}`), 404);
  }
  return c.env.ASSETS.fetch(c.req.raw);
});

app.onError((error, c) => {
  const outage = outageOf(error);
  if (outage) {
    log("warn", "outage", { request_id: c.get("requestId"), method: c.req.method, path: c.req.path, code: outage.code, error: String(error) });
    return c.json(errorBody(outage.code, outage.message), outage.status, outage.headers);
  }
  if (error instanceof AppError) {
    return c.json(errorBody(error.code, error.message, error.details), error.status, withRetryAfter(error));
  }
  if (error instanceof HTTPException && error.status < 500) {
    return c.json(errorBody("bad_request", error.message || "Bad request"), error.status);
  }
  log("error", "unhandled error", { request_id: c.get("requestId"), method: c.req.method, path: c.req.path, error: String(error), stack: (error as Error).stack });
  return c.json(errorBody("internal_error", "Something went wrong on our side; try again"), 500);
});

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runCronJobs(openDb(env), env, new Date(controller.scheduledTime)));
  },
} satisfies ExportedHandler<Env>;
