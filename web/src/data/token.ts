// The session token lives in localStorage so that every tab and a reload
// keep the sign-in; the service worker reads its own copy from IndexedDB.
const TOKEN_KEY = "salon.token";

export function readToken(): string | null {
  try {
    return globalThis.localStorage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

export function writeToken(token: string | null): void {
  try {
    if (token) globalThis.localStorage?.setItem(TOKEN_KEY, token);
    else globalThis.localStorage?.removeItem(TOKEN_KEY);
  } catch {
    // storage blocked: the sign-in lasts for this page only
  }
}

export function authHeader(token: string | null = readToken()): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}
