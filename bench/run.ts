// `npm run bench`: figures only, no thresholds. Part 1 times the pure slot
// engine in-process; part 2 drives a private local stack over HTTP.
// Everything it starts is stopped again, also on errors and Ctrl-C.
import { cpus, homedir, loadavg, platform, release } from "node:os";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { addDays, instantToWall } from "../worker/booking/zoned-time.js";
import { bookingCall, type BookingTarget, type LoadResult, runLoad, signIn, slotsCall } from "./http.js";
import { statsFigures } from "./admin-stats.js";
import { racingCreates } from "./contention.js";
import { resourceEngineTable, resourceRace } from "./resources.js";
import { racingSeats } from "./classes.js";
import { roundTripTable, TRIPS_DELAY_MS } from "./round-trips.js";
import { pwaFigures } from "./pwa.js";
import { INITIAL_BUDGET_KIB } from "./pwa-size.js";
import { runScaleBench, runSlotBench, runVisitBench } from "./slots.js";
import { killNow, shutdown, stackCpu, startStack, type Stack } from "./stack.js";
import { ms, summarize, table } from "./stats.js";

const ZONE = "Europe/Moscow"; // the demo salon's zone (db/seed.ts)
const SERVICE = 3; // 45 min, no buffer, no prepayment: bookings go straight to "pending"
const CUSTOMER = "+79990000100";
const ADMIN = "+79990000001";
const MASTERS = 10;
const SLOT_REQUESTS = 150;
const BOOKINGS_ONE = 210; // 15 days × 14 hourly starts of one master
const BOOKINGS_MANY = 280; // 2 days × 14 starts × 10 masters
const CONTENDERS = 200;
const SOLO_BOOKINGS = 60; // c=1, one at a time: the latency one customer sees
const MODEL_DELAY_MS = 25; // production model: an edge-to-Turso hop per database request
const MODEL_REQUESTS = 40;
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

/** Measured figures the goals table at the end compares with the targets. */
const figures = new Map<string, string>();

