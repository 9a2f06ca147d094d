// Part 2 setup: a private copy of the local stack (libSQL endpoint over a temp
// file, migrated and seeded, plus benchmark masters, then the Worker in workerd via scripts/wrangler-dev.mjs), so
// the benchmark never touches data/ or the developer's .wrangler/state.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, and } from "drizzle-orm";
import { connect } from "../db/migrate.js";
import * as s from "../db/schema.js";
import { freePort, groupMembers, HOST, killProcessGroup, migrateAndSeed, readLog, spawnGroup, startWrangler, stopProcessGroups, waitForHealth } from "../tests/support/local-stack.js";

export interface Stack {
  baseUrl: string;
  dbUrl: string;
  /** Ids of the benchmark masters (service 3, every day 08:00–22:00, no breaks). */
  masterIds: number[];
  /** Everything wrangler printed so far (the Worker's JSON log lines included). */
  workerLog(): string;
  /** Bytes wrangler's debug log holds so far. */
  debugLogBytes(): number;
  /**
   * Restarts the libSQL endpoint on the same port and file with a delay per
   * request (LIBSQL_DELAY_MS): the production model of an edge-to-Turso hop.
   */
  setDbDelay(ms: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The stack's children (each in its own process group, see spawnGroup), made
 * known to the watchdog (bench/reaper.ts) as soon as they exist.
 */
class Children {
  private readonly list: ChildProcess[] = [];
  private reaper: ChildProcess | undefined;

  /** Tells the watchdog (bench/reaper.ts) about a group or temp dir; starts it on first use. */
  tellReaper(line: string): void {
    if (!this.reaper) {
      this.reaper = spawn(process.execPath, ["--import", "tsx", "bench/reaper.ts"], { stdio: ["pipe", "ignore", "ignore"], detached: true });
      // Neither the process nor its pipe may keep the benchmark alive: our exit is its cue.
      this.reaper.unref();
      (this.reaper.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null)?.unref?.();
      this.reaper.stdin?.on("error", () => {}); // it may be gone already at our exit
    }
    this.reaper.stdin?.write(`${line}\n`);
  }

  private readonly names = new Map<ChildProcess, string>();

  /** Stops one child's group (it stays listed, so CPU figures keep its time so far). */
  async stopOne(child: ChildProcess): Promise<void> {
    for (const c of await stopProcessGroups([child])) this.tellReaper(`done ${c.pid!}`);
  }

  /** Registers a child just spawned in its own group. */
  add(name: string, child: ChildProcess): ChildProcess {
    if (child.pid !== undefined) this.tellReaper(`group ${child.pid}`);
    this.list.push(child);
    this.names.set(child, name);
    return child;
  }

  /** Last resort for process "exit": synchronous, so it also runs when the event loop is done. */
  killNow(): void {
    for (const c of this.list) killProcessGroup(c, "SIGKILL");
  }

  /** SIGTERM each group, then SIGKILL whatever is still there after a grace period. */
  async stopAll(): Promise<void> {
    for (const c of await stopProcessGroups(this.list)) this.tellReaper(`done ${c.pid!}`);
  }

  /** Process-group ids of the children, to attribute CPU time. */
  groups(): { pgid: number; label: string }[] {
    return this.list.filter((c) => c.pid !== undefined).map((c) => ({ pgid: c.pid!, label: this.names.get(c) ?? "?" }));
  }
}

/** CPU seconds used so far by each process the stack started, grouped by name. */
export function stackCpu(): { name: string; seconds: number }[] {
  const totals = new Map<string, number>();
  for (const { pgid, label } of children.groups()) {
    for (const p of groupMembers(pgid)) {
      // The group leader is node; what it spawned (workerd, esbuild) keeps its own name.
      const name = p.comm === "node" ? `${label} (node)` : p.comm;
      totals.set(name, (totals.get(name) ?? 0) + p.cpu);
    }
  }
  return [...totals].map(([name, seconds]) => ({ name, seconds }));
}

/** Ten masters who do service 3 every day 08:00–22:00, each with a staff login. */
async function addBenchMasters(dbUrl: string, count: number): Promise<number[]> {
  const { client, db } = connect({ url: dbUrl });
  try {
    const ids: number[] = [];
    await db.transaction(async (tx) => {
      for (let i = 1; i <= count; i++) {
        const [row] = await tx
          .insert(s.staff)
          .values({ name: `Bench Master ${i}`, specialization: "benchmark", sortOrder: 100 + i })
          .returning({ id: s.staff.id });
        const id = row!.id;
        ids.push(id);
        await tx.insert(s.staffServices).values({ staffId: id, serviceId: 3 });
        await tx.insert(s.staffSchedules).values(
          [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ staffId: id, dayOfWeek, startTime: "08:00", endTime: "22:00" })),
        );
        await tx.insert(s.users).values({
          phone: `+7999555${String(i).padStart(4, "0")}`,
          name: `Bench Master ${i}`,
          role: "staff",
          staffId: id,
        });
      }
      // The demo seed also lets master 1 do service 3; unlinking her makes
      // "any master" mean exactly the benchmark masters.
      await tx.delete(s.staffServices).where(and(eq(s.staffServices.staffId, 1), eq(s.staffServices.serviceId, 3)));
      // One benchmark customer books thousands of times: lift the per-account
      // caps (README, Security) so every request still counts them but passes.
      await tx.update(s.salonSettings).set({ maxActiveBookings: 1_000_000, maxHeldBookings: 1_000_000 });
    });
    return ids;
  } finally {
    client.close();
  }
}

