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

/** base64url without padding, as the token's own encoder writes it. */
const B64URL = /^[A-Za-z0-9_-]+$/;
/** A user id as issueToken writes it: no sign, no spaces, no leading zeros, no exponent. */
const CANONICAL_ID = /^[1-9]\d{0,15}$/;

/**
 * True when the part is the only base64url spelling of its bytes. Decoders
 * ignore the unused low bits of the last character, so one signature has
 * several spellings; a token we issued has exactly one.
 */
function isCanonicalBase64Url(part: string): boolean {
  if (!B64URL.test(part) || part.length % 4 === 1) return false;
  const binary = atob(part.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (part.length % 4)) % 4));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "") === part;
}

/**
 * Tokens this isolate has verified, with the secret they verified under. A
 * client sends the same token on every request, and checking its signature
 * (key import, HMAC, base64 checks) was a tenth of a booking's CPU; a token
 * verified once stays valid until its exp, which is checked on every use.
 */
const verified = new Map<string, { secret: string; id: number; exp: number }>();
const VERIFIED_MAX = 5_000;

/** The user id of a valid session token, or null. Strict: these tokens are only ever ours. */
export async function userFromToken(token: string, secret: string): Promise<number | null> {
  const known = verified.get(token);
  if (known && known.secret === secret) {
    if (known.exp > Math.floor(Date.now() / 1000)) return known.id; // as hono/jwt judges exp
    verified.delete(token);
    return null;
  }
  const id = await checkToken(token, secret);
  return id === null ? null : id.id;
}

async function checkToken(token: string, secret: string): Promise<{ id: number } | null> {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every(isCanonicalBase64Url)) return null;
  try {
    // hono/jwt checks the algorithm, the signature and exp when present; exp is required here.
    const payload = await verify(token, secret, "HS256");
    if (typeof payload.exp !== "number" || typeof payload.sub !== "string" || !CANONICAL_ID.test(payload.sub)) return null;
    const id = Number(payload.sub);
    if (!Number.isSafeInteger(id)) return null;
    if (verified.size >= VERIFIED_MAX) verified.clear();
    verified.set(token, { secret, id, exp: payload.exp });
    return { id };
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
