// Session tokens: HS256 JWTs signed with JWT_SECRET, carrying the user id and
// role. The role is re-read from the database on every request, so a demoted
// user loses access at once rather than when the token expires.
import type { MiddlewareHandler } from "hono";
import { sign, verify } from "hono/jwt";
import type { UserRole } from "../../db/schema.js";
import type { User } from "../contracts/auth.js";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { openDb } from "../repo/db.js";
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

/** Requires a valid session; with roles, also one of those roles. */
export function requireUser(...roles: UserRole[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError("unauthorized", "Sign in first: send Authorization: Bearer <token>");
    const id = await userFromToken(match[1]!, c.env.JWT_SECRET);
    const user = id === null ? null : await findUserById(openDb(c.env), id);
    if (!user) throw new AppError("unauthorized", "The session is invalid or has expired; sign in again");
    if (roles.length > 0 && !roles.includes(user.role)) {
      throw new AppError("forbidden", `This needs one of the roles: ${roles.join(", ")}`);
    }
    c.set("user", user);
    await next();
  };
}