function partOne(): string {
  const r = runSlotBench(200, 30);
  const scale = runScaleBench();
  const visit = runVisitBench();
  figures.set("engine_month", ms(r.month.p50));
  figures.set("engine_10k", ms(scale.tenThousand.p50));
  figures.set("engine_50", ms(scale.fiftyMasters.p50));
  figures.set("engine_visit", ms(visit.month.p50));
  const row = (name: string, s: ReturnType<typeof summarize>) => [name, String(s.n), ms(s.p50), ms(s.p99), ms(s.mean)];
  return [
    `1. Slot engine in-process: 1 master, ${ZONE}, step 30, 60-min visits, ${r.busyIntervals} bookings over 31 days (8/working day), ${r.slotsPerMonth} grid slots/month`,
    table([
      ["measure", "samples", "median", "p99", "mean"],
      row("dayAvailability, 31 days", r.month),
      row("31 × daySlots (full slot lists)", r.monthFull),
      row("daySlots, 1 day, month's busy list", r.dayWithMonthBusy),
      row("daySlots, 1 day, that day's busy only", r.dayWithDayBusy),
      row(`dayAvailability, 31 days, ${scale.tenThousandCount} bookings`, scale.tenThousand),
      row("any of 50 masters, 31 days (8 bookings/day each)", scale.fiftyMasters),
      row(`visit of 5 services × 50 masters, 31 days, nothing fits (${visit.steps} checks)`, visit.month),
    ]),
    "Zone offsets are worked out once per day and kept (a warm isolate); busy lists are parsed once per list.",
    "",
    resourceEngineTable(),
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

  // Counted on a quiet stack: after the warm-up's own after-response work,
  // before any load (whose pending messages a cancel would send), with the
  // endpoint's delay that keeps after-response work out of "before the answer".
  log(`round trips per request type (libSQL endpoint restarted with LIBSQL_DELAY_MS=${TRIPS_DELAY_MS}, then without)`);
  await sleep(1_000);
  const trips = await roundTripTable(stack, { customer: token, admin: await signIn(stack.baseUrl, ADMIN) }, { service: SERVICE, master: solo, date: addDays(today, 40) });
  for (const [key, value] of trips.figures) figures.set(key, value);
  await runLoad(6, 1, slotsCall(stack.baseUrl, SERVICE, { staffId: solo, date: addDays(today, 5) }), [200]); // reconnect after the restart

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

  // One at a time on a day of its own (+17, after the solo master's +2..+16).
  const soloOneAtATime: BookingTarget[] = [];
  for (let d = 17; soloOneAtATime.length < SOLO_BOOKINGS; d++) {
    for (const at of hourlyStarts(addDays(today, d))) soloOneAtATime.push({ staffId: solo, at });
  }
  log(`bookings: ${SOLO_BOOKINGS} for one master, c=1`);
  const single = await runLoad(SOLO_BOOKINGS, 1, bookingCall(stack.baseUrl, token, SERVICE, (i) => soloOneAtATime[i]!), [201], BOOKING_PHASE_MS);
  unexpected("bookings c=1", single, [201], problems);
  const singleS = summarize(single.outcomes.map((o) => o.ms));

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
  const slotsSolo = slotRows[1]!;
  figures.set("booking_c1_p50", ms(singleS.p50));
  figures.set("bookings_per_s_10", (count(many, 201) / (many.wallMs / 1000)).toFixed(1));
  figures.set("race_wall", ms(fight.wallMs));
  figures.set("slots_c1_p50_0", slotsSolo[5]!);
  figures.set("slots_c1_p99_0", slotsSolo[6]!);
  figures.set("booking_c1_p99_0", ms(singleS.p99));

  // Before the delay below: the conflict check's cost under the same conditions as 2c.
  log(`bookings: 2 × 200 racing creates on one slot, free and behind a stale interval`);
  const racing = await racingCreates({ baseUrl: stack.baseUrl, dbUrl: stack.dbUrl, token, staffId: rest[0] ?? solo, date: addDays(today, 44) });
  log("bookings: 200 racing creates for the last unit of a room across masters");
  const roomRace = await resourceRace({ baseUrl: stack.baseUrl, dbUrl: stack.dbUrl, token, staffIds: all, date: addDays(today, 43) });
  log(`classes: ${50} racing seat bookings for the last 3 seats of a session`);
  const seats = await racingSeats({ baseUrl: stack.baseUrl, adminToken: await signIn(stack.baseUrl, ADMIN), date: addDays(today, 44) });
  unexpected("class seats 50×3", seats.result, [201, 409], problems);

  // Production model: the same requests with a delay per database request.
  log(`production model: libSQL endpoint restarted with LIBSQL_DELAY_MS=${MODEL_DELAY_MS}`);
  await stack.setDbDelay(MODEL_DELAY_MS);
  const modelDay = addDays(today, 45);
  await runLoad(6, 1, slotsCall(stack.baseUrl, SERVICE, { staffId: solo, date: modelDay }), [200]); // reconnect after the restart
  const modelTargets = Array.from({ length: MODEL_REQUESTS }, (_, i) => ({ staffId: all[i % all.length]!, at: hourlyStarts(addDays(today, 46 + Math.floor(i / 10)))[i % 10]! }));
  const modelSlots = await runLoad(MODEL_REQUESTS, 1, slotsCall(stack.baseUrl, SERVICE, { staffId: solo, date: modelDay }), [200], SLOT_PHASE_MS);
  const modelBookings = await runLoad(MODEL_REQUESTS, 1, bookingCall(stack.baseUrl, token, SERVICE, (i) => modelTargets[i]!), [201], BOOKING_PHASE_MS);
  unexpected(`time-slots at ${MODEL_DELAY_MS} ms`, modelSlots, [200], problems);
  unexpected(`bookings at ${MODEL_DELAY_MS} ms`, modelBookings, [201], problems);
  const mS = summarize(modelSlots.outcomes.map((o) => o.ms));
  const mB = summarize(modelBookings.outcomes.map((o) => o.ms));
  figures.set("booking_c1_p50_25", ms(mB.p50));
  figures.set("slots_c1_p50_25", ms(mS.p50));
  const out = [
    `2a. GET /api/v1/booking/time-slots/${SERVICE} through the local stack (closed loop)`,
    table(slotRows),
    "",
    `2b. POST /api/v1/bookings, service ${SERVICE}, concurrency 8, distinct free hourly slots (days +2..+59)`,
    table([
      ["scenario", "n", "201", "409", "other", "bookings/s", "p50", "p99", "mean", "wall"],
      bookingRow(`1 master (id ${solo}), one ledger`, one),
      bookingRow(`${all.length} masters, round-robin`, many),
      bookingRow(`1 master, c=1 (days +17..)`, single),
    ]),
    "",
    `2c. Contention: ${CONTENDERS} concurrent POSTs for master ${solo}, ${contestedDay} 12:00 (exactly one may win)`,
    table([
      ["201", "409", "other", "wall", "p50", "p99", "max"],
      [String(count(fight, 201)), String(count(fight, 409)), String(CONTENDERS - count(fight, 201) - count(fight, 409)), ms(fight.wallMs), ms(fightS.p50), ms(fightS.p99), ms(fightS.max)],
    ]),
  ];
  out.push(
    "",
    `2e. Production model: c=1, each database request delayed ${MODEL_DELAY_MS} ms at the endpoint (an edge-to-Turso hop); 0 ms from 2a/2b`,
    table([
      ["request", "delay", "n", "p50", "p99"],
      [`time-slots, 1 master`, "0 ms", slotsSolo[2]!, slotsSolo[5]!, slotsSolo[6]!],
      [`time-slots, 1 master`, `${MODEL_DELAY_MS} ms`, String(mS.n), ms(mS.p50), ms(mS.p99)],
      ["POST /bookings", "0 ms", String(singleS.n), ms(singleS.p50), ms(singleS.p99)],
      ["POST /bookings", `${MODEL_DELAY_MS} ms`, String(mB.n), ms(mB.p50), ms(mB.p99)],
    ]),
    "",
    `2f. Database round trips per request (GET /stats of the endpoint around one request at a time, each database request delayed ${TRIPS_DELAY_MS} ms`,
    "    so that work after the response is never counted before the answer; 'in all' includes it; tests/round-trips/ holds the same counts)",
    trips.table,
  );
  out.push(
    "",
    `2d. CPU seconds used per phase (${cpus().length} cores = at most ${cpus().length} s per wall second)`,
    cpuTable([
      ["bookings (2b + 2c)", cpu0, cpu1, t1 - t0],
      ["time-slots (2a)", cpu1, cpu2, t2 - t1],
    ]),
  );
  out.push("", racing, "", roomRace, "", seats.text);
  if (problems.length > 0) {
    out.push("", "Unexpected responses (first body of each status, verbatim):", ...problems.map((p) => `  ${p}`));
  }
  out.push(...workerDiagnostics(stack.workerLog()));
  figures.set("debug_log", `${(stack.debugLogBytes() / 1024).toFixed(0)} KiB`);
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

const GLOBAL_WRANGLER_LOGS = join(homedir(), ".config", ".wrangler", "logs");

/** Bytes of the files directly in a directory; 0 when it does not exist. */
function dirBytes(dir: string): number {
  try {
    return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  } catch {
    return 0;
  }
}

const loadAverage = () => `load average ${loadavg().map((x) => x.toFixed(1)).join(" ")}`;

function goalsTable(f: Map<string, string>): string {
  const v = (key: string) => f.get(key) ?? "-";
  return table([
    ["goal", "target", "measured"],
    ["booking POST: database round trips before the 201", "≤ 3", v("trips_booking_answer")],
    ["booking POST: all round trips it causes (after-response too)", "≤ 6", v("trips_booking_total")],
    ["booking POST with a gift certificate: round trips before the 201 (issue 21)", "≤ 2", v("trips_certificate_answer")],
    ["booking POST with a promo code / with a room: round trips before the 201", "≤ 3", `${v("trips_promo_answer")} / ${v("trips_room_answer")}`],
    ["time-slots: round trips", "≤ 2", v("trips_slots")],
    ["slot engine: 1 master, 31 days, 216 bookings (p50)", "≤ 1 ms", v("engine_month")],
    ["slot engine: 10,000 bookings/month, 31 days (p50)", "≤ 10 ms", v("engine_10k")],
    ["slot engine: any of 50 masters, 31 days (p50)", "≤ 25 ms", v("engine_50")],
    ["visit search: 5 services × 50 masters, 31 days, worst case (p50)", "≤ 50 ms", v("engine_visit")],
    ["booking c=1 p50", "≤ 15 ms", v("booking_c1_p50")],
    ["bookings/s at c=8, 10 masters", "≥ 150", v("bookings_per_s_10")],
    [`${CONTENDERS} racing creates on one slot, all answered`, "≤ 1.5 s", v("race_wall")],
    [`booking p50 at ${MODEL_DELAY_MS} ms per database request`, "≤ 120 ms", v("booking_c1_p50_25")],
    [`time-slots p50 at ${MODEL_DELAY_MS} ms per database request`, "≤ 80 ms", v("slots_c1_p50_25")],
    ["PWA initial JS+CSS, gzip (issue 13)", `≤ ${INITIAL_BUDGET_KIB} KiB`, v("pwa_kib")],
    ["PWA offline first render (median)", "≤ 250 ms", v("pwa_render")],
    ["wrangler debug log of the bench stack (whole run)", "bounded", v("debug_log")],
    ["growth of ~/.config/.wrangler/logs during the run (any process on the machine)", "0 from this stack", v("global_logs")],
  ]);
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`Salon booking benchmark\n${machine()}\n`);
  log("part 1: slot engine");
  console.log(`${partOne()}\n`);

  const globalLogsBefore = dirBytes(GLOBAL_WRANGLER_LOGS);
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
  const pwa = await pwaFigures();
  console.log(table([["measure", "value"], ...Object.entries(pwa).map(([k, v]) => [k, String(v)])]));
  const pwaValue = (prefix: string) => Number(Object.entries(pwa).find(([k]) => k.startsWith(prefix))?.[1] ?? Number.NaN);
  figures.set("pwa_kib", `${(pwaValue("initial JS, gzip") + pwaValue("initial CSS, gzip")).toFixed(1)} KiB`);
  figures.set("pwa_render", `${pwaValue("offline first render")} ms`);
  figures.set("global_logs", `${((dirBytes(GLOBAL_WRANGLER_LOGS) - globalLogsBefore) / 1024).toFixed(0)} KiB`);
  console.log(`\n4. Goals (issue 12; figures, not pass/fail; on a shared machine they move with its load: ${loadAverage()})`);
  console.log(goalsTable(figures));
  log("part 5: statistics SQL over a seeded year");
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
