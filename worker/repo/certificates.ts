// Gift certificate rows. The balance changes only through the guarded
// statements here: one UPDATE whose new balance is -1 when the certificate may
// not be spent (CHECK balance >= 0 then refuses the whole batch), paired with
// an append-only ledger row keyed by a dedupe key, so a retried or raced
// spend can never take the money twice.
import type { InStatement, InValue } from "@libsql/client/web";
import { and, desc, eq, like, or, type SQL } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";
import { param, prepared } from "./prepared.js";

export type CertificateRow = typeof s.certificates.$inferSelect;
export type CertificateTypeRow = typeof s.certificateTypes.$inferSelect;
export type NewCertificate = typeof s.certificates.$inferInsert;

const byCode = prepared((db) => db.select().from(s.certificates).where(eq(s.certificates.code, param("code"))).limit(1).prepare());

/** The certificate with this normalised code (a read that joins the caller's read batch). */
export async function certificateByCode(db: Db, code: string): Promise<CertificateRow | null> {
  return (await byCode(db).get({ code })) ?? null;
}

export async function findCertificate(db: Db, id: number): Promise<CertificateRow | null> {
  const [row] = await db.select().from(s.certificates).where(eq(s.certificates.id, id)).limit(1);
  return row ?? null;
}

export async function insertCertificate(db: Db, row: NewCertificate): Promise<CertificateRow> {
  const [inserted] = await db.insert(s.certificates).values(row).returning();
  return inserted!;
}

export async function certificateBySaleKey(db: Db, saleKey: string): Promise<CertificateRow | null> {
  const [row] = await db.select().from(s.certificates).where(eq(s.certificates.saleKey, saleKey)).limit(1);
  return row ?? null;
}

export async function certificateByProviderPayment(db: Db, provider: string, providerPaymentId: string): Promise<CertificateRow | null> {
  const [row] = await db
    .select()
    .from(s.certificates)
    .where(and(eq(s.certificates.provider, provider), eq(s.certificates.providerPaymentId, providerPaymentId)))
    .limit(1);
  return row ?? null;
}

export async function updateCertificate(db: Db, id: number, set: Partial<NewCertificate>, onlyIf?: SQL): Promise<CertificateRow | null> {
  const [row] = await db
    .update(s.certificates)
    .set({ ...set, updatedAt: new Date().toISOString() })
    .where(onlyIf ? and(eq(s.certificates.id, id), onlyIf) : eq(s.certificates.id, id))
    .returning();
  return row ?? null;
}

export async function listCertificates(db: Db, f: { q?: string; status?: CertificateRow["status"]; limit: number; offset: number }): Promise<CertificateRow[]> {
  const conditions: SQL[] = [];
  if (f.status) conditions.push(eq(s.certificates.status, f.status));
  if (f.q) {
    const text = `%${f.q.replace(/[%_]/g, "")}%`;
    conditions.push(or(like(s.certificates.code, text.toUpperCase().replace(/-/g, "")), like(s.certificates.recipientName, text), like(s.certificates.recipientPhone, text), like(s.certificates.recipientEmail, text))!);
  }
  return db.select().from(s.certificates).where(and(...conditions)).orderBy(desc(s.certificates.id)).limit(f.limit).offset(f.offset);
}

export async function ledgerOf(db: Db, certificateId: number) {
  return db.select().from(s.certificateLedger).where(eq(s.certificateLedger.certificateId, certificateId)).orderBy(s.certificateLedger.id);
}

/** A batch that failed because a certificate could not pay what it was asked to (the CHECK on its balance). */
export function isCertificateRefusal(error: unknown): boolean {
  const text = `${(error as Error)?.message ?? ""} ${String((error as { cause?: unknown })?.cause ?? "")}`;
  return text.includes("certificates_balance_not_negative");
}

/**
 * The spend of a new booking, for its write batch right after the booking
 * insert (the booking is the newest row). Refuses the batch when the
 * certificate is no longer active, has expired, or lacks the amount.
 */