// Module-wide, so a SIGINT that arrives while the stack is still starting can
// stop what has been spawned so far (see shutdown below).
const children = new Children();
const tempDirs: string[] = [];

/** Stops every child this module started and removes the temp dirs. Safe to call twice. */
export async function shutdown(): Promise<void> {
  await children.stopAll();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Synchronous SIGKILL of every child group, for the process "exit" hook. */
export function killNow(): void {
  children.killNow();
}

export async function startStack(opts: { masters: number; onStep?: (msg: string) => void }): Promise<Stack> {
  const step = opts.onStep ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), "salon-bench-"));
  tempDirs.push(dir);
  children.tellReaper(`dir ${dir}`);
  const workerLogFile = join(dir, "wrangler.log");
  const stop = shutdown;

  try {
    // The endpoint runs as its own process (db/serve.ts wraps startLocalServer):
    // in-process, its synchronous SQLite work would stall the load generator's
    // event loop and inflate the very latencies being measured.
    const dbPort = await freePort();
    const dbUrl = `http://${HOST}:${dbPort}`;
    const startDb = async (delayMs: number) => {
      const child = children.add(
        "libSQL endpoint",
        spawnGroup(["--import", "tsx", "db/serve.ts"], { LIBSQL_FILE: join(dir, "bench.db"), LIBSQL_PORT: String(dbPort), LIBSQL_DELAY_MS: String(delayMs) }, join(dir, "libsql.log")),
      );
      await waitForHealth(`${dbUrl}/health`, 15_000, () => child.exitCode === null, "the libSQL endpoint");
      return child;
    };
    let db = await startDb(0);
    step(`libSQL endpoint on ${dbUrl}`);

    await migrateAndSeed(dbUrl);
    const masterIds = await addBenchMasters(dbUrl, opts.masters);
    step(`migrated, seeded, ${masterIds.length} benchmark masters (ids ${masterIds[0]}..${masterIds[masterIds.length - 1]})`);

    const port = await freePort();
    const worker = children.add(
      "wrangler",
      await startWrangler({
        port,
        dbUrl,
        // Durable Object storage survives wrangler restarts; a private directory
        // keeps the ledgers of this run out of the next run and out of `npm start`.
        persistTo: join(dir, "wrangler-state"),
        // Thousands of requests a minute from 127.0.0.1: the rate limits would refuse them (README, Security).
        vars: { RATE_LIMITS: "off" },
        logFile: workerLogFile,
        debugLogFile: join(dir, "wrangler-debug.log"),
      }),
    );
    const baseUrl = `http://${HOST}:${port}`;
    await waitForHealth(`${baseUrl}/api/v1/health`, 90_000, () => worker.exitCode === null);
    step(`worker on ${baseUrl}`);

    const debugLog = join(dir, "wrangler-debug.log");
    const setDbDelay = async (ms: number) => {
      await children.stopOne(db);
      db = await startDb(ms);
    };
    const debugLogBytes = () => {
      try {
        return statSync(debugLog).size;
      } catch {
        return 0;
      }
    };
    return { baseUrl, dbUrl, masterIds, workerLog: () => readLog(workerLogFile), debugLogBytes, setDbDelay, stop };
  } catch (error) {
    const log = readLog(workerLogFile, 40);
    await stop();
    if (log) console.error(`--- wrangler output (last lines) ---\n${log}`);
    throw error;
  }
}
