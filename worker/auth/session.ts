// Session tokens: HS256 JWTs signed with JWT_SECRET. A sign-in starts a
// session (a row in `sessions`, 30 days at most) and gets two tokens: a
// short access token (1 hour) sent on every request, and a refresh token
// sent only to POST /auth/refresh to get the next access token. Both name
// the session; the user is read through it on every request together with
// the role, so a sign-out, "sign out everywhere", a role change or a deleted
// account ends every token of those sessions at once, and a leaked access
// token is dead within the hour.
import type { MiddlewareHandler } from "hono";
import { sign, verify } from "hono/jwt";
import type { UserRole } from "../../db/schema.js";
import type { SessionTokens, User } from "../contracts/auth.js";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import type { Db } from "../repo/db.js";
import { requestDb } from "../repo/db.js";
import { createSession, findSessionUser, type Session } from "../repo/sessions.js";

export type SessionUser = User;
export type { Session };

/** How long a sign-in lasts: renewals never reach past it. */
export const SESSION_TTL_SECONDS = 30 * 24 * 3600;
/** How long one access token lasts; the PWA renews it while it is used. */
export const ACCESS_TTL_SECONDS = 3600;

type TokenKind = "access" | "refresh";

/** An access token for the session, ending within the hour and never after the session. */
export async function issueToken(user: Pick<User, "id" | "role">, session: { id: number; expiresAt: string }, secret: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = Math.min(iat + ACCESS_TTL_SECONDS, Math.floor(Date.parse(session.expiresAt) / 1000));
  const token = await sign({ sub: String(user.id), sid: String(session.id), typ: "access", role: user.role, iat, exp }, secret, "HS256");
  return { token, expiresAt: new Date(exp * 1000) };
}

/** The refresh token of a session: lives as long as the session, good only for POST /auth/refresh. */
export async function issueRefreshToken(userId: number, session: { id: number; expiresAt: string }, secret: string, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return sign({ sub: String(userId), sid: String(session.id), typ: "refresh", iat, exp: Math.floor(Date.parse(session.expiresAt) / 1000) }, secret, "HS256");
}

/** A new sign-in on a device: its session and both tokens. */
export async function startSession(db: Db, user: User, secret: string, now: Date): Promise<SessionTokens> {
  const session = await createSession(db, user.id, new Date(now.getTime() + SESSION_TTL_SECONDS * 1000));
  return sessionTokens(user, session, secret, now);
}

/** The answer of a sign-in or a renewal: a fresh access token, the session's refresh token, the user. */
export async function sessionTokens(user: User, session: { id: number; expiresAt: string }, secret: string, now: Date): Promise<SessionTokens> {
  const [{ token, expiresAt }, refreshToken] = await Promise.all([issueToken(user, session, secret, now), issueRefreshToken(user.id, session, secret, now)]);
  return { token, expires_at: expiresAt.toISOString(), refresh_token: refreshToken, session_expires_at: new Date(Date.parse(session.expiresAt)).toISOString(), user };
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
 * Whether its session still lives is a database question, asked per request.
 */
const verified = new Map<string, { secret: string; kind: TokenKind; session: Session; exp: number }>();
const VERIFIED_MAX = 5_000;

/** The session a valid token of this kind names, or null. Strict: these tokens are only ever ours. */
export async function sessionFromToken(token: string, secret: string, kind: TokenKind = "access"): Promise<Session | null> {
  const known = verified.get(token);
  if (known && known.secret === secret) {
    if (known.exp <= Math.floor(Date.now() / 1000)) {
      verified.delete(token); // as hono/jwt judges exp
      return null;
    }
    return known.kind === kind ? known.session : null;
  }
  const checked = await checkToken(token, secret);
  return checked && checked.kind === kind ? checked.session : null;
}

async function checkToken(token: string, secret: string): Promise<{ kind: TokenKind; session: Session } | null> {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every(isCanonicalBase64Url)) return null;
  try {
    // hono/jwt checks the algorithm, the signature and exp when present; exp is required here.
    const payload = await verify(token, secret, "HS256");
    if (typeof payload.exp !== "number" || typeof payload.sub !== "string" || typeof payload.sid !== "string") return null;
    if (!CANONICAL_ID.test(payload.sub) || !CANONICAL_ID.test(payload.sid)) return null;
    if (payload.typ !== "access" && payload.typ !== "refresh") return null;
    const session = { userId: Number(payload.sub), sessionId: Number(payload.sid) };
    if (!Number.isSafeInteger(session.userId) || !Number.isSafeInteger(session.sessionId)) return null;
    if (verified.size >= VERIFIED_MAX) verified.clear();
    verified.set(token, { secret, kind: payload.typ, session, exp: payload.exp });
    return { kind: payload.typ, session };
  } catch {
    return null;
  }
}

/**
 * The session a request's access token names, checked without the database.
 * A handler that reads the user together with its other reads (one round
 * trip instead of two) passes what findSessionUser read to signedInUser.
 */
export async function requestSession(authorization: string | undefined, secret: string): Promise<Session> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match) throw new AppError("unauthorized", "Sign in first: send Authorization: Bearer <token>");
  const session = await sessionFromToken(match[1]!, secret);
  if (session === null) throw invalidSession();
  return session;
}

export const invalidSession = () => new AppError("unauthorized", "The session is invalid or has expired; sign in again");

/** The user a valid token names, if their session is live and they hold one of `roles` (any role when none). */
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
    const session = await requestSession(c.req.header("authorization"), c.env.JWT_SECRET);
    c.set("user", signedInUser(await findSessionUser(requestDb(c), session), roles));
    c.set("session", session);
    await next();
  };
}
