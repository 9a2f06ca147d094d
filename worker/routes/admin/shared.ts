// Pieces every back-office sub-app uses: the admin sub-app itself, unique-key
// clashes as 409s, and "before → change → after → audit" in one place.
import { Hono } from "hono";
import * as v from "valibot";
import { requireUser } from "../../auth/session.js";
import type { AppEnv } from "../../env.js";
import { AppError } from "../../errors.js";
import { isUniqueViolation } from "../../repo/bookings.js";

/** A sub-app only admins reach. */
export function adminApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requireUser("admin"));
  return app;
}

export const IncludeInactive = v.optional(v.picklist(["true", "false"], "include_inactive is true or false"), "false");

/** Runs a write; a unique index it trips becomes 409 already_exists naming the field. */
export async function uniquely<T>(field: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("already_exists", `Another record already has this ${field}`, { field });
    throw error;
  }
}

export function ensureFound<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new AppError("not_found", `${what} does not exist`);
  return value;
}
