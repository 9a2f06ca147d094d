// Who is signed in. The token is in localStorage (and mirrored to IndexedDB
// for the service worker); the user is in IndexedDB so that the app knows
// who it is offline, and refreshed from GET /me when the network is there.
import { createSignal } from "solid-js";
import * as v from "valibot";
import { type ConsentStatus, User } from "../../../worker/contracts/auth";
import { ApiRequestError } from "./api";
import { kvGet, kvSet } from "./db";
import { getMe, requestOtp, verifyOtp } from "./endpoints";
import { forgetDeviceData } from "./legal";
import { TOKEN_KV } from "./outbox";
import { readToken, writeToken } from "./token";

const USER_KV = "session.user";

const [user, setUser] = createSignal<User | null>(null);
const [sessionReady, setSessionReady] = createSignal(false);
// consent: where the signed-in person stands with the personal-data consent (null until the server said).
const [consent, setConsent] = createSignal<ConsentStatus | null>(null);
export { user, sessionReady, consent, setConsent };

let started: Promise<void> | null = null;

/** Restores the session once per page: saved user first, then GET /me when online. */
export function initSession(): Promise<void> {
  started ??= (async () => {
    const token = readToken();
    if (!token) {
      await kvSet(TOKEN_KV, undefined);
      setSessionReady(true);
      return;
    }
    await kvSet(TOKEN_KV, token);
    const saved = v.safeParse(User, await kvGet(USER_KV));
    if (saved.success) setUser(saved.output);
    setSessionReady(true);
    if (typeof navigator !== "undefined" && navigator.onLine === false) return;
    try {
      const me = await getMe();
      setUser(me.user);
      setConsent(me.consent);
      await kvSet(USER_KV, me.user);
    } catch (err) {
      if (err instanceof ApiRequestError && err.status === 401) await signOut();
    }
  })();
  return started;
}

export const sendCode = (phone: string) => requestOtp(phone);

/** `consentVersion`: the personal-data consent the person ticked (asked for by a 422 consent_required). */
export async function signIn(phone: string, code: string, name?: string, consentVersion?: number): Promise<User> {
  const result = await verifyOtp(phone, code, name, consentVersion);
  setConsent(result.consent);
  writeToken(result.token);
  await kvSet(TOKEN_KV, result.token);
  await kvSet(USER_KV, result.user);
  setUser(result.user);
  return result.user;
}

/** Ends the session and forgets the account's data on this device (saved bookings, outbox, drafts). */
export async function signOut(): Promise<void> {
  writeToken(null);
  await kvSet(TOKEN_KV, undefined);
  await kvSet(USER_KV, undefined);
  await forgetDeviceData();
  setUser(null);
  setConsent(null);
}

export const isStaff = () => user()?.role === "staff" || user()?.role === "admin";

/** After the profile changed: the new user, kept for offline starts too. */
export async function rememberUser(next: User): Promise<void> {
  setUser(next);
  await kvSet(USER_KV, next);
}
