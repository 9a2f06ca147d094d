// Session tokens: HS256 JWTs signed with JWT_SECRET, carrying the user id and
// role. The role is re-read from the database on every request, so a demoted
// user loses access at once rather than when the token expires.
import type { MiddlewareHandler } from "hono";
import { sign, verify } from "hono/jwt";
import type { UserRole } from "../../db/schema.js";
import type { User } from "../contracts/auth.js";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { requestDb } from "../repo/db.js";
import { findUserById } from "../repo/users.js";

export type SessionUser = User;

export const SESSION_TTL_SECONDS = 30 * 24 * 3600;

export async function issueToken(user: User, secret: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + SESSION_TTL_SECONDS;
  const token = await sign({ sub: String(user.id), role: user.role, iat, exp }, secret, "HS256");
  return { token, expiresAt: new Date(exp * 1000) };
}

async function userFromToken(token: string, secret: string): Promise<number | null> {
  try {
    const payload = await verify(token, secret, "HS256");
    const id = Number(payload.sub);
    return Number.isSafeInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/**
 * The user id a request's session token names, checked without the database.
 * A handler that reads the user together with its other reads (one round
 * trip instead of two) passes what it read to signedInUser.
 */
export async function sessionUserId(authorization: string | undefined, secret: string): Promise<number> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match) throw new AppError("unauthorized", "Sign in first: send Authorization: Bearer <token>");
  const id = await userFromToken(match[1]!, secret);
  if (id === null) throw invalidSession();
  return id;
}

const invalidSession = () => new AppError("unauthorized", "The session is invalid or has expired; sign in again");

/** The user a valid token names, if they still exist and hold one of `roles` (any role when none). */
export function signedInUser(user: User | null, roles: UserRole[] = []): User {
  if (!user) throw invalidSession();
  if (roles.length > 0 && !roles.includes(user.role)) {
    throw new AppError("forbidden", `This needs one of the roles: ${roles.join(", ")}`);
  }
  return user;
}

/** Requires a valid session; with roles, also one of those roles. */
export function requireUser(...roles: UserRole[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = await sessionUserId(c.req.header("authorization"), c.env.JWT_SECRET);
    c.set("user", signedInUser(await findUserById(requestDb(c), id), roles));
    await next();
  };
}
