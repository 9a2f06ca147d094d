// `npm run bench`: figures only, no thresholds. Part 1 times the pure slot
// engine in-process; part 2 drives a private `wrangler dev` stack over HTTP.
// Everything it starts is stopped again, also on errors and Ctrl-C.
import { cpus, platform, release } from "node:os";
import { readFileSync } from "node:fs";
import { addDays, instantToWall } from "../worker/booking/zoned-time.js";
import { bookingCall, type BookingTarget, type LoadResult, runLoad, signIn, slotsCall } from "./http.js";
import { statsFigures } from "./admin-stats.js";
import { pwaFigures } from "./pwa.js";
import { runSlotBench } from "./slots.js";
import { killNow, shutdown, stackCpu, startStack, type Stack } from "./stack.js";
import { ms, summarize, table } from "./stats.js";

const ZONE = "Europe/Moscow"; // the demo salon's zone (db/seed.ts)
const SERVICE = 3; // 45 min, no buffer, no prepayment: bookings go straight to "pending"
const CUSTOMER = "+79990000100";
const MASTERS = 10;
const SLOT_REQUESTS = 150;
const BOOKINGS_ONE = 210; // 15 days × 14 hourly starts of one master
const BOOKINGS_MANY = 280; // 2 days × 14 starts × 10 masters
const CONTENDERS = 50;
// Per-phase time caps, so the run stays around three minutes even when the
// host is shared with other test runs; tables show how many requests fitted.
const BOOKING_PHASE_MS = 25_000;
const SLOT_PHASE_MS = 14_000;

const log = (msg: string) => console.error(`[bench] ${msg}`); // progress to stderr, figures to stdout

function machine(): string {
  const cpu = cpus();
  const wrangler = (JSON.parse(readFileSync("node_modules/wrangler/package.json", "utf8")) as { version: string }).version;
  return table([
    ["date", "cpu", "cores", "node", "os", "wrangler"],
    [new Date().toISOString(), cpu[0]?.model.trim() ?? "?", String(cpu.length), process.version, `${platform()} ${release()}`, wrangler],
  ]);
}

function partOne(): string {
  const r = runSlotBench(200, 30);
  const row = (name: string, s: ReturnType<typeof summarize>) => [name, String(s.n), ms(s.p50), ms(s.p99), ms(s.mean)];
  return [
    `1. Slot engine in-process: 1 master, ${ZONE}, step 30, 60-min visits, ${r.busyIntervals} bookings over 31 days (8/working day), ${r.slotsPerMonth} grid slots/month`,
    table([
      ["measure", "samples", "median", "p99", "mean"],
      row("dayAvailability, 31 days", r.month),
      row("31 × daySlots (full slot lists)", r.monthFull),
      row("daySlots, 1 day, month's busy list", r.dayWithMonthBusy),
      row("daySlots, 1 day, that day's busy only", r.dayWithDayBusy),
    ]),
  ].join("\n");
}

/** Hourly starts 08:00..21:00: a 45-min visit every hour never overlaps the next. */
function hourlyStarts(date: string): string[] {
  return Array.from({ length: 14 }, (_, h) => `${date}T${String(8 + h).padStart(2, "0")}:00`);
}

/** CPU seconds per process of the stack, plus this process (the load generator). */
function cpuSnapshot(): Map<string, number> {
  const { user, system } = process.cpuUsage();
  const snap = new Map(stackCpu().map(({ name, seconds }) => [name, seconds]));
  snap.set("bench client", (user + system) / 1e6);
  return snap;
}

/**
 * Where the CPU went in each phase. On a small machine the Worker, the local
 * libSQL endpoint and the client compete for the same cores, so this says
 * which one the latencies above are mostly made of.
 */
