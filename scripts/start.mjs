// `npm start`: the whole local stack. Builds the PWA, starts the local libSQL
// endpoint over data/local.db, migrates and (first run only) seeds it, then
// runs the Worker in workerd with `wrangler dev` (scripts/wrangler-dev.mjs:
// inspector off). Ctrl-C stops everything; the data stays in data/ for the
// next start.
// `npm start -- --yclients-sandbox` (or YCLIENTS_SANDBOX=1) also starts the
// development YClients sandbox (scripts/yclients-sandbox.ts) and turns the
// YClients channel on against it. The sandbox may be stopped on its own
// (its page has a button): the stack keeps running and falls back.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { devVapidKeys } from "./vapid-keys.mjs";
import { setTimeout as sleep } from "node:timers/promises";

const host = "127.0.0.1";
const port = Number(process.env.PORT ?? 8787);
const dbPort = Number(process.env.LIBSQL_PORT ?? 8080);
const dbFile = process.env.LIBSQL_FILE ?? "data/local.db";
const dbUrl = `http://${host}:${dbPort}`;
const dbToken = process.env.LIBSQL_AUTH_TOKEN ?? "";
const sandbox = process.argv.includes("--yclients-sandbox") || process.env.YCLIENTS_SANDBOX === "1";
const sandboxPort = Number(process.env.YCLIENTS_SANDBOX_PORT ?? 8790);
const children = [];
let stopping = false;

/**
 * Runs a long-lived child in its own process group. When it dies, the whole
 * stack stops, unless it is `optional` (the rest keeps running) or `restart`
 * is set: then it is started again after a backoff (0.5 s doubling to 10 s;
 * back to 0.5 s once it stayed up 30 s), so a crashed database endpoint costs
 * requests a few 503s, not the stack.
 */
function run(name, args, env = {}, { restart = false, optional = false } = {}) {
  let failures = 0;
  const start = () => {
    const startedAt = Date.now();
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit"],
      detached: true,
    });
    children.push(child);
    child.on("exit", (code, signal) => {
      children.splice(children.indexOf(child), 1);
      if (stopping) return;
      if (optional) {
        console.error(`${name} stopped (${signal ?? code}); the rest keeps running`);
        return;
      }
      if (!restart) {
        console.error(`${name} exited (${signal ?? code}); stopping the stack`);
        stop(1);
        return;
      }
      failures = Date.now() - startedAt > 30_000 ? 1 : failures + 1;
      const delay = Math.min(10_000, 500 * 2 ** (failures - 1));
      console.error(`${name} exited (${signal ?? code}); restarting it in ${delay / 1000} s`);
      setTimeout(() => stopping || start(), delay);
    });
    return child;
  };
  return start();
}

function runToEnd(name, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${name} failed with exit code ${code}`))));
  });
}

function stop(code = 0) {
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  }
  process.exitCode = code;
  // Give the children a moment to close their ports, then leave even if one hangs.
  setTimeout(() => process.exit(code), 1500);
}

async function waitFor(url, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/** A per-checkout secret, so sessions survive restarts without a shared default. */
function devSecret() {
  const file = "data/dev-jwt-secret";
  mkdirSync("data", { recursive: true });
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
process.on("SIGHUP", () => stop(0));

try {
  await runToEnd("PWA build", ["node_modules/vite/bin/vite.js", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
  run("libsql", ["--import", "tsx", "db/serve.ts"], { LIBSQL_FILE: dbFile, LIBSQL_PORT: String(dbPort) }, { restart: true });
  await waitFor(`${dbUrl}/health`, "the local libSQL endpoint", 15_000);
  await runToEnd("database setup", ["--import", "tsx", "db/setup.ts"], { TURSO_DATABASE_URL: dbUrl, TURSO_AUTH_TOKEN: dbToken });
  let yclientsVars = [];
  if (sandbox) {
    rmSync("data/yclients-sandbox.json", { force: true });
    run("YClients sandbox", ["--import", "tsx", "scripts/yclients-sandbox.ts"], { YCLIENTS_SANDBOX_PORT: String(sandboxPort), WORKER_URL: `http://${host}:${port}` }, { optional: true });
    await waitFor(`http://${host}:${sandboxPort}/__fake/requests`, "the YClients sandbox", 15_000);
    const { vars } = JSON.parse(readFileSync("data/yclients-sandbox.json", "utf8"));
    yclientsVars = Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]);
  }
  // Inspector off (scripts/wrangler-dev.mjs); wrangler's debug log goes to one
  // file under data/, emptied at each start, instead of a new file per run
  // under ~/.config/.wrangler/logs.
  mkdirSync("data", { recursive: true });
  writeFileSync("data/wrangler-debug.log", "");
  run("wrangler", [
    "scripts/wrangler-dev.mjs",
    "--ip", host, "--port", String(port),
    "--var", "ENVIRONMENT:development",
    "--var", `TURSO_DATABASE_URL:${dbUrl}`,
    "--var", `JWT_SECRET:${devSecret()}`,
    // Links in messages (manage a booking, review a visit) open this stack.
    "--var", `APP_URL:${process.env.APP_URL ?? `http://${host}:${port}`}`,
    ...(await devVapidKeys().then((k) => ["--var", `VAPID_PUBLIC_KEY:${k.publicKey}`, "--var", `VAPID_PRIVATE_KEY:${k.privateKey}`])),
    ...(dbToken ? ["--var", `TURSO_AUTH_TOKEN:${dbToken}`] : []),
    ...yclientsVars,
  ], { WRANGLER_SEND_METRICS: "false", WRANGLER_LOG_PATH: "data/wrangler-debug.log", WRANGLER_WATCH: "true" });
  await waitFor(`http://${host}:${port}/api/v1/health`, "the worker", 60_000);
  console.log(`\n  Salon booking is running: http://${host}:${port}\n  Sign-in codes (dev): http://${host}:${port}/api/v1/dev/outbox\n  Run the cron now: npm run cron${sandbox ? `\n  YClients sandbox: http://${host}:${sandboxPort}/__fake/` : ""}\n  Ctrl-C stops it.\n`);
} catch (error) {
  console.error(String(error instanceof Error ? error.message : error));
  stop(1);
}
