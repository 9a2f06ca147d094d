// The ledger's conflict check under contention: checks of the same bookings
// that overlap in time share one database read, and each judges changes
// against the ledger as it was when that read began.
import { describe, expect, it } from "vitest";
import type { Interval } from "../../worker/ledger/intervals.js";
import { type BookingState, sharedConflictRead } from "../../worker/ledger/verify.js";

const interval = (bookingId: number, start: string): Interval => ({ key: `b:${bookingId}`, bookingId, start, end: start.replace("10:", "11:"), status: "pending", holdExpiresAt: null });
const row = (id: number, startAt: string): BookingState => ({ id, staffId: 1, startAt, endAt: startAt.replace("10:", "11:"), status: "pending", holdExpiresAt: null });

/** A read whose answers the test releases by hand, counting the calls. */
function manualRead() {
  const calls: { ids: number[]; resolve: (rows: BookingState[]) => void; reject: (e: Error) => void }[] = [];
  const read = (ids: number[]) => new Promise<BookingState[]>((resolve, reject) => calls.push({ ids, resolve, reject }));
  return { calls, read };
}

describe("sharedConflictRead", () => {
  it("reads once for checks of the same bookings that meet while the read is under way, with the first check's view", async () => {
    const { calls, read } = manualRead();
    const shared = sharedConflictRead(read);
    const first = shared([7], [interval(7, "2026-06-01T10:00:00.000Z")]);
    const second = shared([7], [interval(7, "2026-06-01T10:30:00.000Z")]);
    expect(calls).toHaveLength(1);
    calls[0]!.resolve([row(7, "2026-06-01T10:00:00.000Z")]);
    const [a, b] = await Promise.all([first, second]);
    expect(a.rows).toEqual([row(7, "2026-06-01T10:00:00.000Z")]);
    expect(b.rows).toBe(a.rows);
    // The joiner judges changes since the read began, not since its own look.
    expect(b.since).toEqual([interval(7, "2026-06-01T10:00:00.000Z")]);
  });

  it("reads again once the shared read has answered, and separately for other bookings", async () => {
    const { calls, read } = manualRead();
    const shared = sharedConflictRead(read);
    const first = shared([7], [interval(7, "2026-06-01T10:00:00.000Z")]);
    const other = shared([8, 7], [interval(8, "2026-06-01T10:00:00.000Z"), interval(7, "2026-06-01T10:00:00.000Z")]);
    expect(calls.map((c) => c.ids)).toEqual([[7], [8, 7]]);
    calls[0]!.resolve([]);
    calls[1]!.resolve([]);
    await Promise.all([first, other]);
    const later = shared([7], [interval(7, "2026-06-01T10:00:00.000Z")]);
    expect(calls).toHaveLength(3);
    calls[2]!.resolve([row(7, "2026-06-01T10:00:00.000Z")]);
    expect((await later).rows).toHaveLength(1);
  });

  it("fails every check that shared a failed read, and the next check reads anew", async () => {
    const { calls, read } = manualRead();
    const shared = sharedConflictRead(read);
    const first = shared([7], []);
    const second = shared([7], []);
    calls[0]!.reject(new Error("database unreachable"));
    await expect(first).rejects.toThrow("database unreachable");
    await expect(second).rejects.toThrow("database unreachable");
    const third = shared([7], []);
    expect(calls).toHaveLength(2);
    calls[1]!.resolve([]);
    await expect(third).resolves.toEqual({ since: [], rows: [] });
  });
});