function cpuTable(phases: [string, Map<string, number>, Map<string, number>, number][]): string {
  const names = [...new Set(phases.flatMap(([, , after]) => [...after.keys()]))].sort();
  const rows = [["phase", "wall", ...names]];
  for (const [phase, before, after, wallMs] of phases) {
    rows.push([phase, `${(wallMs / 1000).toFixed(1)} s`, ...names.map((n) => `${((after.get(n) ?? 0) - (before.get(n) ?? 0)).toFixed(1)} s`)]);
  }
  return table(rows);
}

/** Statuses other than the expected ones, with the first body of each, verbatim. */
function unexpected(name: string, result: LoadResult, expected: readonly number[], sink: string[]): number {
  const byStatus = new Map<number, { count: number; first: string }>();
  for (const o of result.outcomes) {
    if (expected.includes(o.status)) continue;
    const entry = byStatus.get(o.status) ?? { count: 0, first: o.error ?? o.body ?? "" };
    entry.count++;
    byStatus.set(o.status, entry);
  }
  let total = 0;
  for (const [status, { count, first }] of byStatus) {
    total += count;
    sink.push(`${name}: ${count} × ${status === 0 ? "network error" : `HTTP ${status}`}: ${first.slice(0, 600)}`);
  }
  return total;
}

