// Who may act on a master's calendar: admins on anyone's, a master on their own.
import { Hono } from "hono";
import { requireUser } from "../../auth/session.js";
import type { User } from "../../contracts/auth.js";
import type { AppEnv } from "../../env.js";
import { AppError } from "../../errors.js";

/** A sub-app for admins and masters; handlers narrow masters to themselves with ensureOwnCalendar. */
export function calendarApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requireUser("admin", "staff"));
  return app;
}

export function ensureOwnCalendar(user: User, staffId: number): void {
  if (user.role === "admin") return;
  if (user.staff_id !== staffId) throw new AppError("forbidden", "Masters manage only their own calendar");
}

/** The masters a caller may look at: the asked ones for admins; a master only themselves. */
export function visibleStaff(user: User, asked: number[] | undefined): number[] | undefined {
  if (user.role === "admin") return asked;
  const own = user.staff_id ?? -1;
  if (asked && asked.some((id) => id !== own)) throw new AppError("forbidden", "Masters see only their own calendar");
  return [own];
}
