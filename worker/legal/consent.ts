// The personal-data consent (152-FZ as amended by 156-FZ): a separate
// document, given by ticking a box, kept as proof with the text's version,
// the time and a truncated client address. A new version of the text asks
// again. Marketing consent is another kind, never implied by this one.
import { and, desc, eq, isNull } from "drizzle-orm";
import { consents, deletedPeople, users } from "../../db/schema.js";
import type { Db } from "../repo/db.js";
import { currentDocument } from "./documents.js";

export const PERSONAL_DATA = "personal_data" as const;

/** Where the PWA shows the text, named in a 422 consent_required. */
export const CONSENT_PAGE = "/legal/consent";
export const CONSENT_DOCUMENT = "/api/v1/legal/consent";

/**
 * The address with its host part dropped: IPv4 keeps /24, IPv6 /48. Enough to
 * say where a consent came from, not to single out a device. Anything that is
 * not an address is not stored.
 */
export function truncateIp(raw: string | undefined | null): string | null {
  const ip = raw?.trim();
  if (!ip) return null;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) {
    const parts = v4.slice(1, 4).map(Number);
    if (parts.some((p) => p > 255) || Number(v4[4]) > 255) return null;
    return `${parts.join(".")}.0/24`;
  }
  if (!/^[0-9a-f:]+$/i.test(ip) || !ip.includes(":")) return null;
  const [head = "", tail = ""] = ip.split("::");
  if (ip.split("::").length > 2) return null;
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  if (groups.length !== 8 || groups.some((g) => g.length > 4)) return null;
  return `${groups.slice(0, 3).map((g) => parseInt(g || "0", 16).toString(16)).join(":")}::/48`;
}

export interface ConsentState {
  /** The version of the text in force. */
  current: number;
  /** The version this person last agreed to and has not withdrawn; null if none. */
  given: number | null;
  given_at: string | null;
  /** They agreed to an older text: ask again (they keep working meanwhile). */
  needed: boolean;
}

export async function consentState(db: Db, userId: number): Promise<ConsentState> {
  const [doc, [last]] = await Promise.all([
    currentDocument(db, "consent"),
    db
      .select({ version: consents.version, givenAt: consents.givenAt })
      .from(consents)
      .where(and(eq(consents.userId, userId), eq(consents.kind, PERSONAL_DATA), isNull(consents.withdrawnAt)))
      .orderBy(desc(consents.givenAt), desc(consents.id))
      .limit(1),
  ]);
  return { current: doc.version, given: last?.version ?? null, given_at: last?.givenAt ?? null, needed: last?.version !== doc.version };
}

/** Records a consent to this version; the person is no longer a deleted one (they came back and agreed). */
export async function recordConsent(
  db: Db,
  person: { id: number; phoneHash: string },
  version: number,
  ip: string | null,
  now: Date,
): Promise<void> {
  await db.batch([
    db.insert(consents).values({ userId: person.id, kind: PERSONAL_DATA, version, givenAt: now.toISOString(), ip }),
    db.delete(deletedPeople).where(eq(deletedPeople.hash, person.phoneHash)),
  ]);
}

/** The latest version this phone's account agreed to (not withdrawn), or null: no account, or it never agreed. */
async function latestVersionOfPhone(db: Db, phone: string): Promise<number | null> {
  const [row] = await db
    .select({ version: consents.version })
    .from(users)
    .innerJoin(consents, and(eq(consents.userId, users.id), eq(consents.kind, PERSONAL_DATA), isNull(consents.withdrawnAt)))
    .where(eq(users.phone, phone))
    .orderBy(desc(consents.givenAt), desc(consents.id))
    .limit(1);
  return row?.version ?? null;
}

export class ConsentRequired {
  constructor(readonly version: number) {}
}

/**
 * At sign-in: the version to record, or null when nothing is to be recorded.
 * A phone without an account, or an account that never agreed (one the salon
 * booked by phone, or a YClients client), must agree now; an account that
 * agreed to an older text signs in and is asked again in the app (GET /me
 * `consent.needed`), so nobody is locked out by a new version. A consent
 * offered for a version that is not in force is refused, never stored.
 */
export async function consentAtSignIn(db: Db, phone: string, offered: { version: number } | undefined): Promise<number | null | ConsentRequired> {
  const [doc, latest] = await Promise.all([currentDocument(db, "consent"), latestVersionOfPhone(db, phone)]);
  if (offered && offered.version !== doc.version) return new ConsentRequired(doc.version);
  // Ticking the box again for the text already agreed to adds no new proof.
  if (offered) return latest === doc.version ? null : doc.version;
  return latest === null ? new ConsentRequired(doc.version) : null;
}