async function partTwo(stack: Stack): Promise<string> {
  const problems: string[] = [];
  const today = instantToWall(new Date(), ZONE).date;
  const [solo, ...rest] = stack.masterIds;
  if (solo === undefined) throw new Error("no benchmark masters");
  const all = [solo, ...rest];

  log("signing in");
  const token = await signIn(stack.baseUrl, CUSTOMER);

  // Warm-up: bundle evaluation, the first database connections and one
  // booking per master so every ledger Durable Object exists and has loaded
  // before anything is timed. Day +60 is the horizon's last day, unused below.
  log("warming up");
  await runLoad(20, 4, slotsCall(stack.baseUrl, SERVICE, { staffId: solo, date: addDays(today, 5) }), [200]);
  await runLoad(20, 4, slotsCall(stack.baseUrl, SERVICE, { date: addDays(today, 5) }), [200]);
  const warm = await runLoad(all.length, 1, bookingCall(stack.baseUrl, token, SERVICE, (i) => ({ staffId: all[i]!, at: `${addDays(today, 60)}T08:00` })), [201]);
  unexpected("warm-up bookings", warm, [201], problems);

  // Bookings ------------------------------------------------------------------
  // Days +2.. (never today/tomorrow, which the 60-min notice could refuse).
  const soloTargets: BookingTarget[] = [];
  for (let d = 2; soloTargets.length < BOOKINGS_ONE; d++) {
    for (const at of hourlyStarts(addDays(today, d))) soloTargets.push({ staffId: solo, at });
  }
  const contestedDay = addDays(today, 22); // after the solo master's 15 days (+2..+16)
  const manyTargets: BookingTarget[] = [];
  // Day-major, then hour, then master: consecutive requests go to different masters (round-robin).
  for (let d = 23; manyTargets.length < BOOKINGS_MANY; d++) {
    for (const at of hourlyStarts(addDays(today, d))) for (const staffId of all) manyTargets.push({ staffId, at });
  }

  const cpu0 = cpuSnapshot();
  const t0 = Date.now();
  log(`bookings: ${BOOKINGS_ONE} for one master, c=8`);
  const one = await runLoad(BOOKINGS_ONE, 8, bookingCall(stack.baseUrl, token, SERVICE, (i) => soloTargets[i]!), [201], BOOKING_PHASE_MS);
  log(`bookings: ${CONTENDERS} concurrent for one slot`);
  const fight = await runLoad(CONTENDERS, CONTENDERS, bookingCall(stack.baseUrl, token, SERVICE, () => ({ staffId: solo, at: `${contestedDay}T12:00` })), [201, 409]);
  log(`bookings: ${BOOKINGS_MANY} over ${all.length} masters, c=8`);
  const many = await runLoad(BOOKINGS_MANY, 8, bookingCall(stack.baseUrl, token, SERVICE, (i) => manyTargets[i]!), [201], BOOKING_PHASE_MS);

  const cpu1 = cpuSnapshot();
  const t1 = Date.now();
  const count = (r: LoadResult, status: number) => r.outcomes.filter((o) => o.status === status).length;
  const bookingRow = (name: string, r: LoadResult) => {
    const s = summarize(r.outcomes.map((o) => o.ms));
    const created = count(r, 201);
    const conflicts = count(r, 409);
    return [name, String(r.outcomes.length), String(created), String(conflicts), String(r.outcomes.length - created - conflicts),
      (created / (r.wallMs / 1000)).toFixed(1), ms(s.p50), ms(s.p99), ms(s.mean), ms(r.wallMs)];
  };
  unexpected("bookings 1 master", one, [201], problems);
  unexpected(`contention ${CONTENDERS}×1 slot`, fight, [201, 409], problems);
  unexpected(`bookings ${all.length} masters`, many, [201], problems);

  // Time slots ----------------------------------------------------------------
  // Queried days hold bookings from above, so the busy lists are not empty:
  // +3 is fully booked for the solo master, +23 for all ten.
  const soloDay = addDays(today, 3);
  const anyDay = addDays(today, 23);
  const slotRuns: [string, number, ReturnType<typeof slotsCall>, number][] = [
    [`1 master, ${soloDay}`, 1, slotsCall(stack.baseUrl, SERVICE, { staffId: solo, date: soloDay }), SLOT_REQUESTS],
    [`1 master, ${soloDay}`, 8, slotsCall(stack.baseUrl, SERVICE, { staffId: solo, date: soloDay }), SLOT_REQUESTS],
    [`any of ${all.length}, ${anyDay}`, 1, slotsCall(stack.baseUrl, SERVICE, { date: anyDay }), SLOT_REQUESTS],
    [`any of ${all.length}, ${anyDay}`, 8, slotsCall(stack.baseUrl, SERVICE, { date: anyDay }), SLOT_REQUESTS],
    // The calendar-dots mode runs the engine for 31 days per request: the in-process figure, plus I/O.
    [`any of ${all.length}, 31-day range`, 1, slotsCall(stack.baseUrl, SERVICE, { from: addDays(today, 2), days: 31 }), 40],
  ];
  const slotRows: string[][] = [["scenario", "conc", "n", "200", "other", "p50", "p99", "mean", "req/s"]];
  for (const [name, conc, call, n] of slotRuns) {
    log(`time-slots: ${name}, c=${conc}`);
    const r = await runLoad(n, conc, call, [200], SLOT_PHASE_MS);
    const s = summarize(r.outcomes.map((o) => o.ms));
    const ok = count(r, 200);
    const done = r.outcomes.length;
    unexpected(`time-slots ${name} c=${conc}`, r, [200], problems);
    slotRows.push([name, String(conc), String(done), String(ok), String(done - ok), ms(s.p50), ms(s.p99), ms(s.mean), (done / (r.wallMs / 1000)).toFixed(1)]);
  }

  const cpu2 = cpuSnapshot();
  const t2 = Date.now();
  const fightS = summarize(fight.outcomes.map((o) => o.ms));
  const out = [
    `2a. GET /api/v1/booking/time-slots/${SERVICE} through wrangler dev (closed loop)`,
    table(slotRows),
    "",
    `2b. POST /api/v1/bookings, service ${SERVICE}, concurrency 8, distinct free hourly slots (days +2..+59)`,
    table([
      ["scenario", "n", "201", "409", "other", "bookings/s", "p50", "p99", "mean", "wall"],
      bookingRow(`1 master (id ${solo}), one ledger`, one),
      bookingRow(`${all.length} masters, round-robin`, many),
    ]),
    "",
    `2c. Contention: ${CONTENDERS} concurrent POSTs for master ${solo}, ${contestedDay} 12:00`,
    table([
      ["201", "409", "other", "wall", "p50", "p99", "max"],
      [String(count(fight, 201)), String(count(fight, 409)), String(CONTENDERS - count(fight, 201) - count(fight, 409)), ms(fight.wallMs), ms(fightS.p50), ms(fightS.p99), ms(fightS.max)],
    ]),
  ];
  out.push(
    "",
    `2d. CPU seconds used per phase (${cpus().length} cores = at most ${cpus().length} s per wall second)`,
    cpuTable([
      ["bookings (2b + 2c)", cpu0, cpu1, t1 - t0],
      ["time-slots (2a)", cpu1, cpu2, t2 - t1],
    ]),
  );
  if (problems.length > 0) {
    out.push("", "Unexpected responses (first body of each status, verbatim):", ...problems.map((p) => `  ${p}`));
  }
  out.push(...workerDiagnostics(stack.workerLog()));
  return out.join("\n");
}

