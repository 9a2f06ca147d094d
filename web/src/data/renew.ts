// Silent renewal of the access token while the app is used: a request whose
// token ends within a few minutes renews it first, and a 401 renews once and
// retries. A refused renewal means the session ended on the server (signed
// out elsewhere, a role change, 30 days passed): the app signs out cleanly.
// Without a connection nothing is decided: the token is kept, and whatever
// the offline outbox holds waits for the renewal or the next sign-in.
import * as v from "valibot";
import { SessionTokens } from "../../../worker/contracts/auth";
import { kvSet } from "./db";
import { TOKEN_KV, readRefreshToken, readToken, tokenExpiry, writeToken } from "./token";

/** Renew this long before the access token ends, so a request never goes out with a dying one. */
const RENEW_BEFORE_MS = 5 * 60_000;

export type RenewOutcome = "renewed" | "ended" | "unreachable";

const endedListeners = new Set<() => void>();
/** Called when the server refused the renewal: the session is over. */
export function onSessionEnded(listener: () => void): void {
  endedListeners.add(listener);
}

let inflight: Promise<RenewOutcome> | null = null;

/** Trades the refresh token for a new access token; one renewal at a time for the whole page. */
export function renewSession(): Promise<RenewOutcome> {
  inflight ??= (async () => {
    try {
      const refreshToken = readRefreshToken();
      if (!refreshToken) return end();
      let res: Response;
      try {
        res = await fetch("/api/v1/auth/refresh", {
          method: "POST",
          headers: { Accept: "application/json", "Content-Type": "application/json" },
          body: JSON.stringify({ refresh_token: refreshToken }),
          credentials: "same-origin",
        });
      } catch {
        return "unreachable";
      }
      if (res.status === 401) return end();
      if (!res.ok) return "unreachable";
      const parsed = v.safeParse(SessionTokens, await res.json().catch(() => null));
      if (!parsed.success) return "unreachable";
      writeToken(parsed.output.token);
      await kvSet(TOKEN_KV, parsed.output.token);
      return "renewed";
    } finally {
      inflight = null;
    }
  })();
  return inflight;
}

function end(): RenewOutcome {
  for (const listener of endedListeners) listener();
  return "ended";
}

/**
 * The page's access token, renewed first when it ends soon and the device is
 * online. In the service worker (no localStorage) there is none: the outbox
 * there sends what it has, never an ended token (outbox-replay.ts), and a
 * 401 keeps the entry queued for the page.
 */
export async function freshToken(): Promise<string | null> {
  const token = readToken();
  if (!token) return null;
  const exp = tokenExpiry(token);
  const online = typeof navigator === "undefined" || navigator.onLine !== false;
  if (exp !== null && exp - Date.now() < RENEW_BEFORE_MS && online && readRefreshToken()) {
    await renewSession();
    return readToken();
  }
  return token;
}
