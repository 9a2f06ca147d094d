// Who is signed in. The tokens are in localStorage (the access token mirrored
// to IndexedDB for the service worker; renewed by renew.ts as the app is
// used); the user is in IndexedDB so that the app knows who it is offline,
// and refreshed from GET /me when the network is there.
import { createSignal } from "solid-js";
import * as v from "valibot";
import { type ConsentStatus, User } from "../../../worker/contracts/auth";
import { ApiRequestError } from "./api";
import { kvGet, kvSet } from "./db";
import { getMe, logout, logoutEverywhere, requestOtp, verifyOtp } from "./endpoints";
import { forgetDeviceData } from "./legal";
import { kickOutbox } from "./outbox-client";
import { onSessionEnded } from "./renew";
import { TOKEN_KV, readToken, writeRefreshToken, writeToken } from "./token";

const USER_KV = "session.user";

const [user, setUser] = createSignal<User | null>(null);
const [sessionReady, setSessionReady] = createSignal(false);
// consent: where the signed-in person stands with the personal-data consent (null until the server said).
const [consent, setConsent] = createSignal<ConsentStatus | null>(null);
export { user, sessionReady, consent, setConsent };

let started: Promise<void> | null = null;

// The server refused to renew: forget the session here too (queued outbox items stay for the next sign-in).
onSessionEnded(() => void forgetSession());

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
      // The server ended the session: forget it, but keep what waits in the outbox for the next sign-in.
      if (err instanceof ApiRequestError && err.status === 401) await forgetSession();
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
  writeRefreshToken(result.refresh_token);
  await kvSet(TOKEN_KV, result.token);
  await kvSet(USER_KV, result.user);
  setUser(result.user);
  // Bookings queued while the last session had ended go out now.
  void kickOutbox();
  return result.user;
}

/**
 * Signs this device out: its session ends on the server (when it can be
 * reached), and the account's data on this device (saved bookings, outbox,
 * drafts) is forgotten.
 */
export async function signOut(): Promise<void> {
  if (readToken()) await logout().catch(() => undefined);
  await forgetSession();
  await forgetDeviceData();
}

/** Ends every session of the account (this one too); throws when the server could not be told. */
export async function signOutEverywhere(): Promise<void> {
  await logoutEverywhere();
  await forgetSession();
  await forgetDeviceData();
}

/** Forgets the session here; an ended session (renewal refused) keeps the outbox, a sign-out also calls forgetDeviceData. */
async function forgetSession(): Promise<void> {
  writeToken(null);
  writeRefreshToken(null);
  await kvSet(TOKEN_KV, undefined);
  await kvSet(USER_KV, undefined);
  setUser(null);
  setConsent(null);
}

export const isStaff = () => user()?.role === "staff" || user()?.role === "admin";

/** After the profile changed: the new user, kept for offline starts too. */
export async function rememberUser(next: User): Promise<void> {
  setUser(next);
  await kvSet(USER_KV, next);
}
