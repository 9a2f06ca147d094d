// What the waitlist does with the holds a master's ledger takes for it: each
// becomes the entry's offer in the database (`offered`, guarded on
// `waiting`), and the customer is told afterwards (push, else SMS). An entry
// that no longer waits refuses its hold, which the ledger passes on at once.
// A hold that ran out makes its entry `lapsed`.
import type { Env } from "../env.js";
import type { Grant } from "../ledger/standing.js";
import type { HoldEvents } from "../ledger/core.js";
import { log } from "../lib/log.js";
import { activeServiceRow, findStaff, staffForService } from "../repo/catalog.js";
import type { Db } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { endEntry, findEntry, liveOffersOf, markOffered, type WaitlistRow } from "../repo/waitlist.js";
import { notifyOffer } from "./waitlist-notify.js";
import { entryIdOf, holdKeyOf, withdrawWishes } from "./waitlist-wishes.js";

/**
 * Records the ledger's hold events; returns the keys of holds refused. What
 * the customer is told (and the withdrawal of an "any master" entry's wishes
 * elsewhere) is handed to `later`, so the ledger's caller does not wait for it.
 */
export async function recordHolds(db: Db, env: Env, staffId: number, events: HoldEvents, later: (work: Promise<unknown>) => void): Promise<string[]> {
  await Promise.all(
    events.lapsed.map((hold) => {
      const id = entryIdOf(hold.key);
      return id === null ? null : endEntry(db, id, ["offered"], "lapsed");
    }),
  );
  const refused: string[] = [];
  const offered: { entry: WaitlistRow; grant: Grant }[] = [];
  for (const grant of events.granted) {
    const id = entryIdOf(grant.key);
    if (id === null) continue;
    const entry = await markOffered(db, id, { staffId, startAt: grant.start, endAt: grant.end, expiresAt: grant.expiresAt });
    if (entry) {
      offered.push({ entry, grant });
      continue;
    }
    const row = await findEntry(db, id);
    // Recorded by an earlier try whose answer was lost: nothing to do.
    if (row?.state === "offered" && row.offerStaffId === staffId && row.offerStartAt === grant.start) continue;
    refused.push(grant.key);
  }
  if (offered.length > 0) later(tellOffers(db, env, staffId, offered));
  return refused;
}

/** Tells each customer of their offer, and takes an "any master" entry's wishes out of the other ledgers. */
async function tellOffers(db: Db, env: Env, staffId: number, offered: { entry: WaitlistRow; grant: Grant }[]): Promise<void> {
  const [{ timeZone }, member] = await Promise.all([loadSettings(db), findStaff(db, staffId)]);
  for (const { entry, grant } of offered) {
    try {
      const service = await activeServiceRow(db, entry.serviceId);
      await notifyOffer(db, env, { entry, service: service?.name ?? "", staff: member?.name ?? "", start: grant.start, expiresAt: grant.expiresAt, zone: timeZone });
      if (entry.staffId === null) {
        const others = (await staffForService(db, entry.serviceId)).map((m) => m.id).filter((id) => id !== staffId);
        await withdrawWishes(env, others, entry.id);
      }
    } catch (error) {
      log("error", "waitlist: offer notification failed", { entry_id: entry.id, error: String(error) });
    }
  }
}

/** The live offers of a master, as the holds its ledger puts back when it (re)loads. */
export async function savedHolds(db: Db, staffId: number, at: string): Promise<Grant[]> {
  const offers = await liveOffersOf(db, staffId, at);
  return offers.map((o) => ({ key: holdKeyOf(o.id), start: o.offerStartAt!, end: o.offerEndAt!, expiresAt: o.offerExpiresAt! }));
}
