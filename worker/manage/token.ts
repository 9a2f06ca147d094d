// Signed links that let a customer act on one booking without signing in.
// A token names the booking and the state it was issued for (its start and
// master): moving the booking changes that state, so older links stop working,
// and a cancelled booking refuses every link. Format (URL-safe, no padding):
//   <purpose><booking id>-<start, unix seconds base36>-<master id>-<expiry base36>.<HMAC-SHA256, base64url>
// The key is JWT_SECRET; the purpose letter and the "manage-link" label keep
// these signatures apart from session tokens.
const encoder = new TextEncoder();

export type LinkPurpose = "manage" | "review";
const letters: Record<LinkPurpose, string> = { manage: "m", review: "r" };

export interface LinkClaims {
  purpose: LinkPurpose;
  bookingId: number;
  /** The booking's start as issued (UTC, whole seconds). */
  startAt: string;
  staffId: number | null;
  /** When the link stops working. */
  expiresAt: Date;
}

const DAY = 86_400_000;
/** A manage link works until a day after the visit; a review link for 30 days after it. */
export const linkLifetimeAfterStartMs: Record<LinkPurpose, number> = { manage: DAY, review: 30 * DAY };

async function hmac(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const bytes = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`manage-link:${text}`)));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function signLink(secret: string, claims: Omit<LinkClaims, "expiresAt"> & { expiresAt?: Date }): Promise<string> {
  const startSec = Math.floor(Date.parse(claims.startAt) / 1000);
  const expires = claims.expiresAt ?? new Date(startSec * 1000 + linkLifetimeAfterStartMs[claims.purpose]);
  const body = `${letters[claims.purpose]}${claims.bookingId}-${startSec.toString(36)}-${claims.staffId ?? 0}-${Math.floor(expires.getTime() / 1000).toString(36)}`;
  return `${body}.${await hmac(secret, body)}`;
}

const SHAPE = /^([mr])([1-9]\d{0,15})-([0-9a-z]{1,10})-(0|[1-9]\d{0,15})-([0-9a-z]{1,10})\.([A-Za-z0-9_-]{43})$/;

/** The claims of a token we signed (expired or not), or null for anything else. */
export async function readLink(secret: string, token: string): Promise<LinkClaims | null> {
  const match = SHAPE.exec(token);
  if (!match) return null;
  const [, letter, id, start, staff, expiry, signature] = match as unknown as string[];
  const expected = await hmac(secret, token.slice(0, token.lastIndexOf(".")));
  // Compare in full, without stopping at the first difference.
  let diff = expected.length ^ signature!.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ (signature!.charCodeAt(i) || 0);
  if (diff !== 0) return null;
  return {
    purpose: letter === "m" ? "manage" : "review",
    bookingId: Number(id),
    startAt: new Date(parseInt(start!, 36) * 1000).toISOString(),
    staffId: staff === "0" ? null : Number(staff),
    expiresAt: new Date(parseInt(expiry!, 36) * 1000),
  };
}

/** Whether a booking is still in the state a link was issued for. */
export function sameState(claims: LinkClaims, booking: { id: number; startAt: string; staffId: number | null }): boolean {
  return (
    claims.bookingId === booking.id &&
    Math.floor(Date.parse(claims.startAt) / 1000) === Math.floor(Date.parse(booking.startAt) / 1000) &&
    claims.staffId === booking.staffId
  );
}
