// What a ledger answers, and who it serves.
import type { BookingRow } from "../repo/bookings.js";
import type { BlockRow } from "../repo/blocks.js";
import type { Repair } from "./verify.js";

/**
 * Whose time a ledger holds. One Durable Object class serves every kind; the
 * object's name is `<kind>:<id>` (`staff:2`), the name masters' ledgers have
 * always had, so existing ledgers keep their state. A new kind of capacity
 * is a new kind here and a loader of its rows, not a new object: `class`
 * is a class session's seats (seats.ts).
 */
/** `resource`: a room or a machine with units (unit-desk.ts); `class`: a class session's seats (seats.ts). */
export type OwnerKind = "staff" | "resource" | "class";
export interface Owner {
  kind: OwnerKind;
  id: number;
}
export const ownerName = (owner: Owner) => `${owner.kind}:${owner.id}`;

export type Conflicts = { start: string; end: string }[];

export type ReserveResult =
  | { ok: true; booking: BookingRow; replayed: boolean }
  | { ok: false; reason: "overlap"; conflicts: Conflicts }
  | { ok: false; reason: "unavailable" }
  /** The hold the booking was to take over has lapsed or was let go. */
  | { ok: false; reason: "hold_gone" }
  /** certificates: the gift certificate could no longer pay its part (raced, used up, ended): nothing was written. */
  | { ok: false; reason: "certificate_refused" }
  /** abonements: the abonement had no visit left to reserve by the time the booking was written; nothing was. */
  | { ok: false; reason: "abonement_refused" }
  /** promo: the code's limits were reached by the time the booking was written; nothing was. */
  | { ok: false; reason: "promo_refused" };

export type TransitionResult =
  | { ok: true; booking: BookingRow }
  | { ok: false; reason: "wrong_state" | "unavailable" };

export type BlockResult =
  | { ok: true; block: BlockRow }
  | { ok: false; reason: "overlap"; conflicts: Conflicts }
  | { ok: false; reason: "unavailable" };

export type MoveResult =
  | { ok: true; booking: BookingRow }
  | { ok: false; reason: "overlap"; conflicts: Conflicts }
  | { ok: false; reason: "stale" | "unavailable" };

export interface AuditResult {
  staff_id: number;
  /** True when the ledger had met another database and was reloaded from this one. */
  rebuilt: boolean;
  repairs: Repair[];
}
