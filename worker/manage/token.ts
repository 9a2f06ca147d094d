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

/** HMAC-SHA256 of `label:text`, base64url: the label keeps each kind of signed link apart from the others. */
export async function signText(secret: string, label: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const bytes = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`${label}:${text}`)));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Whether a signature is the expected one, compared in full without stopping at the first difference. */
export function signatureMatches(expected: string, given: string): boolean {
  let diff = expected.length ^ given.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ (given.charCodeAt(i) || 0);
  return diff === 0;
}

const hmac = (secret: string, text: string) => signText(secret, "manage-link", text);

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
  if (!signatureMatches(expected, signature!)) return null;
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
