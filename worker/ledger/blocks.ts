// Time blocks in a master's ledger (rule 10 in worker/booking/README.md):
// claimed like a booking, check and claim with no await in between, then the
// `time_blocks` row. A class session holds its master's time as one block.
import { log } from "../lib/log.js";
import { type BlockRow, insertBlock, type NewBlock, removeBlock, retimeBlock } from "../repo/blocks.js";
import type { LedgerCore } from "./core.js";
import { blockKey } from "./intervals.js";
import type { BlockResult } from "./results.js";
import type { Grant, Span } from "./standing.js";

const unavailable = { ok: false, reason: "unavailable" } as const;

export async function claimBlock(core: LedgerCore, input: NewBlock): Promise<BlockResult> {
  const { intervals } = core;
  core.passOnLapsed();
  const conflicts = intervals.overlapping(input.startAt, input.endAt).map(({ start, end }) => ({ start, end }));
  if (conflicts.length > 0) return { ok: false, reason: "overlap", conflicts };
  const key = intervals.claim({ start: input.startAt, end: input.endAt, status: "block", holdExpiresAt: null });
  try {
    const block = await insertBlock(core.db(), input);
    intervals.rekey(key, blockKey(block.id));
    return { ok: true, block };
  } catch (error) {
    intervals.release(key);
    log("error", "ledger: block write failed", { error: String(error) });
    return unavailable;
  }
}

/**
 * Moves a block to [start, end): the new time is claimed first (the block's
 * own old time is not in its way), the row updated, then the old time given
 * back (and held for the first wish it fits). `granted` collects those holds.
 */
export async function moveBlock(core: LedgerCore, blockId: number, next: Span, granted: Grant[]): Promise<BlockResult> {
  const { intervals } = core;
  const own = blockKey(blockId);
  core.passOnLapsed();
  const conflicts = intervals.overlapping(next.start, next.end, { key: own }).map(({ start, end }) => ({ start, end }));
  if (conflicts.length > 0) return { ok: false, reason: "overlap", conflicts };
  const key = intervals.claim({ start: next.start, end: next.end, status: "block", holdExpiresAt: null });
  let block;
  try {
    block = await retimeBlock(core.db(), blockId, next.start, next.end);
  } catch (error) {
    intervals.release(key);
    log("error", "ledger: block move failed", { error: String(error) });
    return unavailable;
  }
  if (!block) {
    intervals.release(key);
    return unavailable;
  }
  const old = intervals.byKey(own);
  intervals.release(own);
  intervals.rekey(key, own);
  if (old) granted.push(...core.standing.grantFrom(old));
  return { ok: true, block };
}

export type UnblockResult = { ok: true; block: BlockRow | null } | { ok: false; reason: "unavailable" };

/** Removes a block: the row is kept (removed_at), the time is free again (or held for the first wish it fits). */
export async function unblock(core: LedgerCore, staffId: number, blockId: number, at: string): Promise<UnblockResult> {
  let block: BlockRow | null;
  try {
    block = await removeBlock(core.db(), blockId, at);
  } catch (error) {
    log("error", "ledger: unblock failed", { error: String(error) });
    return unavailable;
  }
  await core.settleHolds(staffId, core.release(blockKey(blockId)));
  return { ok: true, block };
}
