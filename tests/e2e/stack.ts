// The real local stack for the browser tests: the libSQL endpoint over a temp
// file (in this process), migrated and seeded with the demo salon, and the
// Worker in `wrangler dev` (own process group, killed in teardown, always).
// bench/stack.ts starts a similar stack, but it always adds benchmark
// masters (and unlinks master 1 from service 3) and takes no extra --var
// settings, which these tests need for YClients.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, closeSync, openSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startLocalServer, type LocalServer } from "../../db/local-server";
import { connect, migrateDatabase } from "../../db/migrate";
import { seedDemoSalon } from "../../db/seed";

const HOST = "127.0.0.1";

export interface LocalStack {
  baseUrl: string;
  dbUrl: string;
  log(): string;
  stop(): Promise<void>;
}

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

async function waitForHealth(url: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`wrangler dev exited before answering at ${url}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200); // polling interval, bounded by the deadline
  }
  throw new Error(`wrangler dev did not answer at ${url} within ${timeoutMs / 1000} s`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Starts the stack; `vars` are extra Worker variables (e.g. YClients settings). */
export async function startLocalStack(vars: Record<string, string> = {}): Promise<LocalStack> {
  const dir = mkdtempSync(join(tmpdir(), "salon-e2e-"));
  const logFile = join(dir, "wrangler.log");
  let db: LocalServer | undefined;
  let worker: ChildProcess | undefined;
  const onExit = () => worker && killGroup(worker, "SIGKILL");
  process.once("exit", onExit);

  const stop = async () => {
    if (worker) {
      const exited = new Promise<void>((resolve) => (worker!.exitCode !== null || worker!.signalCode !== null ? resolve() : worker!.once("exit", () => resolve())));
      killGroup(worker, "SIGTERM");
      const clean = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
      killGroup(worker, "SIGKILL"); // workerd children may outlive wrangler
      if (!clean) await Promise.race([exited, sleep(2_000)]);
    }
    process.removeListener("exit", onExit);
    await db?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    db = await startLocalServer({ file: join(dir, "e2e.db"), port: 0, host: HOST });
    const dbUrl = db.url;
    await migrateDatabase({ url: dbUrl });
    const seeded = connect({ url: dbUrl });
    try {
      await seedDemoSalon(seeded.db, new Date());
    } finally {
      seeded.client.close();
    }

    const port = await freePort();
    const extra = Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
    const fd = openSync(logFile, "a");
    worker = spawn(
      process.execPath,
      [
        "node_modules/wrangler/bin/wrangler.js", "dev",
        "--ip", HOST, "--port", String(port),
        "--inspector-port", String(await freePort()),
        "--persist-to", join(dir, "wrangler-state"),
        "--var", "ENVIRONMENT:development",
        "--var", `TURSO_DATABASE_URL:${dbUrl}`,
        "--var", `JWT_SECRET:${randomBytes(32).toString("hex")}`,
        ...extra,
        "--show-interactive-dev-session=false",
        "--log-level", "log",
      ],
      { env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" }, stdio: ["ignore", fd, fd], detached: true },
    );
    closeSync(fd);
    const baseUrl = `http://${HOST}:${port}`;
    await waitForHealth(`${baseUrl}/api/v1/health`, 90_000, () => worker!.exitCode === null);
    return {
      baseUrl,
      dbUrl,
      log: () => {
        try {
          return readFileSync(logFile, "utf8");
        } catch {
          return "";
        }
      },
      stop,
    };
  } catch (error) {
    let tail = "";
    try {
      tail = readFileSync(logFile, "utf8").split("\n").slice(-40).join("\n");
    } catch {
      // no log yet
    }
    await stop();
    if (tail) console.error(`--- wrangler output ---\n${tail}`);
    throw error;
  }
}
