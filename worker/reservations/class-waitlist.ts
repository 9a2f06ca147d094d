// The waitlist of a full class session: the entry's wish lives in the
// session's ledger (`class:<id>`) with one span, the session itself, so a
// seat freed by a cancel, an unpaid hold running out or added seats is held
// for the first waiting customer in the step that frees it (rule 12 in
// worker/booking/README.md, with the class's seat count instead of a
// master's free time). Recording the offer and telling the customer are the
// waitlist's as for any hold (waitlist-offers.ts); the customer books it
// through /waitlist/{id}/confirm.
import type { User } from "../contracts/auth.js";
import type { WaitlistEntry } from "../contracts/waitlist.js";
import { instantToWall } from "../booking/zoned-time.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { openClassLedger } from "../ledger/staff-ledger.js";
import type { Grant, Wish } from "../ledger/standing.js";
import { accountLoad } from "../repo/account-load.js";
import { type ClassRow, findClass } from "../repo/classes.js";
import type { Db } from "../repo/db.js";
import { loadSettings, type SalonSettings } from "../repo/settings.js";
import { endEntry, findOpenTwin, insertEntry, liveClassOffersOf, openClassEntries, type WaitlistRow } from "../repo/waitlist.js";
import { ensureMayJoinWaitlist } from "./account-caps.js";
import { holdKeyOf } from "./waitlist-wishes.js";

const priorityOf = (e: WaitlistRow) => `${e.createdAt}#${String(e.id).padStart(12, "0")}`;

function wishOf(entry: WaitlistRow, session: ClassRow, settings: SalonSettings): Wish {
  return {
    key: holdKeyOf(entry.id),
    priority: priorityOf(entry),
    holdMs: settings.waitlistHoldMin * 60_000,
    noticeMs: settings.minNoticeMin * 60_000,
    spans: [{ start: session.startAt, end: session.endAt }],
  };
}

/** Joins the waitlist of a session; joining again returns the open entry. The wish is in the ledger before this answers. */
export async function joinClassWaitlist(db: Db, env: Env, user: User, classId: number, now: Date, view: (row: WaitlistRow) => Promise<WaitlistEntry>): Promise<{ entry: WaitlistEntry; created: boolean }> {
  const [session, settings] = await Promise.all([findClass(db, classId), loadSettings(db)]);
  if (!session) throw new AppError("not_found", `Class session ${classId} does not exist`);
  if (session.status !== "scheduled") throw new AppError("class_cancelled", "This class session was cancelled");
  if (Date.parse(session.startAt) <= now.getTime()) throw new AppError("in_past", "This class session has already started");
  const date = instantToWall(new Date(session.startAt), settings.timeZone).date;
  const wish = { userId: user.id, serviceId: session.serviceId, staffId: session.staffId, date, fromTime: null, toTime: null, classId };
  const [twin, load] = await Promise.all([findOpenTwin(db, wish), accountLoad(db, user.id, now, date)]);
  if (!twin) ensureMayJoinWaitlist(user, load, settings);
  const row = twin ?? (await insertEntry(db, wish));
  if (row.state === "waiting") {
    const { ledger } = await openClassLedger(env, classId, settings.generation);
    await ledger.wish(session.staffId, wishOf(row, session, settings));
  }
  return { entry: await view(row), created: !twin };
}

/** Lets a class entry's hold or wish go in its session's ledger (the entry has ended). */
export async function releaseClassEntry(env: Env, row: WaitlistRow): Promise<void> {
  const { ledger } = await openClassLedger(env, row.classId!);
  if (row.state === "offered") await ledger.releaseHold(row.staffId!, holdKeyOf(row.id));
  else await ledger.withdraw(row.staffId!, [holdKeyOf(row.id)]);
}

/** A cancelled session's queue ends: nobody waits for a seat that will not be. */
export async function cancelClassWaitlist(db: Db, classId: number): Promise<void> {
  for (const row of await openClassEntries(db, classId)) await endEntry(db, row.id, ["waiting", "offered"], "cancelled");
}

/** A session ledger's state from the database after a reload: the live offers, and the wishes of the waiting. */
export async function classStanding(db: Db, classId: number, at: string): Promise<{ holds: Grant[]; wishes: Wish[] }> {
  const [offers, open, session, settings] = await Promise.all([liveClassOffersOf(db, classId, at), openClassEntries(db, classId), findClass(db, classId), loadSettings(db)]);
  const holds = offers.map((o) => ({ key: holdKeyOf(o.id), start: o.offerStartAt!, end: o.offerEndAt!, expiresAt: o.offerExpiresAt! }));
  const wishes = session ? open.filter((e) => e.state === "waiting").map((e) => wishOf(e, session, settings)) : [];
  return { holds, wishes };
}