/**
 * What the Worker itself said: its error lines grouped by message (with the
 * first stack), and whether wrangler reloaded it mid-run, which happens when
 * someone edits worker/ while the benchmark runs and splits the figures.
 */
function workerDiagnostics(output: string): string[] {
  const lines: string[] = [];
  const reloads = output.split("\n").filter((l) => l.includes("Reloading local server") || l.includes("Detected changes")).length;
  if (reloads > 0) lines.push("", `Note: wrangler reloaded the Worker ${reloads} time(s) during the run (files changed); figures may mix two builds.`);
  const errors = new Map<string, { count: number; first: Record<string, unknown> }>();
  for (const line of output.split("\n")) {
    const start = line.indexOf("{");
    if (start < 0 || !line.includes('"level":"error"')) continue;
    try {
      const entry = JSON.parse(line.slice(start)) as Record<string, unknown>;
      const key = `${String(entry.msg ?? "")} ${String(entry.error ?? "")}`.trim();
      const seen = errors.get(key) ?? { count: 0, first: entry };
      seen.count++;
      errors.set(key, seen);
    } catch {
      // not one of the Worker's JSON lines
    }
  }
  if (errors.size > 0) {
    lines.push("", "Worker error log (grouped; first occurrence's path and stack):");
    for (const [key, { count, first }] of errors) {
      lines.push(`  ${count} × ${key.slice(0, 400)}`);
      if (first.path) lines.push(`      first at ${String(first.method ?? "")} ${String(first.path)}`);
      const stack = typeof first.stack === "string" ? first.stack.split("\n").slice(1, 7).map((l) => `      ${l.trim()}`) : [];
      lines.push(...stack);
    }
  }
  return lines;
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`Salon booking benchmark\n${machine()}\n`);
  log("part 1: slot engine");
  console.log(`${partOne()}\n`);

  log("part 2: starting the local stack");
  const stack = await startStack({ masters: MASTERS, onStep: log });
  try {
    console.log(await partTwo(stack));
  } finally {
    log("stopping the stack");
    await stack.stop();
  }
  log("part 3: the PWA");
  console.log(`\n3. PWA (built web/dist; first render measured in Chromium, offline, from the service worker cache)`);
  console.log(table([["measure", "value"], ...Object.entries(await pwaFigures()).map(([k, v]) => [k, String(v)])]));
  log("part 4: statistics SQL over a seeded year");
  console.log(`\n${await statsFigures()}`);
  console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// Children live in their own process groups, so nothing reaps them for us.
process.on("exit", killNow);
// `on`, not `once`: Ctrl-C reaches us twice (from the terminal to the whole
// group, and relayed by npm/tsx), and a second default-handled SIGINT would
// kill us halfway through stopping the children.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    void shutdown().finally(() => {
      log("stopped");
      process.exit(130);
    });
  });
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    await shutdown();
    process.exit(1);
  },
);
