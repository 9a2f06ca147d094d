// Part 2 setup: a private copy of the local stack (libSQL endpoint over a temp
// file, migrated and seeded, plus benchmark masters, then `wrangler dev`), so
// the benchmark never touches data/ or the developer's .wrangler/state.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { eq, and } from "drizzle-orm";
import { connect, migrateDatabase } from "../db/migrate.js";
import * as s from "../db/schema.js";
import { seedDemoSalon } from "../db/seed.js";

const HOST = "127.0.0.1";

export interface Stack {
  baseUrl: string;
  dbUrl: string;
  /** Ids of the benchmark masters (service 3, every day 08:00–22:00, no breaks). */
  masterIds: number[];
  /** Everything wrangler printed so far (the Worker's JSON log lines included). */
  workerLog(): string;
  stop(): Promise<void>;
}

/** A port the OS just reported free; the tiny race until the child binds it is acceptable here. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, what: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`${what} exited before answering at ${url}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/**
 * Children run in their own process groups (detached) so one signal to the
 * group also reaches what they spawned themselves: wrangler starts workerd,
 * and an orphaned workerd would keep the port and the CPU busy.
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

  spawn(name: string, args: string[], env: Record<string, string>, logFile: string): ChildProcess {
    const fd = openSync(logFile, "a");
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", fd, fd],
      detached: true,
    });
    closeSync(fd); // the child has its own copy
    if (child.pid !== undefined) this.tellReaper(`group ${child.pid}`);
    this.list.push(child);
    this.names.set(child, name);
    return child;
  }

  /** Last resort for process "exit": synchronous, so it also runs when the event loop is done. */
  killNow(): void {
    // Only groups whose leader still runs: an old pid may belong to someone else by now.
    for (const c of this.list) if (c.pid !== undefined && c.exitCode === null && c.signalCode === null) signalGroup(c.pid, "SIGKILL");
  }

  /** SIGTERM each group, then SIGKILL whatever is still there after a grace period. */
  async stopAll(): Promise<void> {
    const running = this.list.filter((c) => c.pid !== undefined && c.exitCode === null && c.signalCode === null);
    const exited = running.map((c) => new Promise<void>((resolve) => c.once("exit", () => resolve())));
    for (const c of running) signalGroup(c.pid!, "SIGTERM");
    const graceful = await Promise.race([Promise.all(exited).then(() => true), sleep(5_000).then(() => false)]);
    // Even after a clean exit of the leader, grandchildren may linger in the group.
    for (const c of running) signalGroup(c.pid!, "SIGKILL");
    if (!graceful) await Promise.race([Promise.all(exited), sleep(2_000)]);
    // Wait until the groups are really gone, so "nothing left running" holds when we return.
    const deadline = Date.now() + 3_000;
    // Zombies do not count: they run nothing, and a container's pid 1 may never reap them.
    while (Date.now() < deadline && running.some((c) => groupMembers(c.pid!).some((p) => p.state !== "Z"))) await sleep(100);
    for (const c of running) this.tellReaper(`done ${c.pid!}`);
  }

  /** Process-group ids of the children, to attribute CPU time. */
  groups(): { pgid: number; label: string }[] {
    return this.list.filter((c) => c.pid !== undefined).map((c) => ({ pgid: c.pid!, label: this.names.get(c) ?? "?" }));
  }
}

interface ProcStat {
  pid: number;
  comm: string;
  pgid: number;
  /** R, S, D, Z, ... */
  state: string;
  /** user + system CPU seconds so far */
  cpu: number;
}

/** Linux /proc/<pid>/stat of every process; empty elsewhere. */
function procStats(): ProcStat[] {
  const out: ProcStat[] = [];
  let pids: string[] = [];
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const text = readFileSync(`/proc/${pid}/stat`, "utf8");
      // comm may contain spaces and parentheses; the fields after the last ")" are fixed.
      const close = text.lastIndexOf(")");
      const fields = text.slice(close + 2).split(" ");
      // state is field 3, pgrp 5, utime 14, stime 15 (1-based), so offsets 2, 11, 12 here.
      out.push({
        pid: Number(pid),
        comm: text.slice(text.indexOf("(") + 1, close),
        pgid: Number(fields[2]),
        state: fields[0] ?? "?",
        cpu: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS,
      });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** USER_HZ is 100 on every mainstream Linux build. */
const CLOCK_TICKS = 100;

function groupMembers(pgid: number): ProcStat[] {
  return procStats().filter((p) => p.pgid === pgid && p.pid > 0);
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

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
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
    const db = children.spawn("libSQL endpoint", ["--import", "tsx", "db/serve.ts"], { LIBSQL_FILE: join(dir, "bench.db"), LIBSQL_PORT: String(dbPort) }, join(dir, "libsql.log"));
    await waitFor(`${dbUrl}/health`, "the libSQL endpoint", 15_000, () => db.exitCode === null);
    step(`libSQL endpoint on ${dbUrl}`);

    await migrateDatabase({ url: dbUrl });
    const seeded = connect({ url: dbUrl });
    try {
      await seedDemoSalon(seeded.db, new Date());
    } finally {
      seeded.client.close();
    }
    const masterIds = await addBenchMasters(dbUrl, opts.masters);
    step(`migrated, seeded, ${masterIds.length} benchmark masters (ids ${masterIds[0]}..${masterIds[masterIds.length - 1]})`);

    const port = await freePort();
    const inspectorPort = await freePort();
    const worker = children.spawn(
      "wrangler",
      [
        "node_modules/wrangler/bin/wrangler.js", "dev",
        "--ip", HOST, "--port", String(port),
        "--inspector-port", String(inspectorPort),
        // Durable Object storage survives wrangler restarts; a private directory
        // keeps the ledgers of this run out of the next run and out of `npm start`.
        "--persist-to", join(dir, "wrangler-state"),
        "--var", "ENVIRONMENT:development",
        "--var", `TURSO_DATABASE_URL:${dbUrl}`,
        "--var", `JWT_SECRET:${randomBytes(32).toString("hex")}`,
        "--show-interactive-dev-session=false",
        // "log", not "warn": the Worker reports unhandled errors with console.log
        // (worker/index.ts), and those lines are what explains a 500.
        "--log-level", "log",
      ],
      { WRANGLER_SEND_METRICS: "false", CI: "1" },
      workerLogFile,
    );
    const baseUrl = `http://${HOST}:${port}`;
    await waitFor(`${baseUrl}/api/v1/health`, "wrangler dev", 90_000, () => worker.exitCode === null);
    step(`worker on ${baseUrl}`);

    return {
      baseUrl,
      dbUrl,
      masterIds,
      workerLog: () => {
        try {
          return readFileSync(workerLogFile, "utf8");
        } catch {
          return "";
        }
      },
      stop,
    };
  } catch (error) {
    const log = (() => {
      try {
        return readFileSync(workerLogFile, "utf8").split("\n").slice(-40).join("\n");
      } catch {
        return "";
      }
    })();
    await stop();
    if (log) console.error(`--- wrangler output (last lines) ---\n${log}`);
    throw error;
  }
}
