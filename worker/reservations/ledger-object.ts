// The Durable Object class the runtime instantiates for every ledger (bound
// as STAFF_LEDGER, class name `StaffLedger`): the ledger primitive
// (worker/ledger/ledger.ts) with the waitlist's answers to its hooks. The
// ledger takes holds for wishes atomically; recording them and telling
// customers is the waitlist's (waitlist-offers.ts); freeing the rooms of
// unpaid holds that ran out is the resources' (resources.ts).
import type { HoldEvents } from "../ledger/core.js";
import { Ledger } from "../ledger/ledger.js";
import type { Grant } from "../ledger/standing.js";
import { openDb } from "../repo/db.js";
import { freeExpiredUnits } from "./resources.js";
import { recordHolds, savedHolds } from "./waitlist-offers.js";
import { classStanding } from "./class-waitlist.js";
import type { ClassStanding } from "../ledger/seats.js";

export class StaffLedger extends Ledger {
  protected override async onHolds(staffId: number, events: HoldEvents): Promise<string[]> {
    const db = openDb(this.env);
    // Before the waitlist is told: the room of a lapsed unpaid booking is free the moment its master's time is.
    await freeExpiredUnits(db, this.env, events.expired ?? []);
    return recordHolds(db, this.env, staffId, events, (work) => this.ctx.waitUntil(work));
  }

  protected override savedHolds(staffId: number, at: string): Promise<Grant[]> {
    return savedHolds(openDb(this.env), staffId, at);
  }

  protected override savedClass(classId: number, at: string): Promise<ClassStanding> {
    return classStanding(openDb(this.env), classId, at);
  }
}
