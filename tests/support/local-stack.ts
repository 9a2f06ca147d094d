// Process plumbing shared by the two private local stacks: bench/stack.ts
// (`npm run bench`) and tests/e2e/stack.ts (browser tests). Free ports,
// bounded health polling, child processes in their own process groups, and
// the Worker in workerd (scripts/wrangler-dev.mjs) started with --var settings, and the migrated demo database.
// What each stack adds to it, and which extra processes it runs, stays in its
// own file.
// scripts/start.mjs (`npm start`) runs before anything is built and keeps its
// own plain-JS copy.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, openSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { connect, migrateDatabase } from "../../db/migrate";
import { seedDemoSalon } from "../../db/seed";

export const HOST = "127.0.0.1";

/** A port the OS just reported free; the tiny race until the child binds it is acceptable here. */
export async function freePort(): Promise<number> {
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

/**
 * Polls `url` until it answers 2xx; throws once `alive()` turns false or after
 * `timeoutMs`. Each request is bounded too, so a half-open socket cannot
 * stretch the deadline.
 */
export async function waitForHealth(url: string, timeoutMs: number, alive: () => boolean, what = "the Worker"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`${what} exited before answering at ${url}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(Math.max(1, Math.min(2_000, deadline - Date.now()))) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200); // polling interval, bounded by the deadline
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s`);
}

const running = (child: ChildProcess) => child.pid !== undefined && child.exitCode === null && child.signalCode === null;

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is already gone
  }
}

/**
 * Signals the child's whole process group (it was spawned detached, so it
 * leads one), but only while the leader still runs: later, its pid may belong
 * to someone else. Synchronous, so it also serves a process "exit" hook.
 */
export function killProcessGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (running(child)) signalGroup(child.pid!, signal);
}

/**
 * Runs `node <args>` in its own process group (detached), so one signal to
 * the group also reaches what it spawns itself: wrangler starts workerd, and
 * an orphaned workerd would keep the port and the CPU busy. Output goes to
 * `logFile` (appended) or, without one, to ours.
 */
export function spawnGroup(args: string[], env: Record<string, string> = {}, logFile?: string): ChildProcess {
  const fd = logFile === undefined ? undefined : openSync(logFile, "a");
  try {
    return spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: fd === undefined ? ["ignore", "inherit", "inherit"] : ["ignore", fd, fd],
      detached: true,
    });
  } finally {
    if (fd !== undefined) closeSync(fd); // the child has its own copy
  }
}

export interface WranglerOptions {
  port: number;
  /** The libSQL endpoint, as TURSO_DATABASE_URL. */
  dbUrl: string;
  /** More Worker variables (`--var NAME:value`), after and over the defaults. */
  vars?: Record<string, string>;
  /** Durable Object storage; a private directory keeps one run's ledgers out of the next. */
  persistTo?: string;
  logFile?: string;
  /** Where wrangler's debug log goes (a file ending in .log); default ~/.config/.wrangler/logs. */
  debugLogFile?: string;
}

/**
 * The Worker (scripts/wrangler-dev.mjs: the bundle in Miniflare) on HOST:port in its own process group, in development mode
 * with a fresh random JWT secret. Returns at once; see waitForHealth.
 */
export async function startWrangler(opts: WranglerOptions): Promise<ChildProcess> {
  const vars: Record<string, string> = {
    ENVIRONMENT: "development",
    TURSO_DATABASE_URL: opts.dbUrl,
    JWT_SECRET: randomBytes(32).toString("hex"),
    // Links in messages open this stack.
    APP_URL: `http://${HOST}:${opts.port}`,
    ...opts.vars,
  };
  return spawnGroup(
    [
      // The Worker with the DevTools inspector off: it costs CPU on every
      // subrequest and fills wrangler's debug log (see the script).
      "scripts/wrangler-dev.mjs",
      "--ip", HOST, "--port", String(opts.port),
      ...(opts.persistTo === undefined ? [] : ["--persist-to", opts.persistTo]),
      ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
      // "log", not "warn": the Worker reports unhandled errors with console.log
      // (worker/index.ts), and those lines are what explains a 500.
      "--log-level", "log",
    ],
    {
      WRANGLER_SEND_METRICS: "false",
      CI: "1",
      // wrangler appends every debug line to a log file; next to the stack's own log, not in ~/.config.
      ...(opts.debugLogFile === undefined ? {} : { WRANGLER_LOG_PATH: opts.debugLogFile }),
    },
    opts.logFile,
  );
}

/**
 * SIGTERM each child's group, SIGKILL whatever is still there after a grace
 * period, then wait (bounded) until the groups are really gone, so "nothing
 * left running" holds when this returns. Returns the children it stopped
 * (those whose group still ran something when called).
 */
export async function stopProcessGroups(children: ChildProcess[], graceMs = 5_000): Promise<ChildProcess[]> {
  // A leader that exited on its own may have left workerd behind; while its
  // group has members, its pid cannot have been handed out again.
  const live = children.filter((c) => running(c) || (c.pid !== undefined && groupMembers(c.pid).some((p) => p.state !== "Z")));
  const exited = live.map((c) => new Promise<void>((resolve) => (running(c) ? c.once("exit", () => resolve()) : resolve())));
  for (const c of live) signalGroup(c.pid!, "SIGTERM");
  const graceful = await Promise.race([Promise.all(exited).then(() => true), sleep(graceMs).then(() => false)]);
  // Even after a clean exit of the leader, grandchildren (workerd) may linger in the group.
  for (const c of live) signalGroup(c.pid!, "SIGKILL");
  if (!graceful) await Promise.race([Promise.all(exited), sleep(2_000)]);
  const deadline = Date.now() + 3_000;
  // Zombies do not count: they run nothing, and a container's pid 1 may never reap them.
  while (Date.now() < deadline && live.some((c) => groupMembers(c.pid!).some((p) => p.state !== "Z"))) await sleep(100);
  return live;
}

export interface ProcStat {
  pid: number;
  comm: string;
  pgid: number;
  /** R, S, D, Z, ... */
  state: string;
  /** user + system CPU seconds so far */
  cpu: number;
}

/** USER_HZ is 100 on every mainstream Linux build. */
const CLOCK_TICKS = 100;

/** Linux /proc/<pid>/stat of every process in group `pgid`; empty elsewhere. */
export function groupMembers(pgid: number): ProcStat[] {
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
      // state is field 3, pgrp 5, utime 14, stime 15 (1-based), so offsets 0, 2, 11, 12 here.
      if (Number(fields[2]) !== pgid) continue;
      out.push({
        pid: Number(pid),
        comm: text.slice(text.indexOf("(") + 1, close),
        pgid,
        state: fields[0] ?? "?",
        cpu: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS,
      });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** Migrates the database behind a fresh libSQL endpoint and seeds the demo salon. */
export async function migrateAndSeed(dbUrl: string): Promise<void> {
  await migrateDatabase({ url: dbUrl });
  const seeded = connect({ url: dbUrl });
  try {
    await seedDemoSalon(seeded.db, new Date());
  } finally {
    seeded.client.close();
  }
}

/** The last `lines` lines of a log file, or all of it; "" when there is none yet. */
export function readLog(file: string, lines?: number): string {
  try {
    const text = readFileSync(file, "utf8");
    return lines === undefined ? text : text.split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}
