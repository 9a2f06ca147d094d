// Rooms and machines (issue 20): what a service that needs a room costs the
// slot engine next to one that needs only a master (goal ≤ 1.5×, for one
// master and for "any master"), and 200 racing creates for the last unit of
// a room across masters (goal: all answered in ≤ 1.5 s, exactly one 201).
// `npx tsx bench/resources.ts` runs the in-process part alone.
import { anyStaffAvailability, type BusyInterval, dayAvailability, type SlotRules, type StaffSchedule } from "../worker/booking/slots.js";
import { addDays, wallMinutesToMs } from "../worker/booking/zoned-time.js";
import { connect } from "../db/migrate.js";
import { bookingCall, runLoad } from "./http.js";
import { ms, summarize, table } from "./stats.js";

const ZONE = "Europe/Moscow";
const FROM = "2026-06-01";
const NOW = new Date("2026-05-31T09:00:00Z");
const DAYS = 31;
const rules: SlotRules = { timeZone: ZONE, stepMin: 30, minNoticeMin: 60, horizonDays: 60 };
const query = { from: FROM, days: DAYS, durationMin: 60, bufferAfterMin: 0, now: NOW };

const week = (): StaffSchedule["week"] => [0, 1, 2, 3, 4, 5].map((d) => ({ dayOfWeek: d, start: "10:00", end: "20:00", breaks: [{ start: "14:00", end: "15:00" }] }));

/** Hour-long bookings at these wall times every day of the month. */
function bookings(times: number[], shiftMin = 0): BusyInterval[] {
  const out: BusyInterval[] = [];
  for (let i = -1; i <= DAYS; i++) {
    const date = addDays(FROM, i);
    for (const t of times) {
      const start = wallMinutesToMs(date, t * 60 + shiftMin, ZONE)!;
      out.push({ start: new Date(start).toISOString(), end: new Date(start + 3_600_000).toISOString() });
    }
  }
  return out;
}

function time(runs: number, warmup: number, work: () => number) {
  const samples: number[] = [];
  let sink = 0;
  for (let r = 0; r < runs + warmup; r++) {
    const t = performance.now();
    sink += work();
    if (r >= warmup) samples.push(performance.now() - t);
  }
  if (sink < 0) console.log(sink);
  return summarize(samples);
}

export function runResourceBench(runs = 100, warmup = 20) {
  // A room with two units, each busy six hours a day at other times than the masters.
  const units = [[bookings([10, 12, 13, 16, 17, 19])], [bookings([11, 12, 15, 16, 18, 19], 30)]].map((u) => u[0]!);
  const master = (i: number): StaffSchedule => ({ week: week(), exceptions: [], busy: bookings([10, 11, 15, 18].map((h) => (h + i) % 10 + 10)) });
  const one = master(0);
  const oneWithRoom = { ...one, units: [units] };
  const ten = Array.from({ length: 10 }, (_, i) => master(i));
  const tenWithRoom = ten.map((m) => ({ ...m, units: [units] }));
  const count = (d: { available: number }[]) => d.reduce((n, x) => n + x.available, 0);
  return {
    one: time(runs, warmup, () => count(dayAvailability(rules, one, query))),
    oneRoom: time(runs, warmup, () => count(dayAvailability(rules, oneWithRoom, query))),
    any: time(runs, warmup, () => count(anyStaffAvailability(rules, ten, query))),
    anyRoom: time(runs, warmup, () => count(anyStaffAvailability(rules, tenWithRoom, query))),
  };
}

export function resourceEngineTable(r = runResourceBench()): string {
  const row = (name: string, s: ReturnType<typeof summarize>, base?: ReturnType<typeof summarize>) => [name, String(s.n), ms(s.p50), ms(s.p99), base ? `${(s.p50 / base.p50).toFixed(2)}×` : ""];
  return [
    "1b. Slot engine with a room (2 units, 6 bookings/day each), 31 days, 60-min visits",
    table([
      ["measure", "samples", "median", "p99", "vs master only"],
      row("one master", r.one),
      row("one master + room", r.oneRoom, r.one),
      row("any of 10 masters", r.any),
      row("any of 10 masters + room", r.anyRoom, r.any),
    ]),
  ].join("\n");
}

/**
 * 200 concurrent POSTs across `staffIds` for one time of a service that needs
 * a one-unit room: the room's ledger gives it to exactly one.
 */
export async function resourceRace(opts: { baseUrl: string; dbUrl: string; token: string; staffIds: number[]; date: string }): Promise<string> {
  const { client } = connect({ url: opts.dbUrl });
  let serviceId: number;
  try {
    const service = await client.execute("insert into services (name, duration_min, price_minor, currency) values ('Лазер (bench)', 60, 500000, 'RUB') returning id");
    serviceId = Number(service.rows[0]!.id);
    const room = await client.execute("insert into resources (name, kind, units) values ('Лазер', 'equipment', 1) returning id");
    await client.execute({ sql: "insert into service_resources (service_id, resource_id) values (?, ?)", args: [serviceId, Number(room.rows[0]!.id)] });
    for (const staffId of opts.staffIds) await client.execute({ sql: "insert into staff_services (staff_id, service_id) values (?, ?)", args: [staffId, serviceId] });
  } finally {
    client.close();
  }
  const call = bookingCall(opts.baseUrl, opts.token, serviceId, (i) => ({ staffId: opts.staffIds[i % opts.staffIds.length]!, at: `${opts.date}T12:00` }));
  // The room's ledger loads itself once (a booking at another time), as the masters' did in the warm-up.
  const warm = bookingCall(opts.baseUrl, opts.token, serviceId, () => ({ staffId: opts.staffIds[0]!, at: `${opts.date}T09:00` }));
  await warm(0);
  const r = await runLoad(200, 200, call, [201, 409]);
  const s = summarize(r.outcomes.map((o) => o.ms));
  const count = (status: number) => r.outcomes.filter((o) => o.status === status).length;
  return [
    `2g. The last unit of a room: 200 concurrent POSTs across ${opts.staffIds.length} masters for one time, ${opts.date} (the room's only unit is free: exactly one may win)`,
    table([
      ["201", "409", "other", "wall", "p50", "p99"],
      [String(count(201)), String(count(409)), String(r.outcomes.length - count(201) - count(409)), ms(r.wallMs), ms(s.p50), ms(s.p99)],
    ]),
  ].join("\n");
}

// `npx tsx bench/resources.ts race` also starts a stack of its own for the race (2g).
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(resourceEngineTable(runResourceBench(200, 50)));
  if (process.argv[2] === "race") {
    const { shutdown, startStack } = await import("./stack.js");
    const { signIn } = await import("./http.js");
    const { instantToWall } = await import("../worker/booking/zoned-time.js");
    try {
      const stack = await startStack({ masters: 4, onStep: (m) => console.error(`[bench] ${m}`) });
      const token = await signIn(stack.baseUrl, "+79990000100");
      const date = addDays(instantToWall(new Date(), ZONE).date, 44);
      console.log(await resourceRace({ baseUrl: stack.baseUrl, dbUrl: stack.dbUrl, token, staffIds: stack.masterIds, date }));
    } finally {
      await shutdown();
    }
  }
}
