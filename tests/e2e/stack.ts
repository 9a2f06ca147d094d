// The real local stack for the browser tests: the libSQL endpoint over a temp
// file (in this process), migrated and seeded with the demo salon, and the
// Worker in workerd via scripts/wrangler-dev.mjs (own process group, killed in teardown, always).
// bench/stack.ts starts a similar stack, but it always adds benchmark
// masters (and unlinks master 1 from service 3) and takes no extra --var
// settings, which these tests need for YClients. The process plumbing both
// use is in tests/support/local-stack.ts.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalServer, type LocalServer } from "../../db/local-server";
import { freePort, HOST, killProcessGroup, migrateAndSeed, readLog, startWrangler, stopProcessGroups, waitForHealth } from "../support/local-stack";

export interface LocalStack {
  baseUrl: string;
  dbUrl: string;
  log(): string;
  /** Kills the libSQL endpoint (the Worker then answers 503 database_unavailable). */
  stopDatabase(): Promise<void>;
  /** Starts it again on the same port and file. */
  startDatabase(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the stack; `vars` are extra Worker variables (e.g. YClients settings). */
export async function startLocalStack(vars: Record<string, string> = {}): Promise<LocalStack> {
  const dir = mkdtempSync(join(tmpdir(), "salon-e2e-"));
  const logFile = join(dir, "wrangler.log");
  let db: LocalServer | undefined;
  let worker: ChildProcess | undefined;
  const onExit = () => worker && killProcessGroup(worker, "SIGKILL");
  process.once("exit", onExit);

  const stop = async () => {
    if (worker) await stopProcessGroups([worker]);
    process.removeListener("exit", onExit);
    await db?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    db = await startLocalServer({ file: join(dir, "e2e.db"), port: 0, host: HOST });
    const dbUrl = db.url;
    await migrateAndSeed(dbUrl);

    const port = await freePort();
    worker = await startWrangler({ port, dbUrl, vars, persistTo: join(dir, "wrangler-state"), logFile, debugLogFile: join(dir, "wrangler-debug.log") });
    const baseUrl = `http://${HOST}:${port}`;
    await waitForHealth(`${baseUrl}/api/v1/health`, 90_000, () => worker!.exitCode === null);
    const dbPort = db.port;
    const stopDatabase = async () => {
      await db?.close();
      db = undefined;
    };
    const startDatabase = async () => {
      db ??= await startLocalServer({ file: join(dir, "e2e.db"), port: dbPort, host: HOST });
    };
    return { baseUrl, dbUrl, log: () => readLog(logFile), stopDatabase, startDatabase, stop };
  } catch (error) {
    const tail = readLog(logFile, 40);
    await stop();
    if (tail) console.error(`--- wrangler output ---\n${tail}`);
    throw error;
  }
}
