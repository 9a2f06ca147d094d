// The back office's API, mounted at /api/v1/admin: one sub-app per resource.
// Each sub-app states who may use it (most are admin-only).
import { Hono } from "hono";
import type { AppEnv } from "../../env.js";
import { auditRoutes } from "./audit.js";
import { categoriesRoutes } from "./categories.js";
import { clientsRoutes } from "./clients.js";
import { servicesAdminRoutes } from "./services.js";
import { settingsRoutes } from "./settings.js";
import { staffAdminRoutes } from "./staff.js";
import { adminUsersRoutes } from "./users.js";

export const adminRoutes = new Hono<AppEnv>();
adminRoutes.route("/users", adminUsersRoutes);
adminRoutes.route("/categories", categoriesRoutes);
adminRoutes.route("/services", servicesAdminRoutes);
adminRoutes.route("/staff", staffAdminRoutes);
adminRoutes.route("/settings", settingsRoutes);
adminRoutes.route("/clients", clientsRoutes);
adminRoutes.route("/audit", auditRoutes);