export function bookingSpendStatements(spend: { certificateId: number; amountMinor: number; now: string }): InStatement[] {
  return [
    {
      sql: `update certificates set balance_minor = case when status = 'active' and expires_at > ? then balance_minor - ? else -1 end, updated_at = ? where id = ?`,
      args: [spend.now, spend.amountMinor, spend.now, spend.certificateId],
    },
    {
      sql: `insert into certificate_ledger (certificate_id, booking_id, amount_minor, kind, dedupe_key) values (?, (select max(id) from bookings), ?, 'spend', 'spend:booking:' || (select max(id) from bookings))`,
      args: [spend.certificateId, -spend.amountMinor],
    },
  ];
}

export interface BalanceChange {
  certificateId: number;
  /** Negative takes money off, positive gives it back. */
  deltaMinor: number;
  kind: (typeof s.certificateLedger.$inferInsert)["kind"];
  dedupeKey: string;
  bookingId?: number | null;
  actorId?: number | null;
  now: string;
  /** A further condition the change applies under, checked in the same statement (SQL with its arguments). */
  onlyIf?: { sql: string; args: InValue[] };
}

/**
 * One guarded change: the UPDATE applies only if the dedupe key is new, and
 * a spend only to an active, unexpired certificate with enough balance (else
 * the CHECK refuses the batch); the ledger row follows only if it applied.
 * `extra` statements (e.g. the booking's share) run in the same batch.
 */
export async function changeBalance(db: Db, c: BalanceChange, extra: InStatement[] = []): Promise<"applied" | "replayed" | "not_active"> {
  const spending = c.deltaMinor < 0 && c.kind === "spend";
  const also = c.onlyIf ? ` and (${c.onlyIf.sql})` : "";
  const alsoArgs = c.onlyIf?.args ?? [];
  const update: InStatement = spending
    ? {
        sql: `update certificates set balance_minor = case when status = 'active' and expires_at > ? then balance_minor + ? else -1 end, updated_at = ? where id = ? and not exists (select 1 from certificate_ledger where dedupe_key = ?)${also}`,
        args: [c.now, c.deltaMinor, c.now, c.certificateId, c.dedupeKey, ...alsoArgs],
      }
    : {
        sql: `update certificates set balance_minor = balance_minor + ?, updated_at = ? where id = ? and status = 'active' and not exists (select 1 from certificate_ledger where dedupe_key = ?)${also}`,
        args: [c.deltaMinor, c.now, c.certificateId, c.dedupeKey, ...alsoArgs],
      };
  const ledger: InStatement = {
    sql: `insert into certificate_ledger (certificate_id, booking_id, amount_minor, kind, dedupe_key, actor_id) select ?, ?, ?, ?, ?, ? where changes() = 1`,
    args: [c.certificateId, c.bookingId ?? null, c.deltaMinor, c.kind, c.dedupeKey, c.actorId ?? null],
  };
  // Each extra statement must itself be guarded by `changes() = 1` (the ledger row went in).
  const results = await db.$client.batch([update, ledger, ...extra], "write");
  if (results[0]!.rowsAffected === 1) return "applied";
  const [seen] = await db.select({ id: s.certificateLedger.id }).from(s.certificateLedger).where(eq(s.certificateLedger.dedupeKey, c.dedupeKey)).limit(1);
  return seen ? "replayed" : "not_active";
}

export async function listTypes(db: Db, includeInactive: boolean): Promise<CertificateTypeRow[]> {
  const q = db.select().from(s.certificateTypes);
  return includeInactive ? q.orderBy(s.certificateTypes.id) : q.where(eq(s.certificateTypes.active, true)).orderBy(s.certificateTypes.id);
}

export async function findType(db: Db, id: number): Promise<CertificateTypeRow | null> {
  const [row] = await db.select().from(s.certificateTypes).where(eq(s.certificateTypes.id, id)).limit(1);
  return row ?? null;
}

export async function listBought(db: Db, buyerUserId: number): Promise<CertificateRow[]> {
  return db.select().from(s.certificates).where(eq(s.certificates.buyerUserId, buyerUserId)).orderBy(desc(s.certificates.id)).limit(50);
}

export async function ledgerEntryByKey(db: Db, dedupeKey: string) {
  const [row] = await db.select().from(s.certificateLedger).where(eq(s.certificateLedger.dedupeKey, dedupeKey)).limit(1);
  return row ?? null;
}
