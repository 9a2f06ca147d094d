// Sessions (one per sign-in on a device). The user behind a request is read
// only through a live session of theirs, in the same single query that reads
// the user, so ending a session costs no extra round trip on later requests.
import { and, eq, getTableColumns, isNull } from "drizzle-orm";
import type { User } from "../contracts/auth.js";
import { type Db, schema as s } from "./db.js";
import { param, prepared } from "./prepared.js";
import { toUser } from "./users.js";

/** What a session token names: the user and their session. */
export interface Session {
  userId: number;
  sessionId: number;
}

const liveSessionUser = prepared((db) =>
  db
    .select({ ...getTableColumns(s.users), sessionExpiresAt: s.sessions.expiresAt })
    .from(s.users)
    .innerJoin(s.sessions, and(eq(s.sessions.id, param("sid")), eq(s.sessions.userId, s.users.id), isNull(s.sessions.revokedAt)))
    .where(and(eq(s.users.id, param("id")), isNull(s.users.deletedAt)))
    .limit(1)
    .prepare(),
);

/** The user of a session that has not been ended, with the session's own end; null otherwise. */
export async function findSessionUserWithExpiry(db: Db, session: Session): Promise<{ user: User; sessionExpiresAt: string } | null> {
  const row = await liveSessionUser(db).get({ id: session.userId, sid: session.sessionId });
  return row ? { user: toUser(row), sessionExpiresAt: row.sessionExpiresAt } : null;
}

/** The user of a live session, or null (signed out, ended elsewhere, account deleted). */
export async function findSessionUser(db: Db, session: Session): Promise<User | null> {
  return (await findSessionUserWithExpiry(db, session))?.user ?? null;
}

export async function createSession(db: Db, userId: number, expiresAt: Date): Promise<{ id: number; expiresAt: string }> {
  const [row] = await db.insert(s.sessions).values({ userId, expiresAt: expiresAt.toISOString() }).returning({ id: s.sessions.id, expiresAt: s.sessions.expiresAt });
  return row!;
}

/** Ends one session (this device's sign-out). */
export function endSession(db: Db, session: Session, now: Date) {
  return db
    .update(s.sessions)
    .set({ revokedAt: now.toISOString() })
    .where(and(eq(s.sessions.id, session.sessionId), eq(s.sessions.userId, session.userId), isNull(s.sessions.revokedAt)));
}

/** Ends every session of a user: "sign out everywhere", a role change, a deleted account. A statement, so it can join a batch. */
export function endAllSessions(db: Db, userId: number, now: Date) {
  return db.update(s.sessions).set({ revokedAt: now.toISOString() }).where(and(eq(s.sessions.userId, userId), isNull(s.sessions.revokedAt)));
}
