// The session's tokens live in localStorage so that every tab and a reload
// keep the sign-in; the service worker reads its own copy of the access token
// from IndexedDB (TOKEN_KV). The access token lasts an hour; the refresh
// token, sent only to POST /auth/refresh, renews it until the session ends.
const TOKEN_KEY = "salon.token";
const REFRESH_KEY = "salon.refresh";
/** The service worker has no localStorage: the access token is mirrored here. */
export const TOKEN_KV = "session.token";

function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value) globalThis.localStorage?.setItem(key, value);
    else globalThis.localStorage?.removeItem(key);
  } catch {
    // storage blocked: the sign-in lasts for this page only
  }
}

export const readToken = (): string | null => read(TOKEN_KEY);
export const writeToken = (token: string | null): void => write(TOKEN_KEY, token);
export const readRefreshToken = (): string | null => read(REFRESH_KEY);
export const writeRefreshToken = (token: string | null): void => write(REFRESH_KEY, token);

export function authHeader(token: string | null = readToken()): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** A token's payload, read without verifying it (only to renew in time and to pick outbox entries); null if unreadable. */
function claimsOf(token: string): Record<string, unknown> | null {
  try {
    const part = token.split(".")[1];
    if (!part) return null;
    const claims: unknown = JSON.parse(atob(part.replace(/-/g, "+").replace(/_/g, "/")));
    return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** When a token ends (ms); null if unreadable. */
export function tokenExpiry(token: string): number | null {
  const exp = claimsOf(token)?.exp;
  return typeof exp === "number" ? exp * 1000 : null;
}

/** The user id inside a session token; null if unreadable. */
export function userIdOf(token: string): number | null {
  const claims = claimsOf(token);
  const id = Number(claims?.sub ?? claims?.uid);
  return Number.isInteger(id) ? id : null;
}
