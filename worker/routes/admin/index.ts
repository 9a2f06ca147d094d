// The back office's API, mounted at /api/v1/admin: one sub-app per resource.
// Each sub-app states who may use it: most are admin-only; blocks, calendar
// and booking details also serve a master's own calendar (access.ts).
import { Hono } from "hono";
import type { AppEnv } from "../../env.js";
import { auditRoutes } from "./audit.js";
import { blocksRoutes } from "./blocks.js";
import { bookingDetailRoutes } from "./bookings.js";
import { calendarRoutes } from "./calendar.js";
import { campaignsRoutes } from "./campaigns.js";
import { categoriesRoutes } from "./categories.js";
import { classesAdminRoutes } from "./classes.js";
import { clientsRoutes } from "./clients.js";
import { legalAdminRoutes } from "./legal.js";
import { adminCronRoutes } from "./cron.js";
import { adminLedgerRoutes } from "./ledger.js";
import { servicesAdminRoutes } from "./services.js";
import { settingsRoutes } from "./settings.js";
import { reviewsAdminRoutes } from "./reviews.js";
import { staffAdminRoutes } from "./staff.js";
import { statsRoutes } from "./stats.js";
import { adminUsersRoutes } from "./users.js";

export const adminRoutes = new Hono<AppEnv>();
adminRoutes.route("/users", adminUsersRoutes);
adminRoutes.route("/categories", categoriesRoutes);
adminRoutes.route("/services", servicesAdminRoutes);
adminRoutes.route("/staff", staffAdminRoutes);
adminRoutes.route("/staff", adminLedgerRoutes);
adminRoutes.route("/cron", adminCronRoutes);
adminRoutes.route("/settings", settingsRoutes);
adminRoutes.route("/clients", clientsRoutes);
adminRoutes.route("/audit", auditRoutes);
adminRoutes.route("/blocks", blocksRoutes);
adminRoutes.route("/calendar", calendarRoutes);
adminRoutes.route("/bookings", bookingDetailRoutes);
adminRoutes.route("/stats", statsRoutes);
adminRoutes.route("/reviews", reviewsAdminRoutes);
adminRoutes.route("/legal", legalAdminRoutes);
adminRoutes.route("/campaigns", campaignsRoutes);
adminRoutes.route("/classes", classesAdminRoutes);
