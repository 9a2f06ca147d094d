// 2e. What the ledger's conflict check costs where it runs: only requests that
// meet a conflict read the database once more, to confirm the booking behind
// it. 200 racing creates on one free slot pay that for nearly every loser; on
// a slot whose booking row was deleted by hand the first one also drops the
// stale interval and wins.
import { connect } from "../db/migrate.js";
import { bookingCall, type LoadResult, runLoad } from "./http.js";
import { ms, summarize, table } from "./stats.js";

const RACERS = 200;
const SERVICE = 3;

function row(name: string, r: LoadResult): string[] {
  const s = summarize(r.outcomes.map((o) => o.ms));
  const count = (status: number) => r.outcomes.filter((o) => o.status === status).length;
  const others = new Map<string, number>();
  for (const o of r.outcomes) {
    if (o.status === 201 || o.status === 409) continue;
    const key = o.status === 0 ? "network error" : String(o.status);
    others.set(key, (others.get(key) ?? 0) + 1);
  }
  const other = [...others].map(([status, n]) => `${n}×${status}`).join(" ") || "0";
  return [name, String(count(201)), String(count(409)), other, ms(r.wallMs), ms(s.p50), ms(s.p99)];
}

export async function racingCreates(opts: { baseUrl: string; dbUrl: string; token: string; staffId: number; date: string }): Promise<string> {
  const race = (time: string) =>
    runLoad(RACERS, RACERS, bookingCall(opts.baseUrl, opts.token, SERVICE, () => ({ staffId: opts.staffId, at: `${opts.date}T${time}` })), [201, 409]);
  const free = await race("12:00");

  // Book 15:00, then delete its row behind the ledger's back.
  const first = await bookingCall(opts.baseUrl, opts.token, SERVICE, () => ({ staffId: opts.staffId, at: `${opts.date}T15:00` }))(0);
  const id = (JSON.parse(first.text) as { booking?: { id: number } }).booking?.id;
  if (first.status !== 201 || id === undefined) throw new Error(`2e: the booking to delete was answered ${first.status}`);
  const { client } = connect({ url: opts.dbUrl });
  try {
    await client.execute({ sql: "delete from bookings where id = ?", args: [id] });
  } finally {
    client.close();
  }
  const stale = await race("15:00");

  return [
    `2e. Conflict check on the contended path: ${RACERS} concurrent POSTs for master ${opts.staffId} on one slot, ${opts.date}`,
    table([
      ["slot", "201", "409", "other", "wall", "p50", "p99"],
      row("free (losers confirm the winner's row)", free),
      row("stale interval (row deleted by hand)", stale),
    ]),
  ].join("\n");
}
